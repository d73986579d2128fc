import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DISPUTE_TYPES } from "../schema/codes.ts";
import { MediateError } from "../errors/mediate-error.ts";
import { defaultTaxonomyDir, loadTaxonomy, readTaxonomy } from "./load-taxonomy.ts";

const FILES = ["contested-points.json", "dispute-types.json", "risk-signals.json", "negation.json"];

function copyWith(edit: (file: string, json: Record<string, unknown>) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), "taxonomy-"));
  for (const f of FILES) {
    const json = JSON.parse(readFileSync(path.join(defaultTaxonomyDir(), f), "utf8")) as Record<string, unknown>;
    edit(f, json);
    writeFileSync(path.join(dir, f), JSON.stringify(json));
  }
  return dir;
}

describe("loadTaxonomy", () => {
  it("has all 24 dispute types with their exact names", () => {
    const t = loadTaxonomy();
    expect(t.types.types.map((x) => [x.code, x.name])).toEqual(DISPUTE_TYPES.map((x) => [x.code, x.name]));
  });

  it("has 50–70 contested points with unique stable codes, including the ones colleagues rely on", () => {
    const t = loadTaxonomy();
    expect(t.points.length).toBeGreaterThanOrEqual(50);
    expect(t.points.length).toBeLessThanOrEqual(70);
    for (const code of [
      "drinking", "domestic-violence", "child-custody", "child-support", "property-division", "wage-arrears",
      "work-injury", "loan-repayment", "interest-rate", "water-leak", "noise", "freight-fee", "elderly-support",
      "household-split", "property-damage", "homestead-boundary",
    ]) {
      expect(t.pointByCode.has(code), code).toBe(true);
    }
  });

  it("gives every type but 其他 cues and typical points, and every point a law", () => {
    const t = loadTaxonomy();
    for (const ty of t.types.types.filter((x) => x.code !== "other")) {
      expect(ty.cues.strong.length, ty.code).toBeGreaterThan(5);
      expect(ty.points.length, ty.code).toBeGreaterThan(0);
      expect(ty.articles.length, ty.code).toBeGreaterThan(0);
    }
    for (const p of t.points) expect(p.articles.length, p.code).toBeGreaterThan(0);
  });

  it("is cached", () => {
    expect(loadTaxonomy()).toBe(loadTaxonomy());
  });

  it("rejects a type that lists an unknown point", () => {
    const dir = copyWith((f, json) => {
      if (f !== "dispute-types.json") return;
      const types = json["types"] as Array<{ points: Array<{ code: string; weight: number }> }>;
      types[0]?.points.push({ code: "no-such-point", weight: 1 });
    });
    expect(() => readTaxonomy(dir)).toThrow(/unknown point no-such-point/);
  });

  it("rejects a broken regular expression with a MediateError naming the file", () => {
    const dir = copyWith((f, json) => {
      if (f !== "contested-points.json") return;
      const points = json["points"] as Array<{ cues: { patterns: string[] } }>;
      points[0]?.cues.patterns.push("(unclosed");
    });
    try {
      readTaxonomy(dir);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(MediateError);
      expect(String((e as Error).message)).toMatch(/contested-points\.json/);
    }
  });

  it("rejects a renamed dispute type", () => {
    const dir = copyWith((f, json) => {
      if (f !== "dispute-types.json") return;
      const types = json["types"] as Array<{ name: string }>;
      if (types[1]) types[1].name = "邻居纠纷";
    });
    expect(() => readTaxonomy(dir)).toThrow(/neighbor/);
  });

  it("reads a copy of the files unchanged", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "taxonomy-"));
    for (const f of FILES) copyFileSync(path.join(defaultTaxonomyDir(), f), path.join(dir, f));
    expect(readTaxonomy(dir).points.length).toBe(loadTaxonomy().points.length);
  });
});
