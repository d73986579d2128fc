// PGlite in a worker thread (see pglite-worker-client.ts for the protocol). Plain JavaScript on
// purpose: it is loaded by Node itself, with no TypeScript loader, from tsx, vitest and node alike.
//
// In:  { id, op: "query", sql, params, tx? } | { id, op: "begin" } | { id, op: "end", tx, commit }
//      | { id, op: "close" }
// Out: { type: "ready" } | { type: "init-error", error } once, then { id, ok: true, value }
//      | { id, ok: false, error } per message. Errors travel as plain objects (serializeError).
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite/vector";

if (!parentPort) throw new Error("pglite-worker.mjs must run in a worker thread");
const port = parentPort;

/** Thrown into an open PGlite transaction callback to make PGlite roll it back. */
const ROLLBACK = Symbol("rollback");

/** Open transactions by id: the PGlite tx, how to finish it, and its outcome. */
const txs = new Map();

/** Structured clone drops an Error's own fields (code, severity, …): send them as plain data. */
function serializeError(e) {
  if (!(e instanceof Error)) return { name: "Error", message: String(e), fields: {} };
  const fields = {};
  for (const [k, v] of Object.entries(e)) {
    // params/queryOptions are the caller's own input (possibly large embeddings): not echoed back.
    if (k === "params" || k === "queryOptions") continue;
    if (v === null || ["string", "number", "boolean", "bigint"].includes(typeof v)) fields[k] = v;
  }
  return { name: e.name, message: e.message, stack: e.stack, fields, databaseError: e.constructor?.name === "DatabaseError" };
}

function reply(id, ok, payload) {
  try {
    port.postMessage(ok ? { id, ok: true, value: payload } : { id, ok: false, error: serializeError(payload) });
  } catch (e) {
    // A value that cannot be cloned (should not happen for PGlite rows) still answers the call.
    port.postMessage({ id, ok: false, error: serializeError(e) });
  }
}

async function begin(db, id) {
  let started;
  const ready = new Promise((resolve) => (started = resolve));
  const done = db
    .transaction(
      (tx) =>
        new Promise((resolve, reject) => {
          txs.set(id, { tx, finish: (commit) => (commit ? resolve(undefined) : reject(ROLLBACK)) });
          started();
        }),
    )
    .finally(() => txs.delete(id));
  // BEGIN itself may fail (storage); then the callback never ran.
  await Promise.race([ready, done]);
  const entry = txs.get(id);
  if (!entry) throw new Error("PGlite transaction ended before it started");
  entry.done = done;
  return id;
}

async function end(txId, commit) {
  const entry = txs.get(txId);
  if (!entry) throw new Error(`unknown PGlite transaction ${txId}`);
  entry.finish(commit);
  try {
    await entry.done;
  } catch (e) {
    if (e !== ROLLBACK) throw e;
  }
  return null;
}

async function handle(db, msg) {
  switch (msg.op) {
    case "query": {
      const q = msg.tx === undefined ? db : txs.get(msg.tx)?.tx;
      if (!q) throw new Error(`unknown PGlite transaction ${msg.tx}`);
      const r = await q.query(msg.sql, msg.params);
      return r.rows;
    }
    case "begin":
      return begin(db, msg.id);
    case "end":
      return end(msg.tx, msg.commit);
    case "close":
      await db.close();
      return null;
    default:
      throw new Error(`unknown PGlite worker operation ${String(msg.op)}`);
  }
}

let db;
try {
  db = await PGlite.create(workerData?.dataDir ?? "memory://", { extensions: { vector } });
} catch (e) {
  port.postMessage({ type: "init-error", error: serializeError(e) });
}
if (db) {
  const opened = db;
  port.on("message", (msg) => {
    handle(opened, msg).then(
      (value) => reply(msg.id, true, value),
      (error) => reply(msg.id, false, error),
    );
  });
  port.postMessage({ type: "ready" });
}
