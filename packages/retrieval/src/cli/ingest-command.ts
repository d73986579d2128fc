// `mediate ingest statutes [DIR] | cases FILE | typical-cases [DIR]`
// Storage: MEDIATE_DATABASE_URL (PostgreSQL + pgvector) or MEDIATE_DATA_DIR (PGlite, default <repo>/.data/pglite).
// Embeddings: createEmbeddingsFromEnv (offline default).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { isMediateError } from "@mediate/core";
import { createEmbeddingsFromEnv } from "../embeddings/create-embeddings.ts";
import { ingestCasesFromJsonl, ingestTypicalCases, type CaseIngestReport } from "../ingest/ingest-cases.ts";
import { ingestStatutes } from "../ingest/ingest-statutes.ts";
import { openStore } from "../store/sql-store.ts";
import type { Store } from "../store/types.ts";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");

const USAGE = `用法 / usage:
  mediate ingest statutes [DIR]     导入法规库（默认 MEDIATE_CORPUS_DIR 或 <repo>/../shared/corpora/laws）
  mediate ingest cases FILE         导入案例 JSONL（每行一个 CaseRecord）
  mediate ingest typical-cases [DIR] 导入法规库 案例/ 目录下的典型案例
options: --quiet (no progress bar)
env: MEDIATE_DATABASE_URL | MEDIATE_DATA_DIR, MEDIATE_EMBEDDINGS (offline|openai|ollama), MEDIATE_CORPUS_DIR`;

export function defaultCorpusDir(env: Record<string, string | undefined> = process.env): string {
  return env.MEDIATE_CORPUS_DIR ?? path.resolve(REPO_ROOT, "../shared/corpora/laws");
}

export function storageFromEnv(env: Record<string, string | undefined> = process.env): { databaseUrl?: string; dataDir?: string } {
  if (env.MEDIATE_DATABASE_URL) return { databaseUrl: env.MEDIATE_DATABASE_URL };
  return { dataDir: env.MEDIATE_DATA_DIR ?? path.join(REPO_ROOT, ".data/pglite") };
}

async function openFromEnv(): Promise<{ store: Store; embeddings: Awaited<ReturnType<typeof createEmbeddingsFromEnv>> }> {
  const embeddings = await createEmbeddingsFromEnv(process.env);
  const store = await openStore({ ...storageFromEnv(), dimensions: embeddings.dimensions, embeddingModel: embeddings.model });
  return { store, embeddings };
}

const err = (s: string) => process.stderr.write(s + "\n");
const out = (s: string) => process.stdout.write(s + "\n");

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { quiet: { type: "boolean", default: false }, help: { type: "boolean", short: "h" } } });
  } catch (e) {
    err(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const [what, target] = parsed.positionals;
  if (parsed.values.help || !what) {
    (parsed.values.help ? out : err)(USAGE);
    return parsed.values.help ? 0 : 2;
  }
  const quiet = parsed.values.quiet || !process.stderr.isTTY;
  try {
    switch (what) {
      case "statutes":
        return await runStatutes(target ?? defaultCorpusDir(), quiet);
      case "cases":
        if (!target) {
          err(`mediate ingest cases: 缺少 FILE 参数\n${USAGE}`);
          return 2;
        }
        return await runCases((store, embeddings) => ingestCasesFromJsonl({ store, embeddings, file: target }));
      case "typical-cases":
        return await runCases((store, embeddings) => ingestTypicalCases({ store, embeddings, corpusDir: target ?? defaultCorpusDir() }));
      default:
        err(`mediate ingest: 未知对象 "${what}"\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    if (isMediateError(e)) {
      err(`错误 (${e.code}): ${e.message}`);
      return e.code === "corpus_not_found" || e.code === "not_found" || e.code === "invalid_input" ? 2 : 1;
    }
    throw e;
  }
}

async function runStatutes(corpusDir: string, quiet: boolean): Promise<number> {
  const { store, embeddings } = await openFromEnv();
  const bar = quiet
    ? null
    : new cliProgress.SingleBar(
        { format: "法规导入 [{bar}] {percentage}% | {value}/{total} 文件 | {articles} 条 | {eta_formatted}", stream: process.stderr, hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
  let started = false;
  const controller = new AbortController();
  // Ctrl-C stops after the current batch; the next run resumes.
  const onSigint = () => controller.abort();
  process.once("SIGINT", onSigint);
  try {
    const report = await ingestStatutes({
      store,
      embeddings,
      corpusDir,
      signal: controller.signal,
      onProgress: (p) => {
        if (!bar) return;
        if (!started) {
          bar.start(p.filesTotal, p.filesDone, { articles: p.articlesWritten });
          started = true;
        } else bar.update(p.filesDone, { articles: p.articlesWritten });
      },
    });
    bar?.stop();
    for (const s of report.skipped) err(`跳过 ${s.file}:${s.line}: ${s.message}`);
    out(
      `${report.aborted ? "已中断（再次运行将继续）" : "完成"}：${report.files} 个文件，解析 ${report.parsed}，跳过 ${report.skipped.length}；` +
        `未变化 ${report.unchangedFiles}，更新 ${report.changedFiles}；写入 ${report.articlesWritten} 条，删除 ${report.articlesDeleted} 条；` +
        `用时 ${(report.durationMs / 1000).toFixed(1)} 秒`,
    );
    // Build (and snapshot) the lexical index now, so the next `mediate search` starts in seconds.
    if (!report.aborted && report.articlesWritten + report.articlesDeleted > 0) await store.warmup();
    const stats = await store.stats();
    out(`库中共 ${stats.articles} 条法条（${stats.backend}，嵌入模型 ${stats.embeddingModel}）`);
    return report.aborted ? 130 : 0;
  } finally {
    process.removeListener("SIGINT", onSigint);
    bar?.stop();
    await store.close();
  }
}

async function runCases(fn: (store: Store, embeddings: Awaited<ReturnType<typeof createEmbeddingsFromEnv>>) => Promise<CaseIngestReport>): Promise<number> {
  const { store, embeddings } = await openFromEnv();
  try {
    const report = await fn(store, embeddings);
    for (const p of report.problems) err(`第 ${p.line} 行无效，已跳过：${p.message}`);
    for (const s of report.skippedFiles) err(`跳过 ${s}`);
    out(
      `导入案例 ${report.cases} 件；无效行 ${report.problems.length}；跳过文件 ${report.skippedFiles.length}` +
        (report.droppedCitations ? `；去掉库中不存在的引用 ${report.droppedCitations} 条` : ""),
    );
    const stats = await store.stats();
    out(`库中共 ${stats.cases} 件案例`);
    return 0;
  } finally {
    await store.close();
  }
}
