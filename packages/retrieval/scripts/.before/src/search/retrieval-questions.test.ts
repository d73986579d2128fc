// The labelled retrieval question set (corpora/retrieval-eval/questions.jsonl) is well formed
// and every gold article exists in a current version of its law in the shared corpus.
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DISPUTE_TYPE_CODES } from "@mediate/core";
import { listLawFiles } from "../statutes/corpus-files.ts";
import { markSuperseded, parseStatuteFile, type ParsedLaw } from "../statutes/statute-parser.ts";
import { REPO_ROOT } from "./open-retrieval.ts";
import { toSimplified } from "./normalize-query.ts";
import { CORPUS_DIR } from "./retrieval.case.ts";

type Question = { id: string; question: string; gold: Array<{ law: string; article: number }>; split: string; type?: string };

const questions = readFileSync(path.join(REPO_ROOT, "corpora/retrieval-eval/questions.jsonl"), "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Question);

describe("retrieval question set", () => {
  it("has at least 180 unique everyday questions, about a third dev and the rest test", () => {
    expect(questions.length).toBeGreaterThanOrEqual(180);
    expect(new Set(questions.map((q) => q.id)).size).toBe(questions.length);
    expect(new Set(questions.map((q) => q.question)).size).toBe(questions.length);
    const dev = questions.filter((q) => q.split === "dev").length;
    const test = questions.filter((q) => q.split === "test").length;
    expect(dev + test).toBe(questions.length);
    expect(dev / questions.length).toBeGreaterThan(0.25);
    expect(dev / questions.length).toBeLessThan(0.4);
  });

  it("covers every dispute type and includes traditional-character questions", () => {
    const types = new Set(questions.map((q) => q.type));
    for (const code of DISPUTE_TYPE_CODES) expect(types.has(code), code).toBe(true);
    expect(questions.filter((q) => toSimplified(q.question) !== q.question.normalize("NFKC")).length).toBeGreaterThanOrEqual(5);
  });

  it("names gold articles that exist in a current version of the law", async () => {
    const files = await listLawFiles(CORPUS_DIR);
    const wanted = new Set(questions.flatMap((q) => q.gold.map((g) => g.law)));
    // The title is the first heading; read it cheaply and parse only the files needed.
    const byTitle = new Map<string, ParsedLaw[]>();
    for (const f of files) {
      const content = await readFile(path.join(CORPUS_DIR, f), "utf8");
      const title = /^#\s+(.+?)\s*$/m.exec(content)?.[1];
      if (!title || !wanted.has(title)) continue;
      const parsed = parseStatuteFile(f, content);
      if (parsed.success) byTitle.set(parsed.value.law, [...(byTitle.get(parsed.value.law) ?? []), parsed.value]);
    }
    const missing: string[] = [];
    for (const q of questions) {
      for (const g of q.gold) {
        const laws = byTitle.get(g.law) ?? [];
        markSuperseded(laws);
        const found = laws.some((l) => l.articles.some((a) => a.article === g.article && a.articleSub === undefined && !a.superseded));
        if (!found) missing.push(`${q.id}: ${g.law} 第${g.article}条`);
      }
    }
    expect(missing).toEqual([]);
  });
});
