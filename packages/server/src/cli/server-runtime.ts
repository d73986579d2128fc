// Process wiring for `mediate serve`: opens retrieval (PGlite or PostgreSQL), the server
// state on the same client, the recommender (LLM-wrapped when configured), starts
// listening at once and — when the store is empty or an ingest was interrupted — ingests
// the statute corpus and the demo cases in the background while /readyz reports progress.
import { analyzeCase } from "@mediate/core/analyze/analyze-case.ts";
import { caseEmbeddingText, ingestCasesFromJsonl, ingestTypicalCases } from "@mediate/retrieval/ingest/ingest-cases.ts";
import { ingestStatutes } from "@mediate/retrieval/ingest/ingest-statutes.ts";
import { openRetrievalFromEnv, REPO_ROOT, type Env } from "@mediate/retrieval/search/open-retrieval.ts";
import type { HybridRetrieval } from "@mediate/retrieval/search/create-retrieval.ts";
import type { Retrieval } from "@mediate/retrieval/types.ts";
import { serve, type ServerType } from "@hono/node-server";
import { existsSync } from "node:fs";
import path from "node:path";
import type { AppSettings, IngestStatus, Logger } from "../http/app-types.ts";
import { createApp, jsonLogger } from "../http/create-app.ts";
import { recommenderFromSettings } from "../llm/create-chat-model.ts";
import { llmSettingsFromEnv } from "../llm/llm-settings.ts";
import { createArticleCache } from "../recommendation/article-cache.ts";
import { createRecommender } from "../recommendation/create-recommender.ts";
import type { Recommender } from "../recommendation/types.ts";
import { createServerState } from "../state/create-server-state.ts";
import { readMeta, STATUTE_INGEST_MARK, writeMeta, type IngestMark } from "../state/server-meta.ts";
import type { ServerState } from "../state/types.ts";

export type RuntimeOptions = {
  env?: Env;
  port?: number;
  host?: string;
  /** Ingest in the background when needed (default true unless MEDIATE_INGEST_ON_START=0). */
  ingest?: boolean;
  logger?: Logger;
};

export type Runtime = {
  url: string;
  port: number;
  retrieval: HybridRetrieval;
  state: ServerState;
  recommender: Recommender;
  ingestStatus(): IngestStatus;
  /** Resolves when the background ingest (if any) has ended. */
  ingestDone: Promise<void>;
  close(): Promise<void>;
};

const flag = (v: string | undefined, fallback: boolean) => (v === undefined || v === "" ? fallback : ["1", "true", "yes", "on"].includes(v.toLowerCase()));

function intEnv(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

/** 30 s; with the LLM on, long enough for every attempt plus the offline fallback. */
function defaultRequestTimeout(env: Env): number {
  const llm = llmSettingsFromEnv(env);
  return llm ? Math.max(30_000, llm.timeoutMs * (llm.retries + 1) + 10_000) : 30_000;
}

export function appSettingsFromEnv(env: Env): Partial<AppSettings> {
  return {
    bodyLimitBytes: intEnv(env, "MEDIATE_BODY_LIMIT_BYTES", 256 * 1024),
    anonymousRatePerMinute: intEnv(env, "MEDIATE_RATE_ANON_PER_MIN", 60),
    keyRatePerMinute: intEnv(env, "MEDIATE_RATE_KEY_PER_MIN", 1200),
    corsOrigins: (env.MEDIATE_CORS_ORIGINS ?? "").split(",").map((s) => s.trim()).filter(Boolean),
    publicRead: flag(env.MEDIATE_PUBLIC_READ, false),
    trustProxy: flag(env.MEDIATE_TRUST_PROXY, false),
    auditText: flag(env.MEDIATE_AUDIT_TEXT, false),
    requestTimeoutMs: intEnv(env, "MEDIATE_REQUEST_TIMEOUT_MS", defaultRequestTimeout(env)),
    logRequests: flag(env.MEDIATE_LOG_REQUESTS, true),
  };
}

export function sharedDir(env: Env): string {
  return env.MEDIATE_SHARED_DIR || path.resolve(REPO_ROOT, "../shared");
}

/** The offline recommender, wrapped by the LLM one when MEDIATE_LLM_* switches it on. */
export function createRecommenderFromEnv(env: Env, retrieval: Retrieval, log: Logger): Recommender {
  const offline = createRecommender({ retrieval });
  const llm = llmSettingsFromEnv(env);
  if (llm) log({ msg: "llm assistance on", provider: llm.provider, model: llm.model });
  return recommenderFromSettings(llm, offline, {
    getArticle: createArticleCache(retrieval),
    logger: { warn: (message, details) => log({ level: "warn", msg: message, ...details }) },
  });
}

/**
 * Whether the statute corpus still needs an ingest: the store is empty, or an ingest started
 * by a server was interrupted (its mark in server_meta still says "running").
 */
/** Waits `ms`, or less when `signal` aborts; leaves no listener behind either way. */
function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    timer.unref();
    signal.addEventListener("abort", done, { once: true });
  });
}

async function needsIngest(retrieval: HybridRetrieval): Promise<boolean> {
  const stats = await retrieval.stats();
  if (stats.articles === 0) return true;
  const mark = await readMeta<IngestMark>(retrieval.store.db, STATUTE_INGEST_MARK);
  return mark?.state === "running";
}

export async function startRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const env = options.env ?? process.env;
  const log = options.logger ?? jsonLogger;
  const port = options.port ?? intEnv(env, "MEDIATE_PORT", 8080);
  const host = options.host ?? (env.MEDIATE_HOST || "127.0.0.1");

  const retrieval = await openRetrievalFromEnv(env);
  let state: ServerState;
  try {
    state = await createServerState({
      db: retrieval.store.db,
      pepper: env.MEDIATE_KEY_PEPPER,
      auditText: flag(env.MEDIATE_AUDIT_TEXT, false),
      onAuditError: (error, pending) => log({ level: "error", msg: "audit flush failed; will retry", pending, error: String(error) }),
    });
  } catch (error) {
    await retrieval.close();
    throw error;
  }
  if (!env.MEDIATE_KEY_PEPPER) log({ level: "warn", msg: "MEDIATE_KEY_PEPPER is not set; using a pepper stored in the database" });

  let status: IngestStatus = { state: "idle" };
  const recommender = createRecommenderFromEnv(env, retrieval, log);
  const app = createApp({
    retrieval,
    recommender,
    analyze: (text, opts) => analyzeCase(text, opts),
    state,
    settings: { ...appSettingsFromEnv(env), clientHashSecret: env.MEDIATE_KEY_PEPPER || "mediate-client-hash" },
    ingestStatus: () => status,
    ingestCases: async (records) => {
      const vectors = await retrieval.embeddings.embedDocuments(records.map(caseEmbeddingText));
      await retrieval.store.upsertCases(records.map((r, i) => ({ ...r, embedding: vectors[i] ?? null })));
    },
    logger: log,
  });

  // Requests still being handled at shutdown must finish before the database closes.
  let inFlight = 0;
  const fetch = async (request: Request, ...rest: unknown[]): Promise<Response> => {
    inFlight++;
    try {
      return await app.fetch(request, ...(rest as []));
    } finally {
      inFlight--;
    }
  };
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch, port, hostname: host }, () => resolve(s));
    s.once("error", reject);
  });
  const address = server.address();
  const boundPort = typeof address === "object" && address ? address.port : port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${boundPort}`;
  log({ msg: "listening", url, backend: retrieval.store.backend });

  const abort = new AbortController();
  const corpusDir = env.MEDIATE_CORPUS_DIR || path.join(sharedDir(env), "corpora/laws");
  const demoCases = env.MEDIATE_DEMO_CASES || path.join(REPO_ROOT, "corpora/cases/demo-cases.jsonl");
  const shouldIngest = options.ingest ?? flag(env.MEDIATE_INGEST_ON_START, true);

  const ingestDone = (async () => {
    if (!shouldIngest) {
      // Another instance (or an operator) ingests: report from the database until it is complete.
      while (!abort.signal.aborted) {
        try {
          if (!(await needsIngest(retrieval))) {
            status = { state: "done" };
            return;
          }
          const progress = await retrieval.store.getIngestProgress("statutes");
          status = { state: "running", phase: "statutes (waiting for another process to ingest)", done: progress.size };
        } catch (error) {
          status = { state: "idle", message: `cannot read ingest progress: ${error instanceof Error ? error.message : String(error)}` };
        }
        await sleepUnlessAborted(5000, abort.signal);
      }
      return;
    }
    try {
      if (!(await needsIngest(retrieval))) {
        status = { state: "done" };
        return;
      }
      if (!existsSync(corpusDir)) {
        status = { state: "failed", message: `statute corpus not found at ${corpusDir} (set MEDIATE_CORPUS_DIR)` };
        log({ level: "error", msg: status.message });
        return;
      }
      status = { state: "running", phase: "statutes", done: 0 };
      await writeMeta(retrieval.store.db, STATUTE_INGEST_MARK, { state: "running", at: new Date().toISOString(), corpusDir } satisfies IngestMark);
      log({ msg: "ingest started", corpusDir });
      const report = await ingestStatutes({
        store: retrieval.store,
        embeddings: retrieval.embeddings,
        corpusDir,
        signal: abort.signal,
        onProgress: (p) => {
          status = { state: "running", phase: "statutes", done: p.filesDone, total: p.filesTotal };
        },
      });
      if (report.aborted) {
        status = { state: "idle", message: "ingest interrupted; it resumes on the next start" };
        return;
      }
      status = { state: "running", phase: "cases" };
      const typical = await ingestTypicalCases({ store: retrieval.store, embeddings: retrieval.embeddings, corpusDir });
      let demo = 0;
      if (existsSync(demoCases)) {
        demo = (await ingestCasesFromJsonl({ store: retrieval.store, embeddings: retrieval.embeddings, file: demoCases, source: "demo" })).cases;
      } else log({ level: "warn", msg: "demo cases not found", file: demoCases });
      await writeMeta(retrieval.store.db, STATUTE_INGEST_MARK, {
        state: "done",
        at: new Date().toISOString(),
        corpusDir,
        files: report.files,
        articles: (await retrieval.stats()).articles,
      } satisfies IngestMark);
      status = { state: "done" };
      log({ msg: "ingest finished", articles: report.articlesWritten, files: report.files, typicalCases: typical.cases, demoCases: demo, durationMs: report.durationMs });
    } catch (error) {
      status = { state: "failed", message: error instanceof Error ? error.message : String(error) };
      log({ level: "error", msg: "ingest failed", error: status.message });
    }
  })();

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      abort.abort();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets would hold close() open forever.
        (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        setTimeout(() => {
          (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        }, 5000).unref();
      });
      for (let waited = 0; inFlight > 0 && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      await ingestDone.catch(() => undefined);
      await state.close();
      await retrieval.close();
      log({ msg: "stopped" });
    })());

  return { url, port: boundPort, retrieval, state, recommender, ingestStatus: () => status, ingestDone, close };
}
