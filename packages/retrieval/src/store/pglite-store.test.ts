import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MIN_DOCS_FOR_DF_CUT } from "./bm25.ts";
import { openStore, SqlStore } from "./sql-store.ts";
import { toStorageError, vectorMissing } from "./storage-errors.ts";
import { CONTRACT_DIMENSIONS, CONTRACT_STATUTES, runStoreContract } from "./store.case.ts";

const dirs: string[] = [];
const tempDir = async () => {
  const d = await mkdtemp(path.join(os.tmpdir(), "mediate-pglite-"));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

runStoreContract("PGlite", async () =>
  openStore({ dataDir: await tempDir(), dimensions: CONTRACT_DIMENSIONS, embeddingModel: "contract-test", pgliteThread: "main" }),
);

runStoreContract("PGlite (worker thread)", async () =>
  openStore({ dataDir: await tempDir(), dimensions: CONTRACT_DIMENSIONS, embeddingModel: "contract-test", pgliteThread: "worker" }),
);

describe("PGlite store on disk", () => {
  it("reopening keeps the data; a dimension or model mismatch is a clear error", async () => {
    const dataDir = await tempDir();
    const first = await openStore({ dataDir, dimensions: CONTRACT_DIMENSIONS, embeddingModel: "m1" });
    await first.upsertStatutes(CONTRACT_STATUTES.slice(0, 2));
    await first.close();
    const again = await openStore({ dataDir, dimensions: CONTRACT_DIMENSIONS, embeddingModel: "m1" });
    expect((await again.stats()).articles).toBe(2);
    expect((await again.getArticle("劳动合同法", 30))?.text).toBe(CONTRACT_STATUTES[0]?.text);
    await again.close();
    await expect(openStore({ dataDir, dimensions: 16, embeddingModel: "m1" })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(/8-dimensional/),
    });
    await expect(openStore({ dataDir, dimensions: CONTRACT_DIMENSIONS, embeddingModel: "other" })).rejects.toMatchObject({
      message: expect.stringMatching(/embedded with model "m1"/),
    });
  });

  it("a bulk load rebuilds the search indexes", async () => {
    const store = await openStore({ dimensions: CONTRACT_DIMENSIONS, embeddingModel: "m" });
    await store.bulkLoad(async () => {
      const during = await store.db.query("SELECT indexname FROM pg_indexes WHERE indexname = 'statutes_embedding_hnsw'");
      expect(during.rows.length).toBe(0);
      await store.upsertStatutes(CONTRACT_STATUTES);
    });
    const after = await store.db.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE tablename = 'statutes'");
    expect(after.rows.map((r) => r.indexname)).toEqual(expect.arrayContaining(["statutes_embedding_hnsw", "statutes_tokens_gin"]));
    await store.close();
  });
});

describe("storage error mapping", () => {
  const err = (code: string, message = "x") => Object.assign(new Error(message), { code });
  it.each([
    ["EROFS", "storage_read_only"],
    ["EACCES", "storage_read_only"],
    ["ENOSPC", "storage_full"],
    ["53100", "storage_full"],
    ["ECONNREFUSED", "database_unavailable"],
    ["57P03", "database_unavailable"],
    ["28P01", "database_unavailable"],
  ])("%s → %s", (code, expected) => {
    expect(toStorageError(err(code), "test").code).toBe(expected);
  });
  it("a missing vector extension says how to install it", () => {
    expect(toStorageError(err("58P01", 'could not open extension control file "vector.control"'), "x").code).toBe("vector_extension_missing");
    expect(vectorMissing().message).toMatch(/CREATE EXTENSION vector/);
  });
});

describe("lexical ranking on a corpus large enough for the common-term cut", () => {
  it("the in-process index and the SQL ranking agree when near-universal terms are skipped", async () => {
    const store = await openStore({ dimensions: CONTRACT_DIMENSIONS, embeddingModel: "m" });
    try {
      const topics = ["劳动报酬", "加班费", "离婚", "抚养费", "漏水", "借款利息", "工伤", "物业费"];
      // Every article says 应当 and 规定 (cut at 20%); topic words are in one article in eight.
      const rows = Array.from({ length: MIN_DOCS_FOR_DF_CUT + 40 }, (_, i) => ({
        ...(CONTRACT_STATUTES[0] as (typeof CONTRACT_STATUTES)[number]),
        law: `测试法${Math.floor(i / 100)}`,
        shortTitle: `测试法${Math.floor(i / 100)}`,
        article: (i % 100) + 1,
        label: `第${(i % 100) + 1}条`,
        source: `测试/${Math.floor(i / 100)}.md`,
        text: `用人单位应当依照规定处理${topics[i % topics.length]}事项，第${i}项${i % 7 === 0 ? "，并应当及时通知劳动者" : ""}。`,
        embedding: null,
      }));
      await store.upsertStatutes(rows);
      const sqlStore = new SqlStore(store.db, store.backend, { dimensions: store.dimensions, embeddingModel: store.embeddingModel, memoryLexicalIndex: false });
      for (const q of ["应当规定劳动报酬", "离婚 抚养费 应当", "应当及时通知"]) {
        const memory = await store.lexicalSearchStatutes(q, { k: 20 });
        const sql = await sqlStore.lexicalSearchStatutes(q, { k: 20 });
        expect(memory.length).toBe(20);
        expect(sql.map((h) => [h.law, h.article])).toEqual(memory.map((h) => [h.law, h.article]));
        sql.forEach((h, i) => expect(h.score).toBeCloseTo(memory[i]?.score ?? NaN, 6));
      }
      // Only the common terms: nothing left to score.
      expect(await store.lexicalSearchStatutes("应当 规定", { k: 5 })).toEqual([]);
      expect(await sqlStore.lexicalSearchStatutes("应当 规定", { k: 5 })).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
