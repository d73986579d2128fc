// The shipped demonstration cases: valid records, every cited article exists in the corpus.
import { readFileSync } from "node:fs";
import path from "node:path";
import { DISPUTE_TYPE_CODES } from "@mediate/core";
import { beforeAll, describe, expect, it } from "vitest";
import { listLawFiles } from "../statutes/corpus-files.ts";
import { parseStatuteFile } from "../statutes/statute-parser.ts";
import type { CaseRecord } from "../types.ts";
import { parseCaseJsonl } from "./case-record.ts";

const repoRoot = path.resolve(import.meta.dirname, "../../../..");
const corpus = process.env.MEDIATE_CORPUS_DIR ?? path.resolve(repoRoot, "../shared/corpora/laws");
const demoFile = path.join(repoRoot, "corpora/cases/demo-cases.jsonl");
const pointCodes = new Set(
  (JSON.parse(readFileSync(path.join(repoRoot, "corpora/taxonomy/contested-points.json"), "utf8")) as { points: Array<{ code: string }> }).points.map((p) => p.code),
);

describe("corpora/cases/demo-cases.jsonl", () => {
  let records: CaseRecord[];
  const articles = new Set<string>();
  beforeAll(async () => {
    const parsed = parseCaseJsonl(readFileSync(demoFile, "utf8"), "demo");
    expect(parsed.problems).toEqual([]);
    records = parsed.records;
    for (const f of await listLawFiles(corpus)) {
      const r = parseStatuteFile(f, readFileSync(path.join(corpus, f), "utf8"));
      if (r.success) for (const a of r.value.articles) articles.add(`${a.law}#${a.article}`);
    }
  });

  it("has at least 60 cases covering every dispute type", () => {
    expect(records.length).toBeGreaterThanOrEqual(60);
    const types = new Set(records.map((r) => r.typeCode));
    expect(DISPUTE_TYPE_CODES.filter((c) => !types.has(c))).toEqual([]);
  });

  it("narratives are 150–400 characters and ids unique", () => {
    for (const r of records) expect([r.id, [...r.narrative].length >= 150 && [...r.narrative].length <= 400]).toEqual([r.id, true]);
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
  });

  it("uses only contested-point codes from the taxonomy", () => {
    const unknown = records.flatMap((r) => r.points.filter((p) => !pointCodes.has(p)).map((p) => `${r.id}:${p}`));
    expect(unknown).toEqual([]);
  });

  it("cites only articles that exist in the corpus, by full title", () => {
    const missing = records.flatMap((r) => r.statutes.filter((s) => !articles.has(`${s.law}#${s.article}`)).map((s) => `${r.id}: ${s.law} ${s.article}`));
    expect(missing).toEqual([]);
    expect(records.every((r) => r.statutes.length > 0 && r.plan.length > 0 && r.outcome.length > 0)).toBe(true);
  });
});
