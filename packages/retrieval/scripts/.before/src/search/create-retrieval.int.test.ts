// Hybrid retrieval against real PostgreSQL + pgvector (MEDIATE_TEST_DATABASE_URL, e.g. from
// scripts/pg-test-server.sh). Runs in its own schema, dropped afterwards.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll } from "vitest";
import { openStore } from "../store/sql-store.ts";
import { runRetrievalSuite } from "./retrieval.case.ts";

const url = process.env.MEDIATE_TEST_DATABASE_URL;
if (!url) throw new Error("MEDIATE_TEST_DATABASE_URL is not set: start PostgreSQL with `bash scripts/pg-test-server.sh start` and export its URL");

const schema = `mediate_r_${process.pid}_${randomBytes(3).toString("hex")}`;
afterAll(async () => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

runRetrievalSuite("PostgreSQL", (e) => openStore({ databaseUrl: url, schema, dimensions: e.dimensions, embeddingModel: e.model }));
