import { DISPUTE_TYPE_CODES } from "@mediate/core";
import { readTaxonomy } from "@mediate/core/taxonomy/load-taxonomy.ts";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { defaultPlaybookDir, loadPlaybooks } from "./playbooks.ts";

const taxonomy = readTaxonomy();
const pointCodes = taxonomy.points.map((p) => p.code);
const temps: string[] = [];
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

function copyDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "playbooks-"));
  temps.push(dir);
  cpSync(defaultPlaybookDir(), dir, { recursive: true });
  return dir;
}

describe("playbooks", () => {
  it("cover all 24 dispute types and every contested point, with valid codes", () => {
    const playbooks = loadPlaybooks(undefined, { pointCodes });
    expect([...playbooks.byType.keys()].sort()).toEqual([...DISPUTE_TYPE_CODES].sort());
    for (const code of pointCodes) expect(playbooks.points.get(code)?.talk.length).toBeGreaterThan(10);
  });

  it("name types exactly as codes.ts", () => {
    const playbooks = loadPlaybooks();
    for (const [code, pb] of playbooks.byType) expect(pb.name).toBe(taxonomy.typeByCode.get(code)?.name);
  });

  it("reject an unknown department code, naming the file", () => {
    const dir = copyDir();
    const file = path.join(dir, "labor.json");
    const pb = JSON.parse(readFileSync(file, "utf8"));
    pb.departments.push({ code: "ministry-of-magic", why: "x" });
    writeFileSync(file, JSON.stringify(pb));
    expect(() => loadPlaybooks(dir)).toThrow(/labor\.json is invalid: departments\.\d+\.code/);
  });

  it("reject a talking point for a contested point that does not exist", () => {
    const dir = copyDir();
    const file = path.join(dir, "neighbor.json");
    const pb = JSON.parse(readFileSync(file, "utf8"));
    pb.talkingPoints["flying-saucer"] = "不存在的争议焦点";
    writeFileSync(file, JSON.stringify(pb));
    expect(() => loadPlaybooks(dir, { pointCodes })).toThrow(/unknown contested-point code\(s\): flying-saucer/);
  });

  it("reject a missing playbook", () => {
    const dir = copyDir();
    rmSync(path.join(dir, "tourism.json"));
    expect(() => loadPlaybooks(dir)).toThrow(/No playbook for dispute type\(s\): tourism/);
  });
});
