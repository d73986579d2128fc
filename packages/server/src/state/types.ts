// Server-side state kept in the database so that several instances can serve behind one
// load balancer. Every store here is implemented on the shared SqlClient of the retrieval
// store (PGlite allows one instance per data dir) and migrated by state/migrations.ts.

/** One utterance of a kiosk conversation. `at` is an ISO-8601 timestamp. */
export type KioskMessage = {
  role: "visitor" | "assistant";
  text: string;
  at: string;
};

/**
 * A kiosk (便民终端) conversation. The chat engine owns the meaning of `intake` and `data`;
 * the state layer stores them as JSON and never interprets them.
 */
export type KioskSession = {
  /** Public id (opaque, unguessable). Useless without the token. */
  id: string;
  createdAt: string;
  updatedAt: string;
  messages: KioskMessage[];
  /** Guided-intake answers by slot: who / what / when / wants … (chat engine decides the keys). */
  intake: Record<string, string>;
  /** 一案一码 once issued for this session. */
  caseCode?: string;
  /** Display script chosen by the visitor. */
  script?: "simplified" | "traditional";
  /** Any other JSON-serialisable data the chat engine wants to keep (last analysis, flags …). */
  data: Record<string, unknown>;
};

export type SessionStore = {
  /** New empty session; `token` is the secret the client must present on every later call (stored hashed). */
  create(): Promise<{ id: string; token: string; session: KioskSession }>;
  /** The session when `id` exists AND `token` matches (constant-time); otherwise null — never tells which failed. */
  load(id: string, token: string): Promise<KioskSession | null>;
  /** Persist messages/intake/caseCode/script/data of an existing session (updatedAt is set here). */
  save(session: KioskSession): Promise<void>;
};

export type CaseCodeRecord = {
  /** e.g. "MC-7K4Q-9XW2-HB3T-5" — see state/case-code.ts for the format and check digit. */
  code: string;
  sessionId: string | null;
  createdAt: string;
};

export type CaseCodeStore = {
  /** Issue a code for a session (returns the existing one when the session already has one). */
  issue(sessionId: string | null): Promise<string>;
  /** Look a code up; accepts lower case, spaces and missing dashes; null when unknown or the check digit is wrong. */
  lookup(code: string): Promise<CaseCodeRecord | null>;
};

/** read: search/lookup/analysis; ingest: also add corpus content; admin: everything incl. keys. */
export type ApiKeyScope = "read" | "ingest" | "admin";

export type ApiKeyRecord = {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  /** Requests per minute allowed for this key (null = server default). */
  rateLimitPerMinute: number | null;
  createdAt: string;
  revokedAt: string | null;
};

export type ApiKeyStore = {
  /** Returns the plaintext key ONCE; only an HMAC-SHA-256 of it (with the server pepper) is stored. */
  create(input: { name: string; scopes: ApiKeyScope[]; rateLimitPerMinute?: number | null }): Promise<{ key: string; record: ApiKeyRecord }>;
  /** The record when the key is valid and not revoked, else null. Constant-time comparison. */
  verify(presented: string): Promise<ApiKeyRecord | null>;
  revoke(id: string): Promise<boolean>;
  list(): Promise<ApiKeyRecord[]>;
};

export type AuditEntry = {
  /** Request id (also sent back as X-Request-Id). */
  requestId: string;
  /** "key:<id>" or "anon:<hash of client address>" or "session:<id>". */
  actor: string;
  method: string;
  route: string;
  status: number;
  durationMs: number;
  /** Case id given by the client, or the kiosk case code. */
  caseRef?: string;
  /** Dispute-type code of the answer, when there was one. */
  typeCode?: string;
  /** Case text — only stored when MEDIATE_AUDIT_TEXT=1. */
  text?: string;
};

export type AuditRow = AuditEntry & { id: number; at: string };

export type AuditLog = {
  /** Buffered; durable after `flush()` (called on shutdown and periodically). */
  record(entry: AuditEntry): Promise<void>;
  flush(): Promise<void>;
  recent(limit: number): Promise<AuditRow[]>;
};

export type RateDecision = { allowed: boolean; limit: number; remaining: number; resetSeconds: number };

/** Fixed-window counters. The default implementation is in memory per instance (see docs/api.md). */
export type RateLimiter = {
  take(bucket: string, limit: number, windowMs: number): RateDecision;
};

export type ServerState = {
  sessions: SessionStore;
  caseCodes: CaseCodeStore;
  apiKeys: ApiKeyStore;
  audit: AuditLog;
  /** Cheap round-trip to the database, for /readyz. Throws when the database is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
};
