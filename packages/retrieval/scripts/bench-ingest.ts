// Benchmark (not a test): full-corpus statute ingest into a fresh store, then a re-ingest (no-op).
// Usage: tsx packages/retrieval/scripts/bench-ingest.ts [--corpus DIR] [--database-url URL [--schema NAME]] [--data-dir DIR]
//          [--max-files N] [--dimensions N (offline embeddings, default 1024)] [--keep]
// Prints ingest time, article counts, index size. PostgreSQL runs in a fresh schema that is dropped afterwards.
import { mkdtemp, rm, cp, mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createOfflineEmbeddings } from "../src/embeddings/offline-embeddings.ts";
import { ingestStatutes } from "../src/ingest/ingest-statutes.ts";
import { listLawFiles } from "../src/statutes/corpus-files.ts";
import { openStore } from "../src/store/sql-store.ts";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const { values } = parseArgs({
  options: {
    corpus: { type: "string" },
    "database-url": { type: "string" },
    "data-dir": { type: "string" },
    "max-files": { type: "string" },
    keep: { type: "boolean", default: false },
    dimensions: { type: "string" },
    schema: { type: "string" },
  },
});
let corpusDir = values.corpus ?? process.env.MEDIATE_CORPUS_DIR ?? path.resolve(repoRoot, "../shared/corpora/laws");
const tmp = await mkdtemp(path.join(os.tmpdir(), "mediate-bench-ingest-"));
if (values["max-files"]) {
  // A prefix of the corpus, copied to a temp dir, for quick runs.
  const files = (await listLawFiles(corpusDir)).slice(0, Number(values["max-files"]));
  const sub = path.join(tmp, "corpus");
  for (const f of files) {
    await mkdir(path.dirname(path.join(sub, f)), { recursive: true });
    await cp(path.join(corpusDir, f), path.join(sub, f));
  }
  corpusDir = sub;
}
const embeddings = createOfflineEmbeddings(values.dimensions ? { dimensions: Number(values.dimensions) } : {});
const databaseUrl = values["database-url"];
const schema = databaseUrl ? (values.schema ?? `bench_${process.pid}`) : undefined;
const dataDir = databaseUrl ? undefined : (values["data-dir"] ?? path.join(tmp, "pglite"));
const store = await openStore({
  ...(databaseUrl ? { databaseUrl, schema } : { dataDir }),
  dimensions: embeddings.dimensions,
  embeddingModel: embeddings.model,
});
console.log(`backend: ${store.backend}, embeddings: ${embeddings.model} (${embeddings.dimensions} dims), corpus: ${corpusDir}`);
let last = 0;
const t0 = performance.now();
const c0 = process.cpuUsage();
const first = await ingestStatutes({
  store,
  embeddings,
  corpusDir,
  onProgress: (p) => {
    if (p.filesDone - last >= 200) {
      last = p.filesDone;
      console.log(`  ${p.filesDone}/${p.filesTotal} files, ${p.articlesWritten} articles, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  },
});
const t1 = performance.now();
const c1 = process.cpuUsage(c0);
const second = await ingestStatutes({ store, embeddings, corpusDir });
const t2 = performance.now();
const stats = await store.stats();
console.log(`first ingest: ${((t1 - t0) / 1000).toFixed(1)} s wall, ${((c1.user + c1.system) / 1e6).toFixed(1)} s CPU of this process — ${first.parsed} files parsed, ${first.skipped.length} skipped, ${first.articlesWritten} articles written`);
console.log(`re-ingest: ${((t2 - t1) / 1000).toFixed(1)} s — ${second.articlesWritten} articles written, ${second.articlesDeleted} deleted, ${second.unchangedFiles} files unchanged`);
console.log(`store: ${stats.articles} articles (${stats.embeddedArticles} embedded) from ${stats.laws} files; size ${(stats.sizeBytes / 1024 / 1024).toFixed(1)} MiB`);
if (schema && !values.keep) await store.db.query(`DROP SCHEMA ${schema} CASCADE`);
await store.close();
// tmp holds the PGlite data only when no --data-dir was given.
const keepTmp = values.keep && !databaseUrl && !values["data-dir"];
if (!keepTmp) await rm(tmp, { recursive: true, force: true });
if (values.keep) console.log(databaseUrl ? `kept schema: ${schema}` : `kept data dir: ${dataDir}`);
