// Small shared facts between instances, e.g. whether the start-up ingest finished, so a
// worker that does not ingest knows when the corpus is complete and an interrupted ingest
// is resumed on the next start.
import type { SqlClient } from "@mediate/retrieval/store/types.ts";

export type IngestMark = { state: "running" | "done"; at: string; corpusDir?: string; files?: number; articles?: number };

export async function readMeta<T>(db: SqlClient, name: string): Promise<T | null> {
  const { rows } = await db.query<{ value: T | string }>(`SELECT value FROM server_meta WHERE name = $1`, [name]);
  const v = rows[0]?.value;
  if (v === undefined) return null;
  return typeof v === "string" ? (JSON.parse(v) as T) : v;
}

export async function writeMeta(db: SqlClient, name: string, value: unknown): Promise<void> {
  await db.query(
    `INSERT INTO server_meta (name, value) VALUES ($1, $2::jsonb)
     ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [name, JSON.stringify(value)],
  );
}

export const STATUTE_INGEST_MARK = "statute_ingest";
