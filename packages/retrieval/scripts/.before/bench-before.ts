// Temporary: times the committed (before) hybrid search with the same protocol as bench-search.ts.
import { readFileSync } from "node:fs";
import { createEmbeddingsFromEnv } from "./src/embeddings/create-embeddings.ts";
import { createRetrieval } from "./src/search/create-retrieval.ts";
import { openStore } from "./src/store/sql-store.ts";
const qs = readFileSync("corpora/retrieval-eval/questions.jsonl", "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l).question as string);
const embeddings = await createEmbeddingsFromEnv(process.env);
const store = await openStore({ dataDir: process.argv[2]!, dimensions: embeddings.dimensions, embeddingModel: embeddings.model });
let t = performance.now(); await store.warmup(); console.log("warmup", Math.round(performance.now() - t));
const r = createRetrieval({ store, embeddings });
for (const q of qs.slice(0, 20)) await r.searchStatutes(q, { k: 10 });
const wall: number[] = [], cpu: number[] = [];
for (const q of qs) { const c0 = process.cpuUsage(); const t0 = performance.now(); await r.searchStatutes(q, { k: 10 }); wall.push(performance.now() - t0); const c = process.cpuUsage(c0); cpu.push((c.user + c.system) / 1000); }
const p = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.ceil(q / 100 * xs.length) - 1]!.toFixed(1);
console.log(`before: wall p50 ${p(wall, 50)} p95 ${p(wall, 95)} p99 ${p(wall, 99)}; cpu p50 ${p(cpu, 50)} p95 ${p(cpu, 95)}`);
// understanding alone
const { createQueryUnderstander } = await import("./src/search/understand-query.ts");
const u = createQueryUnderstander(); t = performance.now(); for (const q of qs) u(q); console.log("understand mean", ((performance.now() - t) / qs.length).toFixed(2));
await store.close();
