// The store contract against real PostgreSQL + pgvector (MEDIATE_TEST_DATABASE_URL, e.g. from
// scripts/pg-test-server.sh). Each run works in its own schema, dropped afterwards.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { MIGRATIONS } from "./migrations.ts";
import { openStore } from "./sql-store.ts";
import { CONTRACT_DIMENSIONS, CONTRACT_STATUTES, runStoreContract } from "./store.case.ts";

const url = process.env.MEDIATE_TEST_DATABASE_URL;
if (!url) throw new Error("MEDIATE_TEST_DATABASE_URL is not set: start PostgreSQL with `bash scripts/pg-test-server.sh start` and export its URL");

const schemas: string[] = [];
const newSchema = () => {
  const s = `mediate_t_${process.pid}_${randomBytes(3).toString("hex")}`;
  schemas.push(s);
  return s;
};
afterAll(async () => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await client.end();
});

runStoreContract("PostgreSQL", () => openStore({ databaseUrl: url, schema: newSchema(), dimensions: CONTRACT_DIMENSIONS, embeddingModel: "contract-test" }));

describe("PostgreSQL specifics", () => {
  it("two processes starting together migrate once", async () => {
    const schema = newSchema();
    const open = () => openStore({ databaseUrl: url, schema, dimensions: CONTRACT_DIMENSIONS, embeddingModel: "m" });
    const [a, b, c] = await Promise.all([open(), open(), open()]);
    const r = await a.db.query<{ version: number }>("SELECT version FROM schema_migrations ORDER BY version");
    expect(r.rows.map((x) => x.version)).toEqual(MIGRATIONS.map((m) => m.version));
    await a.upsertStatutes(CONTRACT_STATUTES.slice(0, 1));
    expect((await b.getArticle("劳动合同法", 30))?.article).toBe(30);
    await Promise.all([a.close(), b.close(), c.close()]);
    await expect(openStore({ databaseUrl: url, schema, dimensions: 16, embeddingModel: "m" })).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("sees its own writes at once and another process's once the version check interval has passed", async () => {
    const schema = newSchema();
    const a = await openStore({ databaseUrl: url, schema, dimensions: CONTRACT_DIMENSIONS, embeddingModel: "m" });
    const b = await openStore({ databaseUrl: url, schema, dimensions: CONTRACT_DIMENSIONS, embeddingModel: "m", versionCheckMs: 300 });
    try {
      // Both have looked the article up and searched before it existed (so both cache "nothing").
      for (const s of [a, b]) {
        expect(await s.getArticle("劳动合同法", 30)).toBeNull();
        expect(await s.lexicalSearchStatutes("拖欠劳动报酬", { k: 3 })).toEqual([]);
      }
      await a.upsertStatutes(CONTRACT_STATUTES.slice(0, 2));
      expect((await a.getArticle("劳动合同法", 30))?.text).toBe(CONTRACT_STATUTES[0]?.text);
      expect((await a.lexicalSearchStatutes("拖欠劳动报酬", { k: 3 }))[0]?.article).toBe(30);
      await new Promise((r) => setTimeout(r, 350));
      expect((await b.getArticle("劳动合同法", 30))?.text).toBe(CONTRACT_STATUTES[0]?.text);
      expect((await b.lexicalSearchStatutes("拖欠劳动报酬", { k: 3 }))[0]?.article).toBe(30);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("a database that is down gives database_unavailable with what to do", async () => {
    const down = new URL(url);
    down.port = "1";
    await expect(openStore({ databaseUrl: down.toString(), dimensions: 8, embeddingModel: "m" })).rejects.toMatchObject({
      code: "database_unavailable",
      message: expect.stringMatching(/MEDIATE_DATABASE_URL/),
    });
  });
});
