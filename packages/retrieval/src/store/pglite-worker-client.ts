// Embedded backend, off the main thread: PGlite runs its queries synchronously in WASM, so
// in-process it blocks the event loop (~5 ms per recommendation). Here it lives in a worker
// thread (pglite-worker.mjs) and this SqlClient forwards calls as messages, so PGlite and the
// request handling JS use both cores. Behaviour matches createPgliteClient: same rows, SQL
// errors keep their code, storage failures map to the same MediateError.
import { Worker } from "node:worker_threads";
import { messages } from "@electric-sql/pglite";
import { MediateError } from "@mediate/core";
import type { SqlClient } from "./types.ts";
import { prepareDataDir, pgliteWhere, rethrow, type PgliteClientSettings } from "./pglite-client.ts";
import { toStorageError } from "./storage-errors.ts";

type SerializedError = {
  name: string;
  message: string;
  stack?: string;
  fields: Record<string, unknown>;
  databaseError?: boolean;
};

type Request =
  | { op: "query"; sql: string; params?: unknown[]; tx?: number }
  | { op: "begin" }
  | { op: "end"; tx: number; commit: boolean }
  | { op: "close" };

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedError };
type Control = { type: "ready" } | { type: "init-error"; error: SerializedError };

const WORKER_URL = new URL("./pglite-worker.mjs", import.meta.url);

/** The worker behind a client, for tests that simulate a crash. */
const workers = new WeakMap<SqlClient, Worker>();
export const pgliteWorkerOf = (client: SqlClient): Worker | undefined => workers.get(client);

/** Rebuilds a worker error with its fields (code, severity, detail …) and the worker's stack. */
function reviveError(s: SerializedError): Error {
  const e = s.databaseError ? new messages.DatabaseError(s.message, 0, "error") : new Error(s.message);
  Object.assign(e, s.fields);
  if (s.name !== e.name) Object.defineProperty(e, "name", { value: s.name, configurable: true, writable: true });
  if (s.stack) e.stack = s.stack;
  return e;
}

function workerDown(cause: unknown, where: string): MediateError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new MediateError("database_unavailable", `内置数据库（PGlite 工作线程，${where}）已停止运行：${reason}。请重启服务。`, {
    cause,
    details: { where },
  });
}

export async function createPgliteWorkerClient(settings: PgliteClientSettings): Promise<SqlClient> {
  const where = pgliteWhere(settings.dataDir);
  try {
    await prepareDataDir(settings.dataDir);
  } catch (e) {
    throw toStorageError(e, where);
  }

  const worker = new Worker(WORKER_URL, { workerData: { dataDir: settings.dataDir } });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  let nextId = 1;
  /** Set once the worker cannot answer any more: every later call rejects with it. */
  let failure: MediateError | undefined;
  let closing: Promise<void> | undefined;
  let onControl: ((m: Control) => void) | undefined;

  const fail = (error: MediateError) => {
    failure ??= error;
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
    worker.unref();
  };

  worker.on("message", (m: Reply | Control) => {
    if ("type" in m) return onControl?.(m);
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    // An idle worker must not keep the process alive (the in-process PGlite does not either).
    if (pending.size === 0) worker.unref();
    if (m.ok) p.resolve(m.value);
    else p.reject(reviveError(m.error));
  });
  worker.on("error", (e) => fail(workerDown(e, where)));
  worker.on("exit", (code) => fail(closing ? closedError(where) : workerDown(new Error(`worker exited with code ${code}`), where)));

  await new Promise<void>((resolve, reject) => {
    onControl = (m) => (m.type === "ready" ? resolve() : reject(reviveError(m.error)));
    worker.once("exit", () => reject(failure ?? workerDown(new Error("worker exited during start-up"), where)));
  }).catch(async (e: unknown) => {
    await worker.terminate();
    throw toStorageError(e, where);
  });
  worker.unref();

  const call = (req: Request): Promise<unknown> => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      if (pending.size === 1) worker.ref();
      worker.postMessage({ id, ...req });
    });
  };

  const close = (): Promise<void> => {
    closing ??= (async () => {
      if (!failure) {
        try {
          await call({ op: "close" });
        } catch {
          // closing anyway: the worker is terminated below
        }
      }
      failure ??= closedError(where);
      await worker.terminate();
    })();
    return closing;
  };

  const client = (tx: number | undefined): SqlClient => {
    const self: SqlClient = {
      async query<T>(sql: string, params?: unknown[]) {
        try {
          const rows = (await call({ op: "query", sql, ...(params ? { params } : {}), ...(tx === undefined ? {} : { tx }) })) as T[];
          return { rows };
        } catch (e) {
          throw rethrow(e);
        }
      },
      async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
        if (tx !== undefined) return fn(self);
        const id = (await call({ op: "begin" }).catch((e: unknown) => Promise.reject(rethrow(e)))) as number;
        let result: T;
        try {
          result = await fn(client(id));
        } catch (e) {
          // fn's error wins; a failed rollback (worker gone) must not hide it.
          await call({ op: "end", tx: id, commit: false }).catch(() => undefined);
          throw e;
        }
        try {
          await call({ op: "end", tx: id, commit: true });
        } catch (e) {
          throw rethrow(e);
        }
        return result;
      },
      close,
    };
    return self;
  };

  const root = client(undefined);
  workers.set(root, worker);
  return root;
}

function closedError(where: string): MediateError {
  return new MediateError("internal", `PGlite (worker thread, ${where}) is closed`, { details: { where } });
}
