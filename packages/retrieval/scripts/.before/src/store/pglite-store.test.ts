import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "./sql-store.ts";
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
  openStore({ dataDir: await tempDir(), dimensions: CONTRACT_DIMENSIONS, embeddingModel: "contract-test" }),
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
