// Guards the labelled corpus (corpora/eval): every line valid, every code known, every gold
// article present in the shared statute corpus, and the coverage the issue asks for.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DISPUTE_TYPE_CODES } from "@mediate/core";
import { defaultPaths } from "../paths.ts";
import { CaseItemSchema, type CaseItem } from "../suites/case-item.ts";
import { loadCaseItems, loadSuite, parseJsonl } from "../suites/suite-loader.ts";
import { loadPointArticleLinks } from "./point-links.ts";
import { loadStatuteIndex } from "./statute-index.ts";

const paths = defaultPaths(process.env);
const corpusDir = path.join(paths.repoRoot, "corpora/eval");
let items: CaseItem[] = [];

beforeAll(async () => {
  const files = (await readdir(corpusDir)).filter((f) => f.endsWith(".jsonl"));
  for (const f of files) {
    const { items: ok, invalid } = parseJsonl(await readFile(path.join(corpusDir, f), "utf8"), CaseItemSchema, f);
    expect(invalid, `invalid lines in ${f}`).toEqual([]);
    items.push(...ok);
  }
});

describe("labelled case corpus", () => {
  it("has at least 300 items with unique ids", () => {
    expect(items.length).toBeGreaterThanOrEqual(300);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
  });

  it("covers every dispute type with at least 10 items, more for the common ones", () => {
    const count = (t: string) => items.filter((i) => i.type === t).length;
    for (const t of DISPUTE_TYPE_CODES) expect(count(t), t).toBeGreaterThanOrEqual(10);
    for (const t of ["marriage-family", "neighbor", "labor", "private-lending", "property-management", "traffic"]) {
      expect(count(t), t).toBeGreaterThanOrEqual(14);
    }
  });

  it("mixes mediator narratives (200–800 chars) and short visitor questions about half and half", () => {
    const narratives = items.filter((i) => i.form === "narrative");
    expect(narratives.length / items.length).toBeGreaterThan(0.4);
    expect(narratives.length / items.length).toBeLessThan(0.6);
    for (const n of narratives) expect(n.text.length, n.id).toBeGreaterThanOrEqual(200);
    for (const n of narratives) expect(n.text.length, n.id).toBeLessThanOrEqual(800);
    for (const q of items.filter((i) => i.form === "question")) expect(q.text.length, q.id).toBeLessThan(200);
  });

  it("has at least 15% deliberately hard items of each kind", () => {
    const hard = items.filter((i) => i.tags?.includes("hard"));
    expect(hard.length / items.length).toBeGreaterThanOrEqual(0.15);
    for (const kind of ["multi", "negation", "traditional", "dialect", "typo"]) {
      expect(items.filter((i) => i.tags?.includes(kind)).length, kind).toBeGreaterThanOrEqual(10);
    }
  });

  it("uses only contested-point codes that exist in corpora/taxonomy", async () => {
    const { codes } = await loadPointArticleLinks(paths.repoRoot);
    expect(codes.size).toBeGreaterThan(0);
    const unknown = items.flatMap((i) => i.points.filter((p) => !codes.has(p)).map((p) => `${i.id}:${p}`));
    expect(unknown).toEqual([]);
  });

  it("cites only articles that exist in the shared statute corpus", async () => {
    const index = await loadStatuteIndex(paths.corpusDir);
    const missing = items.flatMap((i) => i.articles.filter((a) => !index.has(a.law, a.article)).map((a) => `${i.id}: ${a.law} ${a.article}`));
    expect(missing).toEqual([]);
    expect(items.every((i) => i.articles.length > 0)).toBe(true);
  });

  it("keeps a small smoke suite with one item per dispute type", async () => {
    const { items: smoke } = await loadCaseItems(await loadSuite("smoke", paths.repoRoot), paths);
    expect(smoke.length).toBe(DISPUTE_TYPE_CODES.length);
    expect(new Set(smoke.map((i) => i.type)).size).toBe(DISPUTE_TYPE_CODES.length);
  });
});
