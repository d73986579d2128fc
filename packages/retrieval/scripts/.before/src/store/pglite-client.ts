// Embedded backend: PGlite (Postgres in WASM) with its vector extension, data directory on disk.
import { constants as fsConstants } from "node:fs";
import { access, mkdir } from "node:fs/promises";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite/vector";
import type { SqlClient } from "./types.ts";
import { toStorageError } from "./storage-errors.ts";

export type PgliteClientSettings = { dataDir?: string };

type Queryable = Pick<PGlite, "query"> | Transaction;

function wrap(q: Queryable, inTransaction: boolean, closeFn: () => Promise<void>, root: PGlite): SqlClient {
  const client: SqlClient = {
    async query<T>(sql: string, params?: unknown[]) {
      try {
        const r = await q.query<T>(sql, params as unknown[] | undefined);
        return { rows: r.rows };
      } catch (e) {
        throw rethrow(e);
      }
    },
    async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
      if (inTransaction) return fn(client);
      return root.transaction((tx) => fn(wrap(tx, true, closeFn, root)));
    },
    close: closeFn,
  };
  return client;
}

// SQL errors (syntax, constraint) stay as they are for the caller; only storage failures are mapped.
function rethrow(e: unknown): unknown {
  const code = typeof e === "object" && e && "code" in e ? String((e as { code: unknown }).code) : "";
  // 53100 disk_full and 25006 read_only_sql_transaction come back as SQL errors from inside PGlite.
  return /^(EROFS|EACCES|EPERM|ENOSPC|53100|25006)$/.test(code) ? toStorageError(e, "pglite") : e;
}

export async function createPgliteClient(settings: PgliteClientSettings): Promise<SqlClient> {
  try {
    if (settings.dataDir) {
      await mkdir(settings.dataDir, { recursive: true });
      // PGlite on a read-only directory aborts with a bare "unreachable"; ask the OS first (EROFS/EACCES).
      await access(settings.dataDir, fsConstants.W_OK);
    }
    const db = await PGlite.create(settings.dataDir ?? "memory://", { extensions: { vector } });
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await db.close();
    };
    return wrap(db, false, close, db);
  } catch (e) {
    throw toStorageError(e, `PGlite data directory ${settings.dataDir ?? "(memory)"}`);
  }
}
