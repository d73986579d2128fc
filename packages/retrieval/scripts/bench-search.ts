// Benchmark (not a test): the real hybrid Retrieval.searchStatutes (k = 10) over the questions of
// corpora/retrieval-eval/questions.jsonl, after a warm-up, on PGlite or PostgreSQL. Prints wall
// p50/p95/p99, process CPU time per query (the machine is shared, so wall time alone misleads)
// and the mean wall time of each stage.
//
//   node --import tsx packages/retrieval/scripts/bench-search.ts --data-dir .data/DIR
//   node --import tsx packages/retrieval/scripts/bench-search.ts --database-url URL --schema NAME
//   options: [--rounds N] [--warmup N] [--k 10] [--mode hybrid|lexical|vector] [--sql-lexical] [--json FILE]
// Embeddings come from MEDIATE_EMBEDDINGS* (offline: MEDIATE_EMBEDDINGS_DIMENSIONS must match the store).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createEmbeddingsFromEnv } from "../src/embeddings/create-embeddings.ts";
import { createRetrieval, type SearchStage } from "../src/search/create-retrieval.ts";
import { REPO_ROOT } from "../src/search/open-retrieval.ts";
import { openStore } from "../src/store/sql-store.ts";
import type { StatuteSearchMode } from "../src/types.ts";

const { values } = parseArgs({
  options: {
    "data-dir": { type: "string" },
    "database-url": { type: "string" },
    schema: { type: "string" },
    questions: { type: "string" },
    rounds: { type: "string", default: "1" },
    warmup: { type: "string", default: "20" },
    k: { type: "string", default: "10" },
    mode: { type: "string", default: "hybrid" },
    "sql-lexical": { type: "boolean", default: false },
    json: { type: "string" },
  },
});

const questions = readFileSync(values.questions ?? path.join(REPO_ROOT, "corpora/retrieval-eval/questions.jsonl"), "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => (JSON.parse(l) as { question: string }).question);
const embeddings = await createEmbeddingsFromEnv(process.env);
const databaseUrl = values["database-url"];
if (!databaseUrl && !values["data-dir"]) throw new Error("give --data-dir DIR (PGlite) or --database-url URL [--schema NAME]");

const tOpen = performance.now();
const store = await openStore({
  ...(databaseUrl ? { databaseUrl, ...(values.schema ? { schema: values.schema } : {}) } : { dataDir: values["data-dir"] as string }),
  dimensions: embeddings.dimensions,
  embeddingModel: embeddings.model,
  memoryLexicalIndex: !values["sql-lexical"],
});
const openMs = performance.now() - tOpen;
const tWarm = performance.now();
await store.warmup();
const warmupMs = performance.now() - tWarm;

const stageTotals = new Map<SearchStage, number>();
let recording = false;
const retrieval = createRetrieval({
  store,
  embeddings,
  onStage: (stage, ms) => {
    if (recording) stageTotals.set(stage, (stageTotals.get(stage) ?? 0) + ms);
  },
});
const k = Number(values.k);
const mode = values.mode as StatuteSearchMode;
const search = (q: string) => retrieval.searchStatutes(q, { k, mode });

for (const q of questions.slice(0, Number(values.warmup))) await search(q);

const wall: number[] = [];
const cpu: number[] = [];
recording = true;
for (let round = 0; round < Number(values.rounds); round++) {
  for (const q of questions) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await search(q);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
}
recording = false;

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const pct = (xs: number[], p: number) => sorted(xs)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)] ?? NaN;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
const f = (x: number) => x.toFixed(1);
const stats = await store.stats();
const result = {
  backend: store.backend,
  embeddingModel: embeddings.model,
  articles: stats.articles,
  storeMiB: Math.round(stats.sizeBytes / 1024 / 1024),
  mode,
  lexical: values["sql-lexical"] ? "sql" : "memory",
  queries: wall.length,
  openMs: Math.round(openMs),
  warmupMs: Math.round(warmupMs),
  wallMs: { p50: pct(wall, 50), p95: pct(wall, 95), p99: pct(wall, 99), mean: mean(wall) },
  cpuMs: { p50: pct(cpu, 50), p95: pct(cpu, 95), mean: mean(cpu) },
  stageMeanMs: Object.fromEntries([...stageTotals].map(([s, ms]) => [s, ms / wall.length])),
};
console.log(
  `${result.backend} ${result.embeddingModel}, ${result.articles} articles, store ${result.storeMiB} MiB, ${mode}, lexical ${result.lexical}; ` +
    `open ${result.openMs} ms, warm-up (lexical index) ${result.warmupMs} ms`,
);
console.log(`${wall.length} queries: wall p50 ${f(result.wallMs.p50)} / p95 ${f(result.wallMs.p95)} / p99 ${f(result.wallMs.p99)} / mean ${f(result.wallMs.mean)} ms`);
console.log(`CPU per query: p50 ${f(result.cpuMs.p50)} / p95 ${f(result.cpuMs.p95)} / mean ${f(result.cpuMs.mean)} ms (this process${store.backend === "postgres" ? "; server CPU not included" : ""})`);
console.log(`stage means (ms, wall; lexical = both BM25 lists): ${[...stageTotals].map(([s, ms]) => `${s} ${f(ms / wall.length)}`).join(", ")}`);
if (values.json) writeFileSync(values.json, JSON.stringify(result, null, 2));
await store.close();
