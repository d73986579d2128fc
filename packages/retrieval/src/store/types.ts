// The storage contract of @mediate/retrieval. One implementation (sql-store.ts) over a
// minimal pg-compatible client; PGlite (embedded) and PostgreSQL+pgvector are backends.
import type { CaseHit, CaseRecord, LawLevel, StatuteArticle, StatuteHit } from "../types.ts";

/** The minimal query interface both backends provide. Other packages (server state) use it too. */
export type SqlClient = {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Runs `fn` in one transaction; the `tx` client must be used inside it. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export type SqlClientSettings = {
  /** postgres://… → PostgreSQL (needs pgvector). Wins over dataDir. */
  databaseUrl?: string;
  /** PGlite data directory (embedded default). Omit both for an in-memory PGlite. */
  dataDir?: string;
  /** PostgreSQL schema to use (search_path); default "public". Tests use one schema per run. */
  schema?: string;
  /**
   * Where the embedded PGlite runs (ignored for PostgreSQL): "worker" — in a worker thread, so
   * its synchronous WASM queries do not block the event loop and the server uses two cores;
   * "main" — in the calling thread. Default "worker" (DEFAULT_PGLITE_THREAD, pglite-client.ts).
   */
  pgliteThread?: "worker" | "main";
};

export type StoreSettings = SqlClientSettings & {
  /** Embedding dimensions; fixed per store (recorded in store_meta), a mismatch is an error. */
  dimensions: number;
  /** Embedding model id; recorded in store_meta. */
  embeddingModel: string;
  /** Build the in-process lexical index on first lexical search (default true on PGlite). */
  memoryLexicalIndex?: boolean;
  /**
   * Persist the in-process lexical index (table lexical_snapshots) when it has at least this many
   * documents, and load it from there in a new process (default 2000; 0 disables snapshots).
   */
  lexicalSnapshotMinDocs?: number;
  /**
   * How long (ms) a read of the corpus versions is trusted before the next search reads them
   * again (default 1000). Writes through this store are seen at once; another process's
   * ingest within this time.
   */
  versionCheckMs?: number;
  /**
   * Statute query terms found in more than this share of articles are not scored (default
   * DEFAULT_STATUTE_MAX_DF_FRACTION; 1 scores every term).
   */
  statuteMaxDfFraction?: number;
};

/** An article with its embedding, as written by ingest. */
export type StatuteRow = StatuteArticle & {
  embedding?: number[] | null;
  contentHash?: string;
  /** Part of a law split over files (民法典 婚姻家庭编); versions are compared per (law, subtitle). */
  subtitle?: string | null;
};
export type CaseRow = CaseRecord & { embedding?: number[] | null };

export type StatuteFilter = {
  /** 1..200, default 10. */
  k?: number;
  levels?: LawLevel[];
  /** Only articles whose law version is not superseded (default true). */
  currentOnly?: boolean;
  /** Restrict to these laws (full or short titles). */
  laws?: string[];
};

export type CaseFilter = { k?: number; typeCode?: string };

export type ArticleRef = { law: string; article: number; articleSub?: number };

/**
 * A ranked statute without its text: enough to fuse and filter lists, so only the final top k
 * rows are fetched with their text (statutesByIds).
 */
export type StatuteRef = {
  id: number;
  law: string;
  version: string | null;
  article: number;
  articleSub?: number;
  level: LawLevel;
  superseded: boolean;
  score: number;
};

export type IngestProgressRow = { source: string; contentHash: string; articles: number; updatedAt: string };

export type StoreStats = {
  articles: number;
  laws: number;
  cases: number;
  embeddedArticles: number;
  embeddingModel: string;
  dimensions: number;
  backend: "pglite" | "postgres";
  /** Total size of the store's tables + indexes in bytes. */
  sizeBytes: number;
};

export interface Store {
  readonly backend: "pglite" | "postgres";
  readonly dimensions: number;
  readonly embeddingModel: string;
  /** Underlying client, shared with the server (PGlite allows one instance per data dir). */
  readonly db: SqlClient;
  /** Idempotent; openStore already runs it. */
  migrate(): Promise<void>;

  /** Insert or update by (law, version, article, article_sub). */
  upsertStatutes(rows: StatuteRow[]): Promise<void>;
  /** Delete the articles of one source file, except those in `keep` (a changed file dropping articles). */
  deleteStatutesBySource(source: string, keep?: ArticleRef[]): Promise<number>;
  /**
   * Runs a large load with the statute search indexes (HNSW, GIN) dropped, then rebuilds them:
   * far faster than maintaining them row by row. Indexes are also re-created by migrate() if a
   * load was interrupted.
   */
  bulkLoad<T>(fn: () => Promise<T>): Promise<T>;
  /** Recompute the `superseded` flag from the versions present, per (law, subtitle). */
  refreshSuperseded(): Promise<void>;
  /** BM25-style ranking over jieba words + character bigrams. */
  lexicalSearchStatutes(query: string, opts?: StatuteFilter): Promise<StatuteHit[]>;
  /** Cosine similarity; score = 1 - cosine distance. */
  vectorSearchStatutes(embedding: number[], opts?: StatuteFilter): Promise<StatuteHit[]>;
  /** By full or short title; prefers the current version. */
  getArticle(law: string, article: number, articleSub?: number): Promise<StatuteArticle | null>;
  /** Batch lookup; result in input order, missing refs omitted. */
  findArticles(refs: ArticleRef[]): Promise<StatuteArticle[]>;
  /** lexicalSearchStatutes without the article text (fusion input). */
  rankStatutesLexical(query: string, opts?: StatuteFilter): Promise<StatuteRef[]>;
  /** vectorSearchStatutes without the article text (fusion input). */
  rankStatutesVector(embedding: number[], opts?: StatuteFilter): Promise<StatuteRef[]>;
  /** findArticles without the article text (score 0). */
  findArticleRefs(refs: ArticleRef[]): Promise<StatuteRef[]>;
  /** Full articles by store id, in the order given (one query); unknown ids omitted. */
  statutesByIds(ids: number[]): Promise<Array<StatuteArticle & { id: number }>>;
  /** Articles of one source file (ingest diffing). */
  listArticlesBySource(source: string): Promise<Array<StatuteArticle & { contentHash: string }>>;

  upsertCases(rows: CaseRow[]): Promise<void>;
  lexicalSearchCases(query: string, opts?: CaseFilter): Promise<CaseHit[]>;
  vectorSearchCases(embedding: number[], opts?: CaseFilter): Promise<CaseHit[]>;
  getCase(id: string): Promise<CaseRecord | null>;

  /** Ingest progress (resumability): one row per source file with its content hash. */
  getIngestProgress(kind: "statutes" | "cases"): Promise<Map<string, IngestProgressRow>>;
  setIngestProgress(kind: "statutes" | "cases", row: Omit<IngestProgressRow, "updatedAt">, tx?: SqlClient): Promise<void>;

  /** Prepares lexical search (in-process index or SQL term statistics) so the first query is fast. */
  warmup(): Promise<void>;
  stats(): Promise<StoreStats>;
  close(): Promise<void>;
}

export type OpenStore = (settings: StoreSettings) => Promise<Store>;
