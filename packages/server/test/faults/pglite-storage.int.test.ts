// Fault injection: the PGlite data directory on a real tmpfs that is made read-only or fills
// up. Needs root and mount(8) — CI runs as root — and FAILS (never skips) when mounting is
// not permitted. Invariants: a clear MediateError (storage_read_only / storage_full) or a 503
// problem at the API, the process keeps serving, and reopening the directory afterwards finds
// exactly the data committed before the fault (nothing lost, nothing half-written).
import "@hono/zod-openapi";
import { isMediateError } from "@mediate/core";
import { analyzeCase } from "@mediate/core/analyze/analyze-case.ts";
import { createRetrieval } from "@mediate/retrieval/search/create-retrieval.ts";
import { openStore } from "@mediate/retrieval/store/sql-store.ts";
import type { Store, StatuteRow } from "@mediate/retrieval/store/types.ts";
import { execFileSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/http/create-app.ts";
import { ProblemSchema } from "../../src/http/problem.ts";
import { createRecommender } from "../../src/recommendation/create-recommender.ts";
import { createServerState } from "../../src/state/create-server-state.ts";

const DIMENSIONS = 32;
const mounts: string[] = [];

function mountTmpfs(sizeMb: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mediate-tmpfs-"));
  // Deliberately not caught: without permission to mount, this test must fail, not skip.
  execFileSync("mount", ["-t", "tmpfs", "-o", `size=${sizeMb}m,mode=0755`, "tmpfs", dir], { stdio: "pipe" });
  mounts.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of mounts.splice(0)) {
    try {
      execFileSync("umount", [dir], { stdio: "pipe" });
    } catch {
      execFileSync("umount", ["-l", dir], { stdio: "pipe" });
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

const row = (n: number): StatuteRow => ({
  law: "中华人民共和国测试法",
  shortTitle: "测试法",
  level: "law",
  article: n,
  label: `第${n}条`,
  chapterPath: ["第一章 总则"],
  text: `测试条文第${n}条：当事人应当遵守约定。`.repeat(20),
  version: "2020-01-01",
  superseded: false,
  source: "测试/测试法.md",
  embedding: null,
});

async function open(dataDir: string): Promise<Store> {
  return openStore({ dataDir, dimensions: DIMENSIONS, embeddingModel: "test-hash-32" });
}

async function snapshot(store: Store) {
  const statutes = await store.db.query("SELECT article, text FROM statutes ORDER BY article");
  const keys = await store.db.query("SELECT id, name, key_hash FROM api_keys ORDER BY id");
  const sessions = await store.db.query("SELECT id, token_hash FROM kiosk_sessions ORDER BY id");
  return { statutes: statutes.rows, keys: keys.rows, sessions: sessions.rows };
}

async function expectStorageError(promise: Promise<unknown>, code: "storage_read_only" | "storage_full") {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected MediateError ${code}`).not.toBeNull();
  expect(isMediateError(error) ? `${error.code}: ${error.message}` : String(error)).toMatch(new RegExp(`^${code}:`));
}

describe("PGlite data directory on a real tmpfs", () => {
  it("read-only: opening it is a clear storage_read_only error; after remount rw all committed data is there", async () => {
    const mount = mountTmpfs(128);
    const dataDir = path.join(mount, "pglite");
    const store = await open(dataDir);
    const state = await createServerState({ db: store.db, pepper: "storage-pepper" });
    await store.upsertStatutes([1, 2, 3].map(row));
    const key = (await state.apiKeys.create({ name: "before-fault", scopes: ["read"] })).key;
    await state.sessions.create();
    await state.close();
    const before = await snapshot(store);
    await store.close();

    execFileSync("mount", ["-o", "remount,ro", mount], { stdio: "pipe" });
    await expectStorageError(open(dataDir), "storage_read_only");

    execFileSync("mount", ["-o", "remount,rw", mount], { stdio: "pipe" });
    const reopened = await open(dataDir);
    try {
      expect(await snapshot(reopened)).toEqual(before);
      const state2 = await createServerState({ db: reopened.db, pepper: "storage-pepper" });
      expect((await state2.apiKeys.verify(key))?.name).toBe("before-fault");
      await state2.close();
    } finally {
      await reopened.close();
    }
  }, 120_000);

  it("full: writes fail with storage_full (503 at the API), reads go on, and nothing committed is lost", async () => {
    const mount = mountTmpfs(64);
    const dataDir = path.join(mount, "pglite");
    const store = await open(dataDir);
    const state = await createServerState({ db: store.db, pepper: "storage-pepper" });
    await store.upsertStatutes([1, 2, 3].map(row));
    await state.apiKeys.create({ name: "before-fault", scopes: ["admin"] });
    await state.sessions.create();
    const before = await snapshot(store);
    const retrieval = createRetrieval({ store, embeddings: { model: "test-hash-32", dimensions: DIMENSIONS, embedQuery: async () => new Array<number>(DIMENSIONS).fill(0.1), embedDocuments: async (t: string[]) => t.map(() => new Array<number>(DIMENSIONS).fill(0.1)) } });
    const app = createApp({
      retrieval,
      recommender: createRecommender({ retrieval }),
      analyze: analyzeCase,
      state,
      ingestStatus: () => ({ state: "done" }),
      logger: () => undefined,
      settings: { anonymousRatePerMinute: 1_000_000 },
    });

    // Fill the file system to the last block.
    const filler = path.join(mount, "filler");
    const fd = openSync(filler, "w");
    const block = Buffer.alloc(1 << 16, 0x61);
    try {
      for (let i = 0; i < 100_000; i++) writeSync(fd, block);
      throw new Error("tmpfs did not fill up");
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toBe("ENOSPC");
    } finally {
      closeSync(fd);
    }

    // A large write cannot fit: a clear storage_full, nothing half-written.
    await expectStorageError(store.upsertStatutes(Array.from({ length: 2_000 }, (_, i) => row(100 + i))), "storage_full");
    // At the API: a kiosk chat needs a new session row → 503 problem, not a 500 or a crash.
    let sawFull = false;
    for (let i = 0; i < 20 && !sawFull; i++) {
      const res = await app.request("/v1/chat", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ message: "楼上漏水".repeat(200) }) });
      if (res.status === 200) {
        await res.text();
        continue; // small rows may still fit in a page with room left
      }
      expect(res.status).toBe(503);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(ProblemSchema.parse(await res.json()).code).toBe("storage_full");
      sawFull = true;
    }
    // Bulk writes through the store fail the same way each time (no degradation into other errors).
    await expectStorageError(store.upsertStatutes(Array.from({ length: 2_000 }, (_, i) => row(5_000 + i))), "storage_full");
    // Reads still work while full.
    expect((await store.getArticle("测试法", 2))?.text).toBe(row(2).text);
    expect((await app.request("/v1/analyze", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "楼上漏水把我家泡了" }) })).status).toBe(200);

    // Space is freed: writes work again; reopening finds everything committed, and only that.
    rmSync(filler);
    await store.upsertStatutes([row(4)]);
    const committed = await snapshot(store);
    expect(committed.statutes).toEqual([...before.statutes, { article: 4, text: row(4).text }]);
    await state.close();
    await store.close();
    const reopened = await open(dataDir);
    try {
      expect(await snapshot(reopened)).toEqual(committed);
    } finally {
      await reopened.close();
    }
    expect(sawFull).toBe(true);
  }, 180_000);
});
