// Prints counts over the statute corpus: files, articles, levels, versions, problems.
// Usage: tsx packages/retrieval/scripts/survey-corpus.ts [DIR]
import { readFile } from "node:fs/promises";
import path from "node:path";
import { listLawFiles } from "../src/statutes/corpus-files.ts";
import { markSuperseded, parseStatuteFile, type ParsedLaw } from "../src/statutes/statute-parser.ts";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const dir = process.argv[2] ?? process.env.MEDIATE_CORPUS_DIR ?? path.resolve(repoRoot, "../shared/corpora/laws");
const files = await listLawFiles(dir);
const laws: ParsedLaw[] = [];
const problems: string[] = [];
for (const f of files) {
  const r = parseStatuteFile(f, await readFile(path.join(dir, f), "utf8"));
  if (r.success) laws.push(r.value);
  else problems.push(`${r.error.file}:${r.error.line}: ${r.error.message}`);
}
markSuperseded(laws);
const articles = laws.flatMap((l) => l.articles);
const count = <T>(xs: T[], key: (x: T) => string) =>
  Object.fromEntries([...xs.reduce((m, x) => m.set(key(x), (m.get(key(x)) ?? 0) + 1), new Map<string, number>())].sort());
console.log(`corpus: ${dir}`);
console.log(`files: ${files.length}, parsed: ${laws.length}, skipped: ${problems.length}`);
console.log(`articles: ${articles.length}, with 之N: ${articles.filter((a) => a.articleSub).length}`);
console.log("laws by level:", count(laws, (l) => l.level));
console.log("articles by level:", count(articles, (a) => a.level));
console.log(`laws without version: ${laws.filter((l) => !l.version).length}`);
console.log(`superseded laws: ${laws.filter((l) => l.articles[0]?.superseded).length}, articles: ${articles.filter((a) => a.superseded).length}`);
const lens = articles.map((a) => a.text.length).sort((a, b) => a - b);
console.log(`article length p50/p95/max: ${lens[Math.floor(lens.length / 2)]}/${lens[Math.floor(lens.length * 0.95)]}/${lens.at(-1)}`);
console.log(`skipped files:\n${problems.map((p) => "  " + p).join("\n")}`);
