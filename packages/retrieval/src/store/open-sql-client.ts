import type { SqlClient, SqlClientSettings } from "./types.ts";
import { createPgClient } from "./pg-client.ts";
import { createPgliteClient } from "./pglite-client.ts";

export type Backend = "pglite" | "postgres";

/** PostgreSQL when databaseUrl is set, else PGlite (dataDir on disk, or in memory). */
export async function openSqlBackend(settings: SqlClientSettings): Promise<{ client: SqlClient; backend: Backend }> {
  if (settings.databaseUrl)
    return {
      client: await createPgClient({ databaseUrl: settings.databaseUrl, ...(settings.schema ? { schema: settings.schema } : {}) }),
      backend: "postgres",
    };
  return {
    client: await createPgliteClient({
      ...(settings.dataDir ? { dataDir: settings.dataDir } : {}),
      ...(settings.pgliteThread ? { thread: settings.pgliteThread } : {}),
    }),
    backend: "pglite",
  };
}

/** The raw client for other state (server: keys, sessions, audit). Prefer `store.db` when a Store is open. */
export async function openSqlClient(settings: SqlClientSettings): Promise<SqlClient> {
  return (await openSqlBackend(settings)).client;
}
