// Every article the taxonomy names must exist in the statute corpus: headings `# 全称` and
// article lines `第…条` are parsed directly from the markdown files. The corpus is present
// in CI (../shared); a missing corpus is a failure, not a skip.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readTaxonomy, type ArticleRef } from "./load-taxonomy.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const corpusDir = process.env["MEDIATE_CORPUS_DIR"] ?? path.resolve(repoRoot, "../shared/corpora/laws");

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 第一千零八十四条 → 1084 (article numbers stay below 10,000). */
function chineseToInt(s: string): number {
  let total = 0;
  let digit = 0;
  for (const ch of s) {
    if (ch in DIGITS) digit = DIGITS[ch] as number;
    else if (ch in UNITS) {
      total += (digit || 1) * (UNITS[ch] as number);
      digit = 0;
    }
  }
  return total + digit;
}

function listMarkdown(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listMarkdown(full));
    else if (name.endsWith(".md")) out.push(full);
  }
  return out;
}

/** Law title → article numbers, over every version of the law in the corpus. */
function indexCorpus(dir: string): Map<string, Set<number>> {
  const index = new Map<string, Set<number>>();
  for (const file of listMarkdown(dir)) {
    const text = readFileSync(file, "utf8");
    const heading = /^# (.+)$/m.exec(text);
    if (!heading?.[1]) continue;
    const title = heading[1].trim();
    let set = index.get(title);
    if (!set) index.set(title, (set = new Set()));
    for (const m of text.matchAll(/^第([零〇一二两三四五六七八九十百千]+)条/gm)) set.add(chineseToInt(m[1] as string));
  }
  return index;
}

describe("taxonomy article references", () => {
  it("finds the statute corpus", () => {
    expect(statSync(corpusDir, { throwIfNoEntry: false })?.isDirectory(), `statute corpus missing at ${corpusDir}`).toBe(true);
  });

  it("converts article numerals", () => {
    expect(chineseToInt("一千零八十四")).toBe(1084);
    expect(chineseToInt("十")).toBe(10);
    expect(chineseToInt("二十三")).toBe(23);
    expect(chineseToInt("二百九十一")).toBe(291);
  });

  it("every referenced law and article exists in the corpus", () => {
    const index = indexCorpus(corpusDir);
    const t = readTaxonomy();
    const refs: Array<{ where: string; ref: ArticleRef }> = [
      ...t.points.flatMap((p) => p.articles.map((ref) => ({ where: `point ${p.code}`, ref }))),
      ...t.types.types.flatMap((ty) => ty.articles.map((ref) => ({ where: `type ${ty.code}`, ref }))),
    ];
    expect(refs.length).toBeGreaterThan(100);
    const missing = refs.filter(({ ref }) => !index.get(ref.law)?.has(ref.article)).map(({ where, ref }) => `${where}: ${ref.law} 第${ref.article}条`);
    expect(missing).toEqual([]);
    const laws = t.types.types.flatMap((ty) => ty.laws.map((law) => ({ type: ty.code, law })));
    expect(laws.filter(({ law }) => !index.has(law))).toEqual([]);
  });
});
