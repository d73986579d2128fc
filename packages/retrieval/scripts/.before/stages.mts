import { readFileSync } from "node:fs";
import { openStore } from "../../src/store/sql-store.ts";
import { createOfflineEmbeddings } from "../../src/embeddings/offline-embeddings.ts";
import { createQueryUnderstander } from "../../src/search/understand-query.ts";
const qs = readFileSync("corpora/retrieval-eval/questions.jsonl", "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l).question as string);
const e = createOfflineEmbeddings({ dimensions: 256 });
const store = await openStore({ dataDir: ".data/perf-256", dimensions: 256, embeddingModel: e.model });
await store.warmup();
const u = createQueryUnderstander();
const tot: Record<string, number> = {};
const T = async <X>(name: string, fn: () => X | Promise<X>) => { const c = process.cpuUsage(); const x = await fn(); const d = process.cpuUsage(c); tot[name] = (tot[name] ?? 0) + (d.user + d.system) / 1000; return x; };
for (const q of qs.slice(0, 20)) { const x = u(q); await store.rankStatutesLexical(x.expandedText, { k: 50 }); await store.rankStatutesVector(await e.embedQuery(x.text), { k: 50 }); }
for (const q of qs) {
  const x = await T("understand", () => u(q));
  await T("lexical", () => store.rankStatutesLexical(x.expandedText, { k: 50 }));
  if (x.typeLaws.length) await T("typeLaws", () => store.rankStatutesLexical(x.expandedText, { k: 50, laws: x.typeLaws }));
  const v = await T("embed", () => e.embedQuery(x.text));
  await T("vector", () => store.rankStatutesVector(v, { k: 50 }));
  await T("prior", () => store.findArticleRefs(x.priorRefs.slice(0, 50)));
  await T("fetch", () => store.statutesByIds([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => i * 997)));
}
console.log(Object.entries(tot).map(([k, v]) => `${k} ${(v / qs.length).toFixed(2)}`).join(", "));
await store.close();
