// Retrieval quality on corpora/retrieval-eval/questions.jsonl: Recall@10 (≥1 gold article in
// the top 10, and the share of all gold articles found) and MRR@10, for a plain BM25 baseline
// (the raw question), lexical (expanded query), vector and hybrid, per split.
//
//   pnpm exec tsx packages/retrieval/scripts/eval-retrieval.ts [--ingest] [--data-dir DIR |
//     --database-url URL] [--corpus-dir DIR] [--split dev|test] [--modes bm25,lexical,vector,hybrid]
//     [--weights lexical=1,vector=1,prior=1,typeLaws=0.5] [--json FILE] [--failures]
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { openStore } from "../src/store/sql-store.ts";
import { ingestStatutes } from "../src/ingest/ingest-statutes.ts";
import { createEmbeddingsFromEnv } from "../src/embeddings/create-embeddings.ts";
import { createRetrieval, type FusionWeights } from "../src/search/create-retrieval.ts";
import { REPO_ROOT } from "../src/search/open-retrieval.ts";
import type { StatuteHit } from "../src/types.ts";

type Question = { id: string; question: string; gold: Array<{ law: string; article: number }>; split: "dev" | "test" };
type Mode = "bm25" | "lexical" | "vector" | "hybrid";
type Metrics = { n: number; hit: number; recall: number; mrr: number };

const { values } = parseArgs({
  options: {
    ingest: { type: "boolean", default: false },
    "data-dir": { type: "string" },
    "database-url": { type: "string" },
    "corpus-dir": { type: "string" },
    questions: { type: "string" },
    split: { type: "string" },
    modes: { type: "string", default: "bm25,lexical,vector,hybrid" },
    weights: { type: "string" },
    k: { type: "string", default: "10" },
    json: { type: "string" },
    failures: { type: "boolean", default: false },
  },
});

const K = Number(values.k);
const questionsPath = values.questions ?? path.join(REPO_ROOT, "corpora/retrieval-eval/questions.jsonl");
const questions = readFileSync(questionsPath, "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Question)
  .filter((q) => !values.split || q.split === values.split);
const modes = values.modes.split(",") as Mode[];
const weights: Partial<FusionWeights> = Object.fromEntries(
  (values.weights ?? "").split(",").filter(Boolean).map((kv) => {
    const [k, v] = kv.split("=");
    return [k, Number(v)];
  }),
);

const env = process.env;
const embeddings = await createEmbeddingsFromEnv(env);
const databaseUrl = values["database-url"] ?? env.MEDIATE_DATABASE_URL;
const dataDir = values["data-dir"] ?? env.MEDIATE_DATA_DIR ?? path.join(REPO_ROOT, ".data", "pglite");
const store = await openStore({
  ...(databaseUrl ? { databaseUrl } : { dataDir }),
  dimensions: embeddings.dimensions,
  embeddingModel: embeddings.model,
});
if (values.ingest) {
  const corpusDir = values["corpus-dir"] ?? env.MEDIATE_CORPUS_DIR ?? path.resolve(REPO_ROOT, "../shared/corpora/laws");
  let last = 0;
  const report = await ingestStatutes({
    store,
    embeddings,
    corpusDir,
    onProgress: (p) => {
      if (p.filesDone - last >= 100 || p.filesDone === p.filesTotal) {
        last = p.filesDone;
        process.stderr.write(`ingest ${p.filesDone}/${p.filesTotal} files, ${p.articlesWritten} articles\n`);
      }
    },
  });
  process.stderr.write(`ingest done in ${(report.durationMs / 1000).toFixed(1)} s: ${report.articlesWritten} written, ${report.skipped.length} files skipped\n`);
}
const retrieval = createRetrieval({ store, embeddings, weights });
const stats = await store.stats();
process.stderr.write(`store: ${stats.backend}, ${stats.articles} articles, ${stats.embeddedArticles} embedded (${stats.embeddingModel})\n`);

async function run(mode: Mode, q: Question): Promise<StatuteHit[]> {
  if (mode === "bm25") return store.lexicalSearchStatutes(q.question, { k: K });
  return retrieval.searchStatutes(q.question, { k: K, mode });
}

const goldRank = (hits: StatuteHit[], g: { law: string; article: number }) =>
  hits.findIndex((h) => h.law === g.law && h.article === g.article && h.articleSub === undefined) + 1;

const results: Record<string, Record<string, Metrics>> = {};
const failures: string[] = [];
for (const mode of modes) {
  const started = Date.now();
  for (const q of questions) {
    const hits = await run(mode, q);
    const ranks = q.gold.map((g) => goldRank(hits, g)).filter((r) => r > 0);
    const first = ranks.length ? Math.min(...ranks) : 0;
    for (const split of [q.split, "all"]) {
      const m = ((results[mode] ??= {})[split] ??= { n: 0, hit: 0, recall: 0, mrr: 0 });
      m.n++;
      m.hit += first > 0 ? 1 : 0;
      m.recall += ranks.length / q.gold.length;
      m.mrr += first > 0 ? 1 / first : 0;
    }
    if (values.failures && mode === "hybrid" && first === 0) {
      failures.push(`${q.id} [${q.split}] ${q.question}\n   gold: ${q.gold.map((g) => g.law.slice(-8) + g.article).join(" ")}\n   got:  ${hits.slice(0, 5).map((h) => h.law.slice(-8) + h.article).join(" ")}`);
    }
  }
  process.stderr.write(`${mode}: ${questions.length} questions in ${Date.now() - started} ms\n`);
}

const fmt = (x: number) => x.toFixed(3);
const lines = [`| mode | split | n | Recall@${K} (≥1 gold) | Recall@${K} (all gold) | MRR@${K} |`, "| --- | --- | --- | --- | --- | --- |"];
for (const mode of modes) {
  for (const split of ["dev", "test", "all"]) {
    const m = results[mode]?.[split];
    if (m) lines.push(`| ${mode} | ${split} | ${m.n} | ${fmt(m.hit / m.n)} | ${fmt(m.recall / m.n)} | ${fmt(m.mrr / m.n)} |`);
  }
}
process.stdout.write(lines.join("\n") + "\n");
if (failures.length) process.stdout.write("\nhybrid misses:\n" + failures.join("\n") + "\n");
if (values.json) writeFileSync(values.json, JSON.stringify({ k: K, embeddingModel: embeddings.model, weights, results }, null, 2));
await store.close();
