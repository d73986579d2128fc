// Benchmark (not a test): search latency over an ingested store (run bench-ingest --keep first,
// or point at the server's store). Prints p50/p95 for lexical (in-process BM25 and SQL BM25),
// vector (HNSW) and query embedding, plus Recall@10 for lexical/vector when a question set with gold is given.
// Usage: tsx packages/retrieval/scripts/bench-store.ts (--data-dir DIR | --database-url URL [--schema S]) [--questions FILE] [--sql-lexical]
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createOfflineEmbeddings } from "../src/embeddings/offline-embeddings.ts";
import { SqlStore, openStore } from "../src/store/sql-store.ts";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const { values } = parseArgs({
  options: {
    "database-url": { type: "string" },
    schema: { type: "string" },
    "data-dir": { type: "string" },
    questions: { type: "string" },
    "sql-lexical": { type: "boolean", default: false },
    limit: { type: "string", default: "200" },
  },
});
const embeddings = createOfflineEmbeddings();
const store = await openStore({
  ...(values["database-url"] ? { databaseUrl: values["database-url"], ...(values.schema ? { schema: values.schema } : {}) } : { dataDir: values["data-dir"] ?? path.join(repoRoot, ".data/pglite") }),
  dimensions: embeddings.dimensions,
  embeddingModel: embeddings.model,
});
type Q = { id: string; question: string; gold?: Array<{ law: string; article: number }> };
const qfile = values.questions ?? path.join(repoRoot, "corpora/retrieval-eval/questions.jsonl");
const questions: Q[] = readFileSync(qfile, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Q).slice(0, Number(values.limit));
const stats = await store.stats();
console.log(`backend ${store.backend}: ${stats.articles} articles, size ${(stats.sizeBytes / 1024 / 1024).toFixed(1)} MiB; ${questions.length} queries from ${path.relative(repoRoot, qfile)}`);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;
const report = (name: string, xs: number[]) => console.log(`${name.padEnd(22)} p50 ${pct(xs, 0.5).toFixed(1)} ms  p95 ${pct(xs, 0.95).toFixed(1)} ms`);
const recall = (hits: Array<{ law: string; article: number }>, gold: Q["gold"]) =>
  gold?.length ? (gold.some((g) => hits.some((h) => h.law === g.law && h.article === g.article)) ? 1 : 0) : NaN;

let t = performance.now();
await store.warmup();
console.log(`warm-up (lexical index build) ${(performance.now() - t).toFixed(0)} ms`);
const sqlStore = values["sql-lexical"] ? new SqlStore(store.db, store.backend, { dimensions: store.dimensions, embeddingModel: store.embeddingModel, memoryLexicalIndex: false }) : null;
if (sqlStore) await sqlStore.warmup();

const times = { lexical: [] as number[], sqlLexical: [] as number[], embed: [] as number[], vector: [] as number[] };
const hitsAt10 = { lexical: [] as number[], vector: [] as number[] };
for (const q of questions) {
  t = performance.now();
  const lex = await store.lexicalSearchStatutes(q.question, { k: 10 });
  times.lexical.push(performance.now() - t);
  if (sqlStore) {
    t = performance.now();
    await sqlStore.lexicalSearchStatutes(q.question, { k: 10 });
    times.sqlLexical.push(performance.now() - t);
  }
  t = performance.now();
  const v = await embeddings.embedQuery(q.question);
  times.embed.push(performance.now() - t);
  t = performance.now();
  const vec = await store.vectorSearchStatutes(v, { k: 10 });
  times.vector.push(performance.now() - t);
  hitsAt10.lexical.push(recall(lex, q.gold));
  hitsAt10.vector.push(recall(vec, q.gold));
}
report("lexical (in-process)", times.lexical);
if (sqlStore) report("lexical (SQL BM25)", times.sqlLexical);
report("query embedding", times.embed);
report("vector (HNSW)", times.vector);
const mean = (xs: number[]) => { const v = xs.filter((x) => !Number.isNaN(x)); return v.length ? (v.reduce((a, b) => a + b, 0) / v.length).toFixed(3) : "n/a"; };
console.log(`hit@10 (any gold article in top 10): lexical ${mean(hitsAt10.lexical)}, vector ${mean(hitsAt10.vector)}`);
await store.close();
