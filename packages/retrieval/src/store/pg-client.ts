// Server backend: PostgreSQL (≥ 15) with pgvector (≥ 0.7) through a `pg` pool.
import pg from "pg";
import type { SqlClient } from "./types.ts";
import { toStorageError } from "./storage-errors.ts";

export type PgClientSettings = { databaseUrl: string; schema?: string; maxConnections?: number };

const CONNECTION_CODES = /^(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|57P0[13]|0800[16]|3D000|28P01|28000|53100|25006)$/;

function mapError(e: unknown): unknown {
  const code = typeof e === "object" && e && "code" in e ? String((e as { code: unknown }).code) : "";
  return CONNECTION_CODES.test(code) ? toStorageError(e, "PostgreSQL") : e;
}

function fromPoolClient(c: pg.PoolClient): SqlClient {
  const client: SqlClient = {
    async query<T>(sql: string, params?: unknown[]) {
      try {
        const r = await c.query(sql, params);
        return { rows: r.rows as T[] };
      } catch (e) {
        throw mapError(e);
      }
    },
    transaction: (fn) => fn(client),
    close: async () => {},
  };
  return client;
}

export async function createPgClient(settings: PgClientSettings): Promise<SqlClient> {
  const schema = settings.schema;
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  const pool = new pg.Pool({
    connectionString: settings.databaseUrl,
    max: settings.maxConnections ?? 5,
    connectionTimeoutMillis: 5_000,
    // ef_search 100 + iterative scans (pgvector ≥ 0.8; ignored with a warning by 0.7) keep filtered
    // HNSW searches from returning fewer than k rows.
    options: [schema ? `-c search_path=${schema},public` : "", "-c hnsw.ef_search=100", "-c hnsw.iterative_scan=relaxed_order"].filter(Boolean).join(" "),
  });
  pool.on("error", () => {}); // idle-client errors surface on the next query instead of crashing
  try {
    if (schema) {
      const c = await pool.connect();
      try {
        // IF NOT EXISTS still races when two processes create the schema at once (a unique
        // violation on pg_namespace); a transaction-level advisory lock orders them.
        await c.query("BEGIN");
        try {
          await c.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`mediate schema ${schema}`]);
          await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
          await c.query("COMMIT");
        } catch (e) {
          await c.query("ROLLBACK").catch(() => {});
          throw e;
        }
      } finally {
        c.release();
      }
    } else {
      await pool.query("SELECT 1");
    }
  } catch (e) {
    await pool.end().catch(() => {});
    throw toStorageError(e, "PostgreSQL");
  }
  let closed = false;
  return {
    async query<T>(sql: string, params?: unknown[]) {
      try {
        const r = await pool.query(sql, params);
        return { rows: r.rows as T[] };
      } catch (e) {
        throw mapError(e);
      }
    },
    async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
      let c: pg.PoolClient;
      try {
        c = await pool.connect();
      } catch (e) {
        throw toStorageError(e, "PostgreSQL");
      }
      try {
        await c.query("BEGIN");
        const result = await fn(fromPoolClient(c));
        await c.query("COMMIT");
        return result;
      } catch (e) {
        await c.query("ROLLBACK").catch(() => {});
        throw mapError(e);
      } finally {
        c.release();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
