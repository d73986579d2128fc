// Embedded backend: PGlite (Postgres in WASM) with its vector extension, data directory on disk.
import { constants as fsConstants } from "node:fs";
import { access, mkdir } from "node:fs/promises";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite/vector";
import type { SqlClient } from "./types.ts";
import { createPgliteWorkerClient } from "./pglite-worker-client.ts";
import { toStorageError } from "./storage-errors.ts";

export type PgliteThread = "worker" | "main";

/**
 * Where PGlite runs when SqlClientSettings.pgliteThread is not set. A worker thread, for data
 * directories and in-memory stores alike: PGlite's synchronous WASM queries then overlap the
 * request-handling JS (load benchmark ~103 → ~205 req/s, p99 ~385 → ~184 ms; docs/store.md).
 */
export const DEFAULT_PGLITE_THREAD: PgliteThread = "worker";

export type PgliteClientSettings = {
  dataDir?: string;
  /** "worker": PGlite in a worker thread (pglite-worker-client.ts); "main": in this thread. */
  thread?: PgliteThread;
};

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
export function rethrow(e: unknown): unknown {
  const code = typeof e === "object" && e && "code" in e ? String((e as { code: unknown }).code) : "";
  // 53100 disk_full and 25006 read_only_sql_transaction come back as SQL errors from inside PGlite.
  return /^(EROFS|EACCES|EPERM|ENOSPC|53100|25006)$/.test(code) ? toStorageError(e, "pglite") : e;
}

/** Creates the data directory and checks it is writable (throws the raw fs error). */
export async function prepareDataDir(dataDir: string | undefined): Promise<void> {
  if (!dataDir) return;
  await mkdir(dataDir, { recursive: true });
  // PGlite on a read-only directory aborts with a bare "unreachable"; ask the OS first (EROFS/EACCES).
  await access(dataDir, fsConstants.W_OK);
}

export const pgliteWhere = (dataDir: string | undefined) => `PGlite data directory ${dataDir ?? "(memory)"}`;

export async function createPgliteClient(settings: PgliteClientSettings): Promise<SqlClient> {
  if ((settings.thread ?? DEFAULT_PGLITE_THREAD) === "worker") return createPgliteWorkerClient(settings);
  try {
    await prepareDataDir(settings.dataDir);
    const db = await PGlite.create(settings.dataDir ?? "memory://", { extensions: { vector } });
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await db.close();
    };
    return wrap(db, false, close, db);
  } catch (e) {
    throw toStorageError(e, pgliteWhere(settings.dataDir));
  }
}
