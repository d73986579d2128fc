// Test helper: an in-memory PGlite behind the retrieval SqlClient contract.
import { PGlite, type Transaction } from "@electric-sql/pglite";
import type { SqlClient } from "@mediate/retrieval/store/types.ts";

type Queryable = Pick<PGlite, "query"> | Transaction;

function wrap(q: Queryable, root: PGlite): SqlClient {
  return {
    async query<T>(sql: string, params?: unknown[]) {
      const result = await q.query<T>(sql, params as unknown[] | undefined);
      return { rows: result.rows };
    },
    async transaction<T>(fn: (tx: SqlClient) => Promise<T>) {
      return root.transaction((tx) => fn(wrap(tx, root)));
    },
    async close() {
      await root.close();
    },
  };
}

export async function openMemorySqlClient(): Promise<SqlClient> {
  const db = new PGlite();
  await db.waitReady;
  return wrap(db, db);
}
