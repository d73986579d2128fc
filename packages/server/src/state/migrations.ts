// Server tables, versioned in their own `server_schema_migrations` table. The whole run
// holds a transaction-scoped advisory lock so instances starting together migrate once.
import type { SqlClient } from "@mediate/retrieval/store/types.ts";

type Migration = { version: number; name: string; sql: string[] };

export const SERVER_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: "keys, sessions, case codes, audit",
    sql: [
      `CREATE TABLE IF NOT EXISTS server_secrets (
         name text PRIMARY KEY,
         value text NOT NULL,
         created_at timestamptz NOT NULL DEFAULT now())`,
      `CREATE TABLE IF NOT EXISTS api_keys (
         id text PRIMARY KEY,
         name text NOT NULL,
         key_hash text NOT NULL,
         scopes text[] NOT NULL,
         rate_limit_per_minute integer,
         created_at timestamptz NOT NULL DEFAULT now(),
         revoked_at timestamptz)`,
      `CREATE TABLE IF NOT EXISTS kiosk_sessions (
         id text PRIMARY KEY,
         token_hash text NOT NULL,
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now(),
         messages jsonb NOT NULL DEFAULT '[]'::jsonb,
         intake jsonb NOT NULL DEFAULT '{}'::jsonb,
         case_code text,
         script text,
         data jsonb NOT NULL DEFAULT '{}'::jsonb)`,
      `CREATE INDEX IF NOT EXISTS kiosk_sessions_updated_idx ON kiosk_sessions (updated_at)`,
      `CREATE TABLE IF NOT EXISTS case_codes (
         code text PRIMARY KEY,
         session_id text,
         created_at timestamptz NOT NULL DEFAULT now())`,
      `CREATE UNIQUE INDEX IF NOT EXISTS case_codes_session_idx ON case_codes (session_id) WHERE session_id IS NOT NULL`,
      `CREATE TABLE IF NOT EXISTS audit_log (
         id bigserial PRIMARY KEY,
         at timestamptz NOT NULL DEFAULT now(),
         request_id text NOT NULL,
         actor text NOT NULL,
         method text NOT NULL,
         route text NOT NULL,
         status integer NOT NULL,
         duration_ms real NOT NULL,
         case_ref text,
         type_code text,
         text text)`,
      `CREATE INDEX IF NOT EXISTS audit_log_at_idx ON audit_log (at)`,
    ],
  },
  {
    version: 2,
    name: "server meta (ingest state shared by instances)",
    sql: [
      `CREATE TABLE IF NOT EXISTS server_meta (
         name text PRIMARY KEY,
         value jsonb NOT NULL,
         updated_at timestamptz NOT NULL DEFAULT now())`,
    ],
  },
];

// Any stable 64-bit number; hashtext() would differ in nothing but readability.
const MIGRATION_LOCK_KEY = 726_381_905_117;

/** Applies missing migrations; returns the versions this call applied (empty when up to date). */
export async function migrateServerState(db: SqlClient): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock($1)`, [MIGRATION_LOCK_KEY]);
    await tx.query(`CREATE TABLE IF NOT EXISTS server_schema_migrations (
       version integer PRIMARY KEY,
       name text NOT NULL,
       applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await tx.query<{ version: number }>(`SELECT version FROM server_schema_migrations`);
    const done = new Set(rows.map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const m of SERVER_MIGRATIONS) {
      if (done.has(m.version)) continue;
      for (const statement of m.sql) await tx.query(statement);
      await tx.query(`INSERT INTO server_schema_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}
