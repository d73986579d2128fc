import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isMediateError } from "@mediate/core";
import { createPgliteClient } from "./pglite-client.ts";
import { createPgliteWorkerClient, pgliteWorkerOf } from "./pglite-worker-client.ts";
import type { SqlClient } from "./types.ts";

const dirs: string[] = [];
const tempDir = async () => {
  const d = await mkdtemp(path.join(os.tmpdir(), "mediate-pglite-worker-"));
  dirs.push(d);
  return d;
};
const clients: SqlClient[] = [];
const open = async (dataDir?: string) => {
  const c = await createPgliteWorkerClient(dataDir ? { dataDir } : {});
  clients.push(c);
  return c;
};
afterAll(async () => {
  for (const c of clients) await c.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e as Error & Record<string, unknown>,
  );

describe("PGlite in a worker thread", () => {
  it("returns the same rows as the in-thread client: bytea, jsonb, arrays, numbers, vectors, dates", async () => {
    const sql = `SELECT $1::bytea AS b, '{"a":[1,"二"]}'::jsonb AS j, ARRAY['甲','乙']::text[] AS arr, 42::int AS i,
      1.5::float8 AS f, 12345678901::bigint AS big, '[1,2,3]'::vector AS v, '2024-01-02T03:04:05Z'::timestamptz AS t, NULL AS n`;
    const params = [new Uint8Array([0, 1, 254, 255])];
    await open(); // a second worker in the same process is fine
    const worker = await open();
    await worker.query("CREATE EXTENSION IF NOT EXISTS vector");
    const inThread = await createPgliteClient({ thread: "main" });
    try {
      await inThread.query("CREATE EXTENSION IF NOT EXISTS vector");
      const expected = (await inThread.query(sql, params)).rows;
      const got = (await worker.query<Record<string, unknown>>(sql, params)).rows;
      expect(got).toEqual(expected);
      expect(got[0]?.b).toBeInstanceOf(Uint8Array);
      expect(Array.from(got[0]?.b as Uint8Array)).toEqual([0, 1, 254, 255]);
      expect(got[0]?.t).toBeInstanceOf(Date);
    } finally {
      await inThread.close();
    }
  });

  it("SQL errors keep their PostgreSQL code and message", async () => {
    const db = await open();
    await db.query("CREATE TABLE t (id int PRIMARY KEY)");
    await db.query("INSERT INTO t VALUES (1)");
    const dup = await errorOf(db.query("INSERT INTO t VALUES ($1)", [1]));
    expect(dup.code).toBe("23505");
    expect(dup.message).toMatch(/duplicate key/);
    expect(dup.constraint).toBe("t_pkey");
    expect(isMediateError(dup)).toBe(false);
    const missing = await errorOf(db.query("SELECT * FROM no_such_table"));
    expect(missing.code).toBe("42P01");
    const syntax = await errorOf(db.query("SELEC 1"));
    expect(syntax.code).toBe("42601");
    // The worker goes on serving after errors.
    expect((await db.query<{ n: number }>("SELECT count(*)::int AS n FROM t")).rows).toEqual([{ n: 1 }]);
  });

  it("storage errors from PostgreSQL are mapped as in-thread (25006 read-only transaction → storage_read_only)", async () => {
    const db = await open();
    await db.query("CREATE TABLE ro (x int)");
    const e = await errorOf(
      db.transaction(async (tx) => {
        await tx.query("SET TRANSACTION READ ONLY");
        await tx.query("INSERT INTO ro VALUES (1)");
      }),
    );
    expect(isMediateError(e) && e.code).toBe("storage_read_only");
  });

  // Root writes anyway; for root the tmpfs fault test (server/test/faults) covers this case.
  it.skipIf(process.getuid?.() === 0)("a read-only data directory is refused before the worker starts", async () => {
    const dir = await tempDir();
    await chmod(dir, 0o500);
    const e = await errorOf(createPgliteWorkerClient({ dataDir: dir }));
    expect(isMediateError(e) && e.code).toBe("storage_read_only");
  });

  it("transactions commit, roll back (fn's own error rethrown unchanged) and nest", async () => {
    const db = await open();
    await db.query("CREATE TABLE acc (id int PRIMARY KEY, v int)");
    const out = await db.transaction(async (tx) => {
      await tx.query("INSERT INTO acc VALUES (1, 10)");
      return tx.transaction(async (inner) => {
        await inner.query("INSERT INTO acc VALUES (2, 20)");
        return "done";
      });
    });
    expect(out).toBe("done");
    const boom = new Error("boom");
    const e = await errorOf(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO acc VALUES (3, 30)");
        throw boom;
      }),
    );
    expect(e).toBe(boom);
    // A SQL error inside: rolled back, the error keeps its code.
    const dup = await errorOf(
      db.transaction(async (tx) => {
        await tx.query("UPDATE acc SET v = 0");
        await tx.query("INSERT INTO acc VALUES (1, 1)");
      }),
    );
    expect(dup.code).toBe("23505");
    expect((await db.query("SELECT id, v FROM acc ORDER BY id")).rows).toEqual([
      { id: 1, v: 10 },
      { id: 2, v: 20 },
    ]);
  });

  it("queries from outside a transaction wait until it ends and never see its uncommitted rows", async () => {
    const db = await open();
    await db.query("CREATE TABLE iso (x int)");
    const seen: number[] = [];
    let outside: Promise<unknown> | undefined;
    await db.transaction(async (tx) => {
      await tx.query("INSERT INTO iso VALUES (1)");
      outside = db.query<{ n: number }>("SELECT count(*)::int AS n FROM iso").then((r) => seen.push(r.rows[0]?.n ?? -1));
      // Give the outside query every chance to run early.
      await new Promise((r) => setTimeout(r, 50));
      await tx.query("INSERT INTO iso VALUES (2)");
      expect(seen).toEqual([]);
    });
    await outside;
    expect(seen).toEqual([2]);
  });

  it("concurrent queries all get their own answers", async () => {
    const db = await open();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => db.query<{ i: number }>("SELECT $1::int AS i", [i])));
    expect(results.map((r) => r.rows[0]?.i)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("data on disk survives close and reopen (also by the in-thread client)", async () => {
    const dataDir = await tempDir();
    const first = await createPgliteWorkerClient({ dataDir });
    await first.query("CREATE TABLE keep (s text)");
    await first.query("INSERT INTO keep VALUES ('调解')");
    await first.close();
    const main = await createPgliteClient({ dataDir, thread: "main" });
    expect((await main.query("SELECT s FROM keep")).rows).toEqual([{ s: "调解" }]);
    await main.close();
  });

  it("a crashed worker fails pending and later calls with database_unavailable; the process goes on", async () => {
    const db = await createPgliteWorkerClient({});
    const worker = pgliteWorkerOf(db);
    expect(worker).toBeDefined();
    // A slow query in flight when the worker dies.
    const inFlight = errorOf(db.query("SELECT pg_sleep(2)"));
    await new Promise((r) => setTimeout(r, 100));
    await worker?.terminate();
    const pending = await inFlight;
    expect(isMediateError(pending) && pending.code).toBe("database_unavailable");
    expect(pending.message).toMatch(/PGlite/);
    const later = await errorOf(db.query("SELECT 1"));
    expect(isMediateError(later) && later.code).toBe("database_unavailable");
    const tx = await errorOf(db.transaction(async () => "never"));
    expect(isMediateError(tx) && tx.code).toBe("database_unavailable");
    await db.close();
    await db.close();
  });

  it("close is idempotent and later calls are a clear error", async () => {
    const db = await createPgliteWorkerClient({});
    await db.query("SELECT 1");
    await Promise.all([db.close(), db.close()]);
    await db.close();
    const e = await errorOf(db.query("SELECT 1"));
    expect(isMediateError(e) && e.message).toMatch(/PGlite.*closed/);
  });
});
