// Two app instances against one PostgreSQL: keys, sessions, case codes and audit rows are
// shared (nothing lives in the process), and starting together migrates exactly once.
import { analyzeCase } from "@mediate/core/analyze/analyze-case.ts";
import { openSqlClient } from "@mediate/retrieval/store/open-sql-client.ts";
import type { SqlClient } from "@mediate/retrieval/store/types.ts";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeRetrieval, readTestArticles } from "../../test/test-retrieval.ts";
import { createApp } from "../http/create-app.ts";
import { createRecommender } from "../recommendation/create-recommender.ts";
import { createServerState } from "./create-server-state.ts";
import type { ServerState } from "./types.ts";

const url = process.env.MEDIATE_TEST_DATABASE_URL;
if (!url) console.warn("MEDIATE_TEST_DATABASE_URL is not set: skipping the multi-instance PostgreSQL test (see docs/testing.md)");

describe.skipIf(!url)("two server instances on one PostgreSQL", () => {
  const schema = `srv_it_${randomBytes(4).toString("hex")}`;
  const clients: SqlClient[] = [];
  const states: Array<ServerState & { migrated: number[] }> = [];
  let apps: Array<ReturnType<typeof createApp>>;

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) clients.push(await openSqlClient({ databaseUrl: url, schema }));
    // All three start at the same moment.
    states.push(...(await Promise.all(clients.map((db) => createServerState({ db, pepper: "shared-pepper" })))));
    const { retrieval } = createFakeRetrieval(readTestArticles());
    // Element schemas off: this test is about shared state, not the element model.
    const analyze = (text: string, options?: Parameters<typeof analyzeCase>[1]) => analyzeCase(text, { ...options, schemas: options?.schemas ?? [] });
    const recommender = createRecommender({ retrieval, analyze });
    apps = states.slice(0, 2).map((state) =>
      createApp({ retrieval, recommender, analyze, state, logger: () => {}, settings: { logRequests: false } }),
    );
  }, 120_000);

  afterAll(async () => {
    for (const s of states) await s.close();
    await clients[0]?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    for (const c of clients) await c.close();
  });

  it("migrates once when instances start together", async () => {
    expect(states.map((s) => s.migrated).flat()).toEqual([1, 2]);
    expect(states.filter((s) => s.migrated.length > 0)).toHaveLength(1);
    const { rows } = await clients[0]!.query<{ version: number }>(`SELECT version FROM server_schema_migrations ORDER BY version`);
    expect(rows.map((r) => Number(r.version))).toEqual([1, 2]);
  });

  it("an API key created on one instance works on the other; revocation is shared", async () => {
    const [a, b] = apps as [ReturnType<typeof createApp>, ReturnType<typeof createApp>];
    const admin = await states[0]!.apiKeys.create({ name: "ops", scopes: ["admin"] });
    const res = await a.request("/v1/admin/keys", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${admin.key}` },
      body: JSON.stringify({ name: "court platform", scopes: ["read"] }),
    });
    expect(res.status).toBe(201);
    const { key, record } = (await res.json()) as { key: string; record: { id: string } };
    const auth = { authorization: `Bearer ${key}` };
    expect((await b.request(`/v1/statutes/${encodeURIComponent("劳动合同法")}/30`, { headers: auth })).status).toBe(200);
    expect(await states[1]!.apiKeys.revoke(record.id)).toBe(true);
    expect(await states[2]!.apiKeys.verify(key)).toBeNull();
  });

  it("a kiosk conversation continues on the other instance, and stays private", async () => {
    const [a, b] = apps as [ReturnType<typeof createApp>, ReturnType<typeof createApp>];
    const first = await a.request("/v1/chat", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ message: "老板拖了三个月工资不给" }) });
    expect(first.status).toBe(200);
    const events = await first.text();
    const sessionLine = events.split("\n").find((l) => l.startsWith("data:") && l.includes("sessionToken"));
    const { sessionId, sessionToken } = JSON.parse(sessionLine!.slice(5)) as { sessionId: string; sessionToken: string };
    const second = await b.request("/v1/chat", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sessionId, sessionToken, message: "我在城南的工地干活，老板姓王" }),
    });
    expect(second.status).toBe(200);
    await second.text();
    const session = await states[0]!.sessions.load(sessionId, sessionToken);
    expect(session?.messages.filter((m) => m.role === "visitor").map((m) => m.text)).toEqual(["老板拖了三个月工资不给", "我在城南的工地干活，老板姓王"]);
    const other = await states[1]!.sessions.create();
    expect(await states[0]!.sessions.load(sessionId, other.token)).toBeNull();
  });

  it("case codes issued on one instance resolve on another", async () => {
    const s = await states[0]!.sessions.create();
    const code = await states[0]!.caseCodes.issue(s.id);
    expect((await states[1]!.caseCodes.lookup(code))?.sessionId).toBe(s.id);
    expect(await states[1]!.caseCodes.issue(s.id)).toBe(code);
  });

  it("audit rows from both instances land in the one table", async () => {
    const [a, b] = apps as [ReturnType<typeof createApp>, ReturnType<typeof createApp>];
    await a.request("/v1/analyze", { method: "POST", headers: { "content-type": "application/json", "x-request-id": "it-audit-a-0001" }, body: JSON.stringify({ text: "楼上漏水", schemas: [] }) });
    await b.request("/v1/analyze", { method: "POST", headers: { "content-type": "application/json", "x-request-id": "it-audit-b-0001" }, body: JSON.stringify({ text: "楼上漏水", schemas: [] }) });
    await Promise.all(states.map((s) => s.audit.flush()));
    const rows = await states[2]!.audit.recent(100);
    expect(rows.map((r) => r.requestId)).toEqual(expect.arrayContaining(["it-audit-a-0001", "it-audit-b-0001"]));
    expect(rows.every((r) => r.text === undefined)).toBe(true);
  });
});
