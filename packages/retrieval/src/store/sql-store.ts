// The one Store implementation: shared SQL over a pg-compatible SqlClient (PGlite or PostgreSQL).
import { MediateError } from "@mediate/core";
import { toSql } from "pgvector";
import type { CaseHit, CaseRecord, LawLevel, StatuteArticle, StatuteHit } from "../types.ts";
import { shortTitleOf } from "../statutes/statute-parser.ts";
import { bm25Idf, bm25TermScore, BM25_B, BM25_K1, maxDocumentFrequency, queryTerms } from "./bm25.ts";
import { anyTermQuery, lexicalTokens, toLexemeList, toTsvectorLiteral } from "./lexical-tokens.ts";
import { MemoryLexicalIndex, type IndexedDoc } from "./memory-lexical-index.ts";
import { createFileSnapshots, createTableSnapshots, type LexicalSnapshots } from "./lexical-snapshots.ts";
import { ensureSearchIndexes, migrate, SEARCH_INDEXES } from "./migrations.ts";
import { openSqlBackend, type Backend } from "./open-sql-client.ts";
import type {
  ArticleRef,
  CaseFilter,
  CaseRow,
  IngestProgressRow,
  SqlClient,
  StatuteFilter,
  StatuteRef,
  StatuteRow,
  Store,
  StoreSettings,
  StoreStats,
} from "./types.ts";

const MAX_K = 200;
/** Rows written before migration 2 have no lexeme list; their tsvector text is the fallback. */
const LEGACY_TOKENS = "CASE WHEN lexemes IS NULL THEN tokens::text END AS tokens";
const STATUTE_COLUMNS =
  "id, law, short_title, level, article, article_sub, label, chapter_path, text, version, superseded, source, content_hash";
const CASE_COLUMNS = "id, title, type_code, narrative, points, plan, outcome, statutes, source";

type StatuteDbRow = {
  id: number;
  law: string;
  short_title: string;
  level: string;
  article: number;
  article_sub: number;
  label: string;
  chapter_path: string[];
  text: string;
  version: string | null;
  superseded: boolean;
  source: string;
  content_hash: string;
};
type CaseDbRow = {
  id: string;
  title: string;
  type_code: string;
  narrative: string;
  points: string[];
  plan: string;
  outcome: string;
  statutes: unknown;
  source: string;
};
type StatuteAttrs = {
  level: string;
  superseded: boolean;
  law: string;
  shortTitle: string;
  version: string | null;
  article: number;
  articleSub: number;
};
const REF_COLUMNS = "id, law, version, article, article_sub, level, superseded";
type RefDbRow = Pick<StatuteDbRow, "id" | "law" | "version" | "article" | "article_sub" | "level" | "superseded">;

function toRef(r: RefDbRow, score: number): StatuteRef {
  return {
    id: Number(r.id),
    law: r.law,
    version: r.version,
    article: Number(r.article),
    ...(Number(r.article_sub) > 0 ? { articleSub: Number(r.article_sub) } : {}),
    level: r.level as LawLevel,
    superseded: r.superseded,
    score,
  };
}
type CaseAttrs = { typeCode: string };
type Corpus = "statutes" | "cases";

function toArticle(r: StatuteDbRow): StatuteArticle {
  return {
    law: r.law,
    shortTitle: r.short_title,
    level: r.level as LawLevel,
    article: Number(r.article),
    ...(Number(r.article_sub) > 0 ? { articleSub: Number(r.article_sub) } : {}),
    label: r.label,
    chapterPath: r.chapter_path ?? [],
    text: r.text,
    version: r.version,
    superseded: r.superseded,
    source: r.source,
  };
}

/** Bounded row cache: beyond the limit the oldest entry goes (the hot articles are re-fetched once). */
const ROW_CACHE_LIMIT = 20_000;
function remember<K, V>(map: Map<K, V>, key: K, value: V, limit = ROW_CACHE_LIMIT): void {
  map.set(key, value);
  if (map.size > limit) map.delete(map.keys().next().value as K);
}

/** Fetches the keys `cache` lacks (one call for all of them) and remembers every row returned. */
async function fillRowCache<K, R>(cache: Map<K, R>, keys: K[], keyOf: (row: R) => K, fetch: (missing: K[]) => Promise<R[]>): Promise<void> {
  const missing = [...new Set(keys.filter((key) => !cache.has(key)))];
  if (missing.length === 0) return;
  for (const row of await fetch(missing)) remember(cache, keyOf(row), row);
}

const refKey = (r: ArticleRef) => `${r.law}\u0000${r.article}\u0000${r.articleSub ?? 0}`;

function toCase(r: CaseDbRow): CaseRecord {
  const statutes = typeof r.statutes === "string" ? JSON.parse(r.statutes) : r.statutes;
  return {
    id: r.id,
    title: r.title,
    typeCode: r.type_code,
    narrative: r.narrative,
    points: r.points ?? [],
    plan: r.plan,
    outcome: r.outcome,
    statutes: (statutes ?? []) as CaseRecord["statutes"],
    source: r.source,
  };
}

function checkK(k: number | undefined, fallback = 10): number {
  const value = k ?? fallback;
  if (!Number.isInteger(value) || value < 1 || value > MAX_K)
    throw new MediateError("invalid_input", `k 必须是 1 到 ${MAX_K} 之间的整数（收到 ${String(k)}）`, { details: { k, max: MAX_K } });
  return value;
}

function checkQuery(query: string): string {
  const q = (query ?? "").trim();
  if (!q) throw new MediateError("empty_text", "查询内容为空，请输入要检索的问题或关键词。");
  return q;
}

/** Normalises a law reference: 《民法典》 → 民法典; returns both candidate titles. */
export function lawNames(law: string): string[] {
  const clean = law.replace(/[《》\s]/g, "");
  return [...new Set([clean, shortTitleOf(clean), clean.startsWith("中华人民共和国") ? clean : `中华人民共和国${clean}`])];
}

function statuteIndexText(r: StatuteRow): string {
  return [r.shortTitle, r.chapterPath.at(-1) ?? "", r.text].join(" ");
}
function caseIndexText(r: CaseRow): string {
  return [r.title, r.narrative, r.plan, r.outcome].join(" ");
}

/** WHERE fragments for statute filters; `params` is extended in place. */
function statuteWhere(opts: StatuteFilter, params: unknown[], alias = "s"): string[] {
  const where: string[] = [];
  if (opts.currentOnly ?? true) where.push(`NOT ${alias}.superseded`);
  if (opts.levels?.length) {
    params.push(opts.levels);
    where.push(`${alias}.level = ANY($${params.length}::text[])`);
  }
  if (opts.laws?.length) {
    params.push(opts.laws.flatMap(lawNames));
    where.push(`(${alias}.law = ANY($${params.length}::text[]) OR ${alias}.short_title = ANY($${params.length}::text[]))`);
  }
  return where;
}

/** Statute terms in more than this share of articles are not scored (see bm25.ts maxDocumentFrequency). */
export const DEFAULT_STATUTE_MAX_DF_FRACTION = 0.2;

export type SqlStoreOptions = { memoryLexicalIndex?: boolean };

export class SqlStore implements Store {
  readonly backend: Backend;
  readonly dimensions: number;
  readonly embeddingModel: string;
  readonly db: SqlClient;
  private readonly useMemoryIndex: boolean;
  private memory: { statutes?: MemoryLexicalIndex<StatuteAttrs>; cases?: MemoryLexicalIndex<CaseAttrs> } = {};
  private building: { statutes?: Promise<MemoryLexicalIndex<StatuteAttrs>>; cases?: Promise<MemoryLexicalIndex<CaseAttrs>> } = {};

  constructor(db: SqlClient, backend: Backend, settings: StoreSettings) {
    this.db = db;
    this.backend = backend;
    this.dimensions = settings.dimensions;
    this.embeddingModel = settings.embeddingModel;
    this.useMemoryIndex = settings.memoryLexicalIndex ?? true;
    this.snapshotMinDocs = settings.lexicalSnapshotMinDocs ?? 2000;
    this.versionCheckMs = settings.versionCheckMs ?? 1000;
    this.statuteMaxDfFraction = settings.statuteMaxDfFraction ?? DEFAULT_STATUTE_MAX_DF_FRACTION;
    this.snapshots =
      backend === "pglite" && settings.dataDir && !settings.databaseUrl ? createFileSnapshots(settings.dataDir) : createTableSnapshots(db);
  }

  private readonly snapshotMinDocs: number;
  private readonly snapshots: LexicalSnapshots;
  private readonly versionCheckMs: number;
  private readonly statuteMaxDfFraction: number;

  /** The statute corpus drops near-universal terms; the small case corpus keeps every term. */
  private maxDfFraction(corpus: Corpus): number {
    return corpus === "statutes" ? this.statuteMaxDfFraction : 1;
  }

  /** The stored snapshot of `corpus` at `version`, else a fresh build (then snapshotted if large). */
  private async loadOrBuild<A>(corpus: Corpus, version: string, build: () => Promise<MemoryLexicalIndex<A>>): Promise<MemoryLexicalIndex<A>> {
    const index = await this.loadOrBuildIndex(corpus, version, build);
    index.maxDfFraction = this.maxDfFraction(corpus);
    return index;
  }

  private async loadOrBuildIndex<A>(corpus: Corpus, version: string, build: () => Promise<MemoryLexicalIndex<A>>): Promise<MemoryLexicalIndex<A>> {
    if (this.snapshotMinDocs > 0) {
      const bytes = await this.snapshots.read(corpus, version).catch(() => null);
      const loaded = bytes ? MemoryLexicalIndex.fromSnapshot<A>(bytes) : null;
      if (loaded?.version === version) return loaded;
    }
    const index = await build();
    if (this.snapshotMinDocs > 0 && index.size >= this.snapshotMinDocs) {
      // Only a cache: a read-only or full store still searches, it just rebuilds next time.
      await this.snapshots.write(corpus, version, index.toSnapshot()).catch(() => {});
    }
    return index;
  }

  async migrate(): Promise<void> {
    await migrate(this.db, this.dimensions, this.embeddingModel);
    if (this.backend === "pglite") {
      // One connection: session settings stick. relaxed_order keeps filtered HNSW scans from returning < k rows.
      await this.db.query("SET hnsw.ef_search = 100").catch(() => {});
      await this.db.query("SET hnsw.iterative_scan = relaxed_order").catch(() => {});
    }
  }

  // ---- writes -------------------------------------------------------------

  private vectorParam(embedding: number[] | null | undefined): string | null {
    if (!embedding) return null;
    if (embedding.length !== this.dimensions)
      throw new MediateError("invalid_input", `embedding has ${embedding.length} dimensions, the store expects ${this.dimensions}`);
    return toSql(embedding) as string;
  }

  private async bump(tx: SqlClient, corpus: Corpus): Promise<void> {
    await tx.query(
      `INSERT INTO store_meta (key, value) VALUES ($1, '1') ON CONFLICT (key) DO UPDATE SET value = (store_meta.value::bigint + 1)::text`,
      [`${corpus}_version`],
    );
  }

  async upsertStatutes(rows: StatuteRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.writeTransaction(async (tx) => {
      for (let start = 0; start < rows.length; start += 200) {
        const batch = rows.slice(start, start + 200);
        const params: unknown[] = [];
        const values = batch.map((r) => {
          const tokens = lexicalTokens(statuteIndexText(r));
          const hash = r.contentHash ?? JSON.stringify([r.law, r.version, r.label, r.chapterPath, r.text]);
          params.push(
            r.law, r.shortTitle, r.level, r.article, r.articleSub ?? 0, r.label, r.chapterPath, r.text, r.version,
            r.superseded, r.source, hash, toTsvectorLiteral(tokens), tokens.length, this.vectorParam(r.embedding), toLexemeList(tokens),
            r.subtitle ?? "",
          );
          const b = params.length - 17;
          const p = (i: number) => `$${b + i}`;
          return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}::text[], ${p(8)}, ${p(9)}, ${p(10)}, ${p(11)}, ${p(12)}, ${p(13)}::tsvector, ${p(14)}, ${p(15)}::vector, ${p(16)}, ${p(17)})`;
        });
        await tx.query(
          `INSERT INTO statutes (law, short_title, level, article, article_sub, label, chapter_path, text, version, superseded, source, content_hash, tokens, token_count, embedding, lexemes, subtitle)
           VALUES ${values.join(", ")}
           ON CONFLICT (source, article, article_sub) DO UPDATE SET subtitle = EXCLUDED.subtitle,
             law = EXCLUDED.law, short_title = EXCLUDED.short_title, level = EXCLUDED.level, label = EXCLUDED.label,
             chapter_path = EXCLUDED.chapter_path, text = EXCLUDED.text, version = EXCLUDED.version,
             superseded = EXCLUDED.superseded, content_hash = EXCLUDED.content_hash, tokens = EXCLUDED.tokens,
             token_count = EXCLUDED.token_count, embedding = COALESCE(EXCLUDED.embedding, statutes.embedding), lexemes = EXCLUDED.lexemes
           WHERE statutes.content_hash IS DISTINCT FROM EXCLUDED.content_hash
              OR statutes.lexemes IS NULL
              OR statutes.subtitle IS DISTINCT FROM EXCLUDED.subtitle
              OR statutes.superseded IS DISTINCT FROM EXCLUDED.superseded
              OR (EXCLUDED.embedding IS NOT NULL AND statutes.embedding IS DISTINCT FROM EXCLUDED.embedding)`,
          params,
        );
      }
      await this.bump(tx, "statutes");
    });
  }

  async deleteStatutesBySource(source: string, keep?: ArticleRef[]): Promise<number> {
    return this.writeTransaction(async (tx) => {
      const keepKeys = (keep ?? []).map((k) => k.article * 1000 + (k.articleSub ?? 0));
      const r = await tx.query<{ id: number }>(
        `DELETE FROM statutes WHERE source = $1 AND NOT ((article * 1000 + article_sub) = ANY($2::int[])) RETURNING id`,
        [source, keepKeys],
      );
      if (r.rows.length > 0) await this.bump(tx, "statutes");
      return r.rows.length;
    });
  }

  async bulkLoad<T>(fn: () => Promise<T>): Promise<T> {
    for (const name of Object.keys(SEARCH_INDEXES)) await this.db.query(`DROP INDEX IF EXISTS ${name}`);
    try {
      return await fn();
    } finally {
      await ensureSearchIndexes(this.db);
    }
  }

  async refreshSuperseded(): Promise<void> {
    await this.writeTransaction(async (tx) => {
      const r = await tx.query<{ id: number }>(
        `WITH latest AS (SELECT law, subtitle, max(version) AS v FROM statutes GROUP BY law, subtitle)
         UPDATE statutes s SET superseded = (l.v IS NOT NULL AND (s.version IS NULL OR s.version < l.v))
         FROM latest l
         WHERE s.law = l.law AND s.subtitle = l.subtitle AND s.superseded IS DISTINCT FROM (l.v IS NOT NULL AND (s.version IS NULL OR s.version < l.v))
         RETURNING s.id`,
      );
      if (r.rows.length > 0) await this.bump(tx, "statutes");
    });
  }

  async upsertCases(rows: CaseRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.writeTransaction(async (tx) => {
      for (let start = 0; start < rows.length; start += 200) {
        const batch = rows.slice(start, start + 200);
        const params: unknown[] = [];
        const values = batch.map((r) => {
          const tokens = lexicalTokens(caseIndexText(r));
          const hash = JSON.stringify([r.title, r.typeCode, r.narrative, r.points, r.plan, r.outcome, r.statutes, r.source]);
          params.push(
            r.id, r.title, r.typeCode, r.narrative, r.points, r.plan, r.outcome, JSON.stringify(r.statutes), r.source, hash,
            toTsvectorLiteral(tokens), tokens.length, this.vectorParam(r.embedding), toLexemeList(tokens),
          );
          const b = params.length - 14;
          const p = (i: number) => `$${b + i}`;
          return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}::text[], ${p(6)}, ${p(7)}, ${p(8)}::jsonb, ${p(9)}, ${p(10)}, ${p(11)}::tsvector, ${p(12)}, ${p(13)}::vector, ${p(14)})`;
        });
        await tx.query(
          `INSERT INTO cases (id, title, type_code, narrative, points, plan, outcome, statutes, source, content_hash, tokens, token_count, embedding, lexemes)
           VALUES ${values.join(", ")}
           ON CONFLICT (id) DO UPDATE SET
             title = EXCLUDED.title, type_code = EXCLUDED.type_code, narrative = EXCLUDED.narrative, points = EXCLUDED.points,
             plan = EXCLUDED.plan, outcome = EXCLUDED.outcome, statutes = EXCLUDED.statutes, source = EXCLUDED.source,
             content_hash = EXCLUDED.content_hash, tokens = EXCLUDED.tokens, token_count = EXCLUDED.token_count,
             embedding = COALESCE(EXCLUDED.embedding, cases.embedding), lexemes = EXCLUDED.lexemes
           WHERE cases.content_hash IS DISTINCT FROM EXCLUDED.content_hash
              OR cases.lexemes IS NULL
              OR (EXCLUDED.embedding IS NOT NULL AND cases.embedding IS DISTINCT FROM EXCLUDED.embedding)`,
          params,
        );
      }
      await this.bump(tx, "cases");
    });
  }

  // ---- lexical ------------------------------------------------------------

  /**
   * Both corpora's versions, read at most once per `versionCheckMs` (every search needs them to
   * know whether the in-process index is current; a query per search was a third of all
   * round trips). This store's own writes forget them at once; another process's ingest is
   * seen within versionCheckMs.
   */
  private versions: { at: number; value: Promise<Map<string, string>> } | undefined;

  private forgetVersions(): void {
    this.versions = undefined;
  }

  /** A transaction that may bump a corpus version; the cached versions are forgotten once it ends. */
  private async writeTransaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(fn);
    } finally {
      this.forgetVersions();
    }
  }

  private async corpusVersion(corpus: Corpus): Promise<string> {
    const now = Date.now();
    if (!this.versions || now - this.versions.at >= this.versionCheckMs) {
      const value = this.db
        .query<{ key: string; value: string }>("SELECT key, value FROM store_meta WHERE key = ANY($1::text[])", [["statutes_version", "cases_version"]])
        .then((r) => new Map(r.rows.map((row) => [row.key, row.value])));
      const entry = { at: now, value };
      this.versions = entry;
      value.catch(() => {
        if (this.versions === entry) this.versions = undefined; // never cache a failure
      });
    }
    return (await this.versions.value).get(`${corpus}_version`) ?? "0";
  }

  private async statuteIndex(): Promise<MemoryLexicalIndex<StatuteAttrs>> {
    const version = await this.corpusVersion("statutes");
    if (this.memory.statutes?.version === version) return this.memory.statutes;
    this.building.statutes ??= this.loadOrBuild("statutes", version, () => MemoryLexicalIndex.build<StatuteAttrs>(
      version,
      this.pages<RefDbRow & { lexemes: string | null; tokens: string | null; token_count: number; short_title: string }, IndexedDoc<StatuteAttrs>>(
        `SELECT ${REF_COLUMNS}, lexemes, ${LEGACY_TOKENS}, token_count, short_title FROM statutes`,
        (r) => ({
          id: r.id,
          lexemes: r.lexemes,
          tokens: r.tokens,
          length: r.token_count,
          attrs: {
            level: r.level,
            superseded: r.superseded,
            law: r.law,
            shortTitle: r.short_title,
            version: r.version,
            article: Number(r.article),
            articleSub: Number(r.article_sub),
          },
        }),
      ),
    )).finally(() => (this.building.statutes = undefined));
    this.memory.statutes = await this.building.statutes;
    return this.memory.statutes;
  }

  private async caseIndex(): Promise<MemoryLexicalIndex<CaseAttrs>> {
    const version = await this.corpusVersion("cases");
    if (this.memory.cases?.version === version) return this.memory.cases;
    this.building.cases ??= this.loadOrBuild("cases", version, () => MemoryLexicalIndex.build<CaseAttrs>(
      version,
      this.pages<{ id: string; lexemes: string | null; tokens: string | null; token_count: number; type_code: string }, IndexedDoc<CaseAttrs>>(
        `SELECT id, lexemes, ${LEGACY_TOKENS}, token_count, type_code FROM cases`,
        (r) => ({ id: r.id, lexemes: r.lexemes, tokens: r.tokens, length: r.token_count, attrs: { typeCode: r.type_code } }),
      ),
    )).finally(() => (this.building.cases = undefined));
    this.memory.cases = await this.building.cases;
    return this.memory.cases;
  }

  /** Pages through a table ordered by id (keyset pagination). */
  private async *pages<R extends { id: number | string }, D>(select: string, map: (r: R) => D): AsyncIterable<D[]> {
    let last: number | string | null = null;
    for (let guard = 0; guard < 100_000; guard++) {
      const r: { rows: R[] } = await this.db.query<R>(
        last === null ? `${select} ORDER BY id LIMIT 5000` : `${select} WHERE id > $1 ORDER BY id LIMIT 5000`,
        last === null ? [] : [last],
      );
      if (r.rows.length === 0) return;
      yield r.rows.map(map);
      last = (r.rows.at(-1) as R).id;
      if (r.rows.length < 5000) return;
    }
  }

  /** Document frequencies for SQL BM25; recomputed only when the corpus changed. */
  private async sqlLexicalStats(corpus: Corpus): Promise<{ n: number; avg: number }> {
    const version = await this.corpusVersion(corpus);
    const meta = await this.db.query<{ key: string; value: string }>(
      "SELECT key, value FROM store_meta WHERE key = ANY($1::text[])",
      [[`${corpus}_stats_version`, `${corpus}_n`, `${corpus}_avgdl`]],
    );
    const m = new Map(meta.rows.map((r) => [r.key, r.value]));
    if (m.get(`${corpus}_stats_version`) === version) return { n: Number(m.get(`${corpus}_n`)), avg: Number(m.get(`${corpus}_avgdl`)) };
    return this.db.transaction(async (tx) => {
      await tx.query("DELETE FROM lexical_terms WHERE corpus = $1", [corpus]);
      await tx.query(`INSERT INTO lexical_terms (corpus, term, df) SELECT $1, word, ndoc FROM ts_stat('SELECT tokens FROM ${corpus}')`, [corpus]);
      const s = await tx.query<{ n: string; avg: string | null }>(`SELECT count(*) AS n, avg(token_count) AS avg FROM ${corpus}`);
      const n = Number(s.rows[0]?.n ?? 0);
      const avg = Number(s.rows[0]?.avg ?? 0);
      await tx.query(
        `INSERT INTO store_meta (key, value) VALUES ($1, $2), ($3, $4), ($5, $6) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
        [`${corpus}_stats_version`, version, `${corpus}_n`, String(n), `${corpus}_avgdl`, String(avg)],
      );
      return { n, avg };
    });
  }

  /** SQL-side BM25 (same formula as the in-process index). Returns ids and scores. */
  private async sqlBm25(corpus: Corpus, terms: Array<{ term: string; qtf: number }>, k: number, where: string[], params: unknown[]) {
    const { n, avg } = await this.sqlLexicalStats(corpus);
    if (n === 0 || terms.length === 0) return [];
    const base = params.length;
    params.push(terms.map((t) => t.term), terms.map((t) => t.qtf), anyTermQuery(terms.map((t) => t.term)), n, avg, k, maxDocumentFrequency(n, this.maxDfFraction(corpus)));
    const $ = (i: number) => `$${base + i}`;
    const r = await this.db.query<{ id: number | string; score: number }>(
      `WITH q AS (
         SELECT q.term, q.qtf, ln(1 + (${$(4)}::float8 - t.df + 0.5) / (t.df + 0.5)) AS idf
         FROM unnest(${$(1)}::text[], ${$(2)}::int[]) AS q(term, qtf)
         JOIN lexical_terms t ON t.corpus = '${corpus}' AND t.term = q.term AND t.df <= ${$(7)}::int
       ), cand AS (
         SELECT s.id, s.tokens, s.token_count FROM ${corpus} s
         WHERE s.tokens @@ ${$(3)}::tsquery ${where.length ? "AND " + where.join(" AND ") : ""}
       )
       SELECT c.id, sum(q.qtf * q.idf * cardinality(u.positions) * ${BM25_K1 + 1}
                 / (cardinality(u.positions) + ${BM25_K1} * (${1 - BM25_B} + ${BM25_B} * c.token_count / ${$(5)}::float8))) AS score
       FROM cand c CROSS JOIN LATERAL unnest(c.tokens) AS u(lexeme, positions, weights)
       JOIN q ON q.term = u.lexeme
       GROUP BY c.id ORDER BY score DESC, c.id LIMIT ${$(6)}`,
      params,
    );
    return r.rows.map((x) => ({ id: x.id, score: Number(x.score) }));
  }

  async lexicalSearchStatutes(query: string, opts: StatuteFilter = {}): Promise<StatuteHit[]> {
    const refs = await this.rankStatutesLexical(query, opts);
    return this.statutesById(refs.map((r) => ({ id: r.id, score: r.score })));
  }

  /**
   * Query terms of recent queries: hybrid search ranks the same expanded query twice, and the
   * in-process index reuses its scores when it sees the same term list again.
   */
  private readonly recentTerms = new Map<string, Array<{ term: string; qtf: number }>>();

  private termsOf(query: string): Array<{ term: string; qtf: number }> {
    let terms = this.recentTerms.get(query);
    if (!terms) remember(this.recentTerms, query, (terms = queryTerms(lexicalTokens(query))), 8);
    return terms;
  }

  async rankStatutesLexical(query: string, opts: StatuteFilter = {}): Promise<StatuteRef[]> {
    const k = checkK(opts.k);
    const terms = this.termsOf(checkQuery(query));
    if (terms.length === 0) return [];
    if (this.useMemoryIndex) {
      const index = await this.statuteIndex();
      const currentOnly = opts.currentOnly ?? true;
      const levels = opts.levels?.length ? new Set<string>(opts.levels) : null;
      const laws = opts.laws?.length ? [...new Set(opts.laws.flatMap(lawNames))] : null;
      // A law filter looks only at that law's articles instead of every matching one.
      const within = laws ? laws.flatMap((name) => this.lawOrdinals(index).get(name) ?? []) : undefined;
      const ranked = index.search(terms, k, (a) => (!currentOnly || !a.superseded) && (!levels || levels.has(a.level)), within);
      return ranked.map(({ id, score, attrs: a }) =>
        toRef({ id: Number(id), law: a.law, version: a.version, article: a.article, article_sub: a.articleSub, level: a.level, superseded: a.superseded }, score),
      );
    }
    const params: unknown[] = [];
    const ranked = await this.sqlBm25("statutes", terms, k, statuteWhere(opts, params), params);
    if (ranked.length === 0) return [];
    const r = await this.db.query<RefDbRow>(`SELECT ${REF_COLUMNS} FROM statutes WHERE id = ANY($1::int[])`, [ranked.map((x) => Number(x.id))]);
    const byId = new Map(r.rows.map((row) => [Number(row.id), row]));
    return ranked.flatMap((x) => {
      const row = byId.get(Number(x.id));
      return row ? [toRef(row, x.score)] : [];
    });
  }

  private lawGroups: { index: MemoryLexicalIndex<StatuteAttrs>; groups: Map<string, Int32Array> } | undefined;

  /** The statute index's document ordinals by law title and short title (built once per index). */
  private lawOrdinals(index: MemoryLexicalIndex<StatuteAttrs>): Map<string, Int32Array> {
    if (this.lawGroups?.index !== index) this.lawGroups = { index, groups: index.groupOrdinals((a) => [a.law, a.shortTitle]) };
    return this.lawGroups.groups;
  }

  async statutesByIds(ids: number[]): Promise<Array<StatuteArticle & { id: number }>> {
    if (ids.length === 0) return [];
    const byId = await this.statuteRowsById(ids);
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [{ ...toArticle(row), id }] : [];
    });
  }

  /**
   * Rows that change only with a corpus version, kept for that version: statute rows by id and
   * by reference, case rows by id. A search then fetches no text it fetched before; the cache
   * empties when the version moves.
   */
  private rowCache:
    | { statutes: string; cases: string; statuteById: Map<number, StatuteDbRow>; statuteByRef: Map<string, StatuteDbRow | null>; caseById: Map<string, CaseDbRow> }
    | undefined;

  private async rowCacheFor(): Promise<NonNullable<SqlStore["rowCache"]>> {
    const [statutes, cases] = await Promise.all([this.corpusVersion("statutes"), this.corpusVersion("cases")]);
    const c = this.rowCache;
    if (c && c.statutes === statutes && c.cases === cases) return c;
    this.rowCache = { statutes, cases, statuteById: new Map(), statuteByRef: new Map(), caseById: new Map() };
    return this.rowCache;
  }

  private async statuteRowsById(ids: number[]): Promise<Map<number, StatuteDbRow>> {
    const cache = await this.rowCacheFor();
    await fillRowCache(cache.statuteById, ids, (row) => Number(row.id), async (missing) =>
      (await this.db.query<StatuteDbRow>(`SELECT ${STATUTE_COLUMNS} FROM statutes WHERE id = ANY($1::int[])`, [missing])).rows,
    );
    return new Map(ids.flatMap((id) => {
      const row = cache.statuteById.get(id);
      return row ? [[id, row] as const] : [];
    }));
  }

  private async statutesById(ranked: Array<{ id: number | string; score: number }>): Promise<StatuteHit[]> {
    if (ranked.length === 0) return [];
    const byId = await this.statuteRowsById(ranked.map((x) => Number(x.id)));
    return ranked.flatMap((x) => {
      const row = byId.get(Number(x.id));
      return row ? [{ ...toArticle(row), score: x.score }] : [];
    });
  }

  async lexicalSearchCases(query: string, opts: CaseFilter = {}): Promise<CaseHit[]> {
    const k = checkK(opts.k);
    const terms = queryTerms(lexicalTokens(checkQuery(query)));
    if (terms.length === 0) return [];
    let ranked: Array<{ id: number | string; score: number }>;
    if (this.useMemoryIndex) {
      const index = await this.caseIndex();
      ranked = index.search(terms, k, (a) => !opts.typeCode || a.typeCode === opts.typeCode);
    } else {
      const params: unknown[] = [];
      const where: string[] = [];
      if (opts.typeCode) {
        params.push(opts.typeCode);
        where.push(`s.type_code = $${params.length}`);
      }
      ranked = await this.sqlBm25("cases", terms, k, where, params);
    }
    return this.casesById(ranked);
  }

  private async casesById(ranked: Array<{ id: number | string; score: number }>): Promise<CaseHit[]> {
    if (ranked.length === 0) return [];
    const cache = await this.rowCacheFor();
    await fillRowCache(cache.caseById, ranked.map((x) => String(x.id)), (row) => row.id, async (missing) =>
      (await this.db.query<CaseDbRow>(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = ANY($1::text[])`, [missing])).rows,
    );
    return ranked.flatMap((x) => {
      const row = cache.caseById.get(String(x.id));
      return row ? [{ ...toCase(row), score: x.score }] : [];
    });
  }

  // ---- vector -------------------------------------------------------------

  async vectorSearchStatutes(embedding: number[], opts: StatuteFilter = {}): Promise<StatuteHit[]> {
    const rows = await this.nearestStatutes<StatuteDbRow>(STATUTE_COLUMNS, embedding, opts);
    return rows.map((row) => ({ ...toArticle(row), score: 1 - Number(row.distance) }));
  }

  async rankStatutesVector(embedding: number[], opts: StatuteFilter = {}): Promise<StatuteRef[]> {
    const rows = await this.nearestStatutes<RefDbRow>(REF_COLUMNS, embedding, opts);
    return rows.map((row) => toRef(row, 1 - Number(row.distance)));
  }

  /** The k statutes nearest to `embedding` under the filter, with the given columns and their distance. */
  private async nearestStatutes<T>(columns: string, embedding: number[], opts: StatuteFilter): Promise<Array<T & { distance: number }>> {
    const params: unknown[] = [this.vectorParam(embedding)];
    const where = statuteWhere(opts, params);
    return this.nearest<T>("statutes", columns, where, params, checkK(opts.k));
  }

  async vectorSearchCases(embedding: number[], opts: CaseFilter = {}): Promise<CaseHit[]> {
    const params: unknown[] = [this.vectorParam(embedding)];
    const where: string[] = [];
    if (opts.typeCode) {
      params.push(opts.typeCode);
      where.push(`s.type_code = $${params.length}`);
    }
    // Ids first, rows from the version-scoped cache: shipping 50 narratives per query through
    // PGlite's wire protocol cost more than the search itself.
    const rows = await this.nearest<{ id: string }>("cases", "id", where, params, checkK(opts.k));
    return this.casesById(rows.map((row) => ({ id: row.id, score: 1 - Number(row.distance) })));
  }

  /** k nearest rows of `table` (alias s) to the vector in params[0], under `where`. */
  private async nearest<T>(table: Corpus, columns: string, where: string[], params: unknown[], k: number): Promise<Array<T & { distance: number }>> {
    params.push(k);
    // Outer sort: relaxed_order iterative scans may return rows slightly out of order.
    const r = await this.db.query<T & { distance: number }>(
      `SELECT * FROM (
         SELECT ${columns.split(", ").map((c) => "s." + c).join(", ")}, s.embedding <=> $1::vector AS distance
         FROM ${table} s WHERE ${["s.embedding IS NOT NULL", ...where].join(" AND ")}
         ORDER BY s.embedding <=> $1::vector LIMIT $${params.length}
       ) x ORDER BY distance, id`,
      params,
    );
    return r.rows;
  }

  // ---- lookups ------------------------------------------------------------

  async getArticle(law: string, article: number, articleSub?: number): Promise<StatuteArticle | null> {
    return (await this.findArticles([{ law, article, ...(articleSub !== undefined ? { articleSub } : {}) }]))[0] ?? null;
  }

  async findArticles(refs: ArticleRef[]): Promise<StatuteArticle[]> {
    return (await this.cachedArticleRows(refs)).map(toArticle);
  }

  async findArticleRefs(refs: ArticleRef[]): Promise<StatuteRef[]> {
    return (await this.cachedArticleRows(refs)).map((r) => toRef(r, 0));
  }

  /** findArticleRows for the references not looked up before under this corpus version; in ref order, found ones only. */
  private async cachedArticleRows(refs: ArticleRef[]): Promise<StatuteDbRow[]> {
    if (refs.length === 0) return [];
    const cache = await this.rowCacheFor();
    const keys = refs.map(refKey);
    const missing = refs.filter((_, i) => !cache.statuteByRef.has(keys[i] as string));
    if (missing.length > 0) {
      // Not-found references are remembered too (null), so they are not looked up again.
      const found = new Map((await this.findArticleRows(missing)).map((row) => [row.ord, row]));
      missing.forEach((ref, i) => remember(cache.statuteByRef, refKey(ref), found.get(i) ?? null));
    }
    return keys.flatMap((key) => {
      const row = cache.statuteByRef.get(key);
      return row ? [row] : [];
    });
  }

  /** The stored row for each reference (current version first), tagged with the reference's index; missing ones absent. */
  private async findArticleRows(refs: ArticleRef[]): Promise<Array<StatuteDbRow & { ord: number }>> {
    if (refs.length === 0) return [];
    const ords: number[] = [];
    const names: string[] = [];
    const articles: number[] = [];
    const subs: number[] = [];
    refs.forEach((ref, i) => {
      for (const name of lawNames(ref.law)) {
        ords.push(i);
        names.push(name);
        articles.push(ref.article);
        subs.push(ref.articleSub ?? 0);
      }
    });
    const r = await this.db.query<StatuteDbRow & { ord: number }>(
      // Two index lookups per name instead of an OR join: the planner turned `law = … OR short_title = …`
      // into a bitmap scan over every row with the article number (~7 ms per reference on PGlite).
      `SELECT DISTINCT ON (r.ord) r.ord, s.*
       FROM unnest($1::int[], $2::text[], $3::int[], $4::int[]) AS r(ord, name, article, sub)
       CROSS JOIN LATERAL (
         SELECT ${STATUTE_COLUMNS} FROM statutes WHERE law = r.name AND article = r.article AND article_sub = r.sub
         UNION ALL
         SELECT ${STATUTE_COLUMNS} FROM statutes WHERE short_title = r.name AND article = r.article AND article_sub = r.sub
       ) s
       ORDER BY r.ord, s.superseded, s.version DESC NULLS LAST, s.id`,
      [ords, names, articles, subs],
    );
    return r.rows.sort((a, b) => a.ord - b.ord);
  }

  async listArticlesBySource(source: string): Promise<Array<StatuteArticle & { contentHash: string }>> {
    const r = await this.db.query<StatuteDbRow>(`SELECT ${STATUTE_COLUMNS} FROM statutes WHERE source = $1 ORDER BY article, article_sub`, [source]);
    return r.rows.map((row) => ({ ...toArticle(row), contentHash: row.content_hash }));
  }

  async getCase(id: string): Promise<CaseRecord | null> {
    const r = await this.db.query<CaseDbRow>(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = $1`, [id]);
    return r.rows[0] ? toCase(r.rows[0]) : null;
  }

  // ---- progress, stats ----------------------------------------------------

  async getIngestProgress(kind: "statutes" | "cases"): Promise<Map<string, IngestProgressRow>> {
    const r = await this.db.query<{ source: string; content_hash: string; articles: number; updated_at: unknown }>(
      "SELECT source, content_hash, articles, updated_at FROM ingest_progress WHERE kind = $1",
      [kind],
    );
    return new Map(
      r.rows.map((x) => [
        x.source,
        { source: x.source, contentHash: x.content_hash, articles: Number(x.articles), updatedAt: new Date(String(x.updated_at)).toISOString() },
      ]),
    );
  }

  async setIngestProgress(kind: "statutes" | "cases", row: Omit<IngestProgressRow, "updatedAt">, tx?: SqlClient): Promise<void> {
    await (tx ?? this.db).query(
      `INSERT INTO ingest_progress (kind, source, content_hash, articles) VALUES ($1, $2, $3, $4)
       ON CONFLICT (kind, source) DO UPDATE SET content_hash = EXCLUDED.content_hash, articles = EXCLUDED.articles, updated_at = now()`,
      [kind, row.source, row.contentHash, row.articles],
    );
  }

  async warmup(): Promise<void> {
    if (this.useMemoryIndex) await Promise.all([this.statuteIndex(), this.caseIndex()]);
    else await Promise.all([this.sqlLexicalStats("statutes"), this.sqlLexicalStats("cases")]);
  }

  async stats(): Promise<StoreStats> {
    const r = await this.db.query<{ articles: string; laws: string; cases: string; embedded: string; size: string }>(
      `SELECT (SELECT count(*) FROM statutes) AS articles,
              (SELECT count(DISTINCT source) FROM statutes) AS laws,
              (SELECT count(*) FROM cases) AS cases,
              (SELECT count(*) FROM statutes WHERE embedding IS NOT NULL) AS embedded,
              (SELECT pg_total_relation_size('statutes') + pg_total_relation_size('cases') + pg_total_relation_size('lexical_terms')) AS size`,
    );
    const row = r.rows[0];
    return {
      articles: Number(row?.articles ?? 0),
      laws: Number(row?.laws ?? 0),
      cases: Number(row?.cases ?? 0),
      embeddedArticles: Number(row?.embedded ?? 0),
      embeddingModel: this.embeddingModel,
      dimensions: this.dimensions,
      backend: this.backend,
      sizeBytes: Number(row?.size ?? 0),
    };
  }

  async close(): Promise<void> {
    this.memory = {};
    await this.db.close();
  }
}

export async function openStore(settings: StoreSettings): Promise<Store> {
  const { client, backend } = await openSqlBackend(settings);
  const store = new SqlStore(client, backend, settings);
  try {
    await store.migrate();
  } catch (e) {
    await client.close().catch(() => {});
    throw e;
  }
  return store;
}

// Exposed for tests that compare the SQL ranking with the in-process one.
export { bm25Idf, bm25TermScore };
