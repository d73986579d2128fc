// Statute ingest: resumable (per-file content hash in ingest_progress), idempotent (unchanged
// files are skipped, unchanged articles are neither re-embedded nor rewritten), batched.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Embeddings, StatuteArticle } from "../types.ts";
import type { Store, StatuteRow } from "../store/types.ts";
import { listLawFiles } from "../statutes/corpus-files.ts";
import { markSuperseded, parseStatuteFile, sha256, type ParsedLaw, type ParseProblem } from "../statutes/statute-parser.ts";

export type StatuteIngestProgress = {
  filesDone: number;
  filesTotal: number;
  articlesWritten: number;
  /** Source just finished (or skipped). */
  source: string;
};

export type StatuteIngestOptions = {
  store: Store;
  embeddings: Embeddings;
  corpusDir: string;
  onProgress?: (p: StatuteIngestProgress) => void;
  /** Stops between batches (resume later picks up where it stopped). */
  signal?: AbortSignal;
  /** Articles per embedding + insert batch. */
  batchSize?: number;
  /** Changed articles from which the search indexes are dropped and rebuilt (default 5000). */
  bulkThreshold?: number;
};

export type StatuteIngestReport = {
  files: number;
  parsed: number;
  skipped: ParseProblem[];
  unchangedFiles: number;
  changedFiles: number;
  articlesWritten: number;
  articlesDeleted: number;
  removedFiles: number;
  aborted: boolean;
  durationMs: number;
};

/** The text a statute is embedded from: law, chapter and the article itself. */
export function statuteEmbeddingText(a: Pick<StatuteArticle, "shortTitle" | "chapterPath" | "text">): string {
  const chapter = a.chapterPath.at(-1);
  return `${a.shortTitle}${chapter ? " " + chapter : ""}：${a.text}`;
}

const articleKey = (a: { article: number; articleSub?: number }) => `${a.article}.${a.articleSub ?? 0}`;

type PendingFile = { law: ParsedLaw; rows: Array<StatuteArticle & { contentHash: string }>; keep: Array<{ law: string; article: number; articleSub?: number }> };

export async function ingestStatutes(opts: StatuteIngestOptions): Promise<StatuteIngestReport> {
  const started = Date.now();
  const { store, embeddings, corpusDir } = opts;
  const batchSize = opts.batchSize ?? 256;
  const files = await listLawFiles(corpusDir);
  const laws: ParsedLaw[] = [];
  const skipped: ParseProblem[] = [];
  for (const file of files) {
    const result = parseStatuteFile(file, await readFile(path.join(corpusDir, file), "utf8"));
    if (result.success) laws.push(result.value);
    else skipped.push(result.error);
  }
  // Superseded needs the whole corpus; stored flags are corrected by refreshSuperseded at the end.
  markSuperseded(laws);

  const progress = await store.getIngestProgress("statutes");
  const report: StatuteIngestReport = {
    files: files.length,
    parsed: laws.length,
    skipped,
    unchangedFiles: 0,
    changedFiles: 0,
    articlesWritten: 0,
    articlesDeleted: 0,
    removedFiles: 0,
    aborted: false,
    durationMs: 0,
  };
  let filesDone = skipped.length;
  const tell = (source: string) =>
    opts.onProgress?.({ filesDone, filesTotal: files.length, articlesWritten: report.articlesWritten, source });

  const changed = laws.filter((l) => progress.get(l.source)?.contentHash !== l.fileHash);
  const changedArticles = changed.reduce((n, l) => n + l.articles.length, 0);
  const run = () => ingestParsed(laws, opts, progress, report, tell, () => filesDone++, batchSize);
  // Rebuilding the search indexes once beats maintaining them for thousands of rows.
  if (changedArticles >= (opts.bulkThreshold ?? 5000)) await store.bulkLoad(run);
  else await run();
  report.durationMs = Date.now() - started;
  return report;
}

async function ingestParsed(
  laws: ParsedLaw[],
  opts: StatuteIngestOptions,
  progress: Map<string, { contentHash: string }>,
  report: StatuteIngestReport,
  tell: (source: string) => void,
  fileDone: () => void,
  batchSize: number,
): Promise<void> {
  const { store, embeddings } = opts;
  let pending: PendingFile[] = [];
  let pendingArticles = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const rows = pending.flatMap((p) => p.rows);
    const vectors = rows.length ? await embeddings.embedDocuments(rows.map(statuteEmbeddingText)) : [];
    const withVectors: StatuteRow[] = rows.map((r, i) => ({ ...r, embedding: vectors[i] ?? null }));
    await store.upsertStatutes(withVectors);
    for (const p of pending) {
      report.articlesDeleted += await store.deleteStatutesBySource(p.law.source, p.keep);
      await store.setIngestProgress("statutes", { source: p.law.source, contentHash: p.law.fileHash, articles: p.law.articles.length });
      fileDone();
      tell(p.law.source);
    }
    report.articlesWritten += rows.length;
    pending = [];
    pendingArticles = 0;
  };

  for (const law of laws) {
    if (opts.signal?.aborted) {
      report.aborted = true;
      break;
    }
    if (progress.get(law.source)?.contentHash === law.fileHash) {
      report.unchangedFiles++;
      fileDone();
      tell(law.source);
      continue;
    }
    report.changedFiles++;
    // Only articles whose content changed are embedded and written.
    const existing = new Map((await store.listArticlesBySource(law.source)).map((a) => [articleKey(a), a.contentHash]));
    const rows = law.articles.filter((a) => existing.get(articleKey(a)) !== a.contentHash);
    const keep = law.articles.map((a) => ({ law: a.law, article: a.article, ...(a.articleSub ? { articleSub: a.articleSub } : {}) }));
    pending.push({ law, rows, keep });
    pendingArticles += rows.length;
    if (pendingArticles >= batchSize) await flush();
  }
  if (!report.aborted) {
    await flush();
    // Files gone from the corpus (or now malformed) lose their articles.
    const present = new Set(laws.map((l) => l.source));
    for (const source of progress.keys()) {
      if (present.has(source)) continue;
      report.articlesDeleted += await store.deleteStatutesBySource(source);
      await store.db.query("DELETE FROM ingest_progress WHERE kind = 'statutes' AND source = $1", [source]);
      report.removedFiles++;
    }
    await store.refreshSuperseded();
  } else {
    await flush();
  }
}

/** sha256 of a string, for callers that track their own inputs. */
export const contentHash = sha256;
