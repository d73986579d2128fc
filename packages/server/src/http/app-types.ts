import type { AnalyzeOptions, CaseAnalysis } from "@mediate/core";
import type { CaseRecord, Retrieval } from "@mediate/retrieval/types.ts";
import type { Hono } from "hono";
import type { Recommender } from "../recommendation/types.ts";
import type { ApiKeyScope, RateLimiter, ServerState } from "../state/types.ts";

/** Who is calling: a platform client with a key, or an anonymous (kiosk/browser) client. */
export type Principal =
  | { kind: "key"; id: string; name: string; scopes: ApiKeyScope[]; rateLimitPerMinute: number | null }
  | { kind: "anonymous"; clientHash: string };

export type AppVariables = {
  requestId: string;
  principal: Principal;
  problemCode: string;
  /** Set by handlers for the audit row. */
  auditCaseRef: string;
  auditTypeCode: string;
  auditText: string;
};

export type AppEnv = { Variables: AppVariables };

export type IngestStatus = {
  state: "idle" | "running" | "done" | "failed";
  phase?: string;
  done?: number;
  total?: number;
  message?: string;
};

export type Logger = (fields: Record<string, unknown>) => void;

export type AppSettings = {
  /** Largest accepted request body in bytes (default 262,144 = 256 KiB). */
  bodyLimitBytes: number;
  /** Requests per minute per client address for anonymous callers (default 60). */
  anonymousRatePerMinute: number;
  /** Requests per minute per API key unless the key says otherwise (default 1,200). */
  keyRatePerMinute: number;
  /** Allowed CORS origins; empty = no CORS headers (same origin only); ["*"] = any. */
  corsOrigins: string[];
  /** Allow anonymous callers on the statute/case search endpoints (default false). */
  publicRead: boolean;
  /** Take the client address from X-Forwarded-For (only behind a trusted proxy). */
  trustProxy: boolean;
  /** Secret used to hash client addresses for logs and the audit log. */
  clientHashSecret: string;
  /** Keep narratives in the audit log (MEDIATE_AUDIT_TEXT=1). */
  auditText: boolean;
  /** A /v1 request not answered within this many ms gets 503 `timeout` (default 30,000). */
  requestTimeoutMs: number;
  /** Emit one JSON log line per request. */
  logRequests: boolean;
  version: string;
};

export type AnalyzeFn = (text: string, options?: AnalyzeOptions & { id?: string }) => CaseAnalysis;

export type AppDeps = {
  retrieval: Retrieval;
  recommender: Recommender;
  analyze: AnalyzeFn;
  state: ServerState;
  settings?: Partial<AppSettings>;
  /** Writes case records to the similar-case store; enables POST /v1/cases (scope ingest). */
  ingestCases?: (records: CaseRecord[]) => Promise<void>;
  /** Ingest progress for /readyz (the runtime ingests in the background). */
  ingestStatus?: () => IngestStatus;
  /** Mount the kiosk chat API (POST /v1/chat) — default true. */
  mountChat?: boolean;
  /** Mount the kiosk and workbench pages (/, /kiosk, /workbench, /assets/*) — default true. */
  mountPages?: boolean;
  /** Extra route groups mounted at the root. */
  routes?: Array<Hono<any, any, any>>;
  rateLimiter?: RateLimiter;
  logger?: Logger;
  /** Override how the client address is found (tests). */
  clientAddress?: (headers: Headers, remote: string | undefined) => string;
};
