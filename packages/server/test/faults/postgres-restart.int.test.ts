// Fault injection: PostgreSQL stopped and restarted under load. The real app (createApp with
// the real store, retrieval, recommender, server state and analysis, served over HTTP on
// loopback) runs against a cluster of its own; while concurrent clients keep calling it the
// database is stopped, and every answer must come quickly — 200 where no database is needed
// (or a cache answers), otherwise 503 problem+json with Retry-After — never a hang, a 500 or a
// crash. Then the database comes back and the same app instance serves again without restart.
import "@hono/zod-openapi";
import { analyzeCase } from "@mediate/core/analyze/analyze-case.ts";
import { createEmbeddings } from "@mediate/retrieval/embeddings/create-embeddings.ts";
import { createRetrieval, type HybridRetrieval } from "@mediate/retrieval/search/create-retrieval.ts";
import { openStore } from "@mediate/retrieval/store/sql-store.ts";
import { serve, type ServerType } from "@hono/node-server";
import { mkdirSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/http/create-app.ts";
import { ProblemSchema } from "../../src/http/problem.ts";
import { createRecommender } from "../../src/recommendation/create-recommender.ts";
import { createServerState } from "../../src/state/create-server-state.ts";
import type { ServerState } from "../../src/state/types.ts";
import { readTestArticles, TEST_CASES } from "../test-retrieval.ts";
import { pgCluster } from "./pg-cluster.ts";

const PORT = Number(process.env.MEDIATE_FAULTS_PG_PORT ?? 54331);
const cluster = pgCluster("faults", PORT);
const SCHEMA = `faults_${process.pid}_${Date.now().toString(36)}`;
const BOUND_MS = 5_000;
const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../test-artifacts/faults");
const countBy = (xs: string[]) => xs.reduce<Record<string, number>>((acc, x) => ({ ...acc, [x]: (acc[x] ?? 0) + 1 }), {});

// Neighbour disputes: their analysis needs no element model, so this test is about the database only.
const FENCE = "我和邻居因为宅基地界线吵了好几年，他家新盖的院墙占了我家一米，村里调解过两次没结果，我想让他把墙拆了。";
const LEAK = "楼上卫生间漏水，把我家天花板泡坏了，物业说是楼上防水层老化，楼上不肯赔，修理要三千元。";

let retrieval: HybridRetrieval;
let state: ServerState;
let server: ServerType;
let base: string;
let readKey: string;
const logs: Array<Record<string, unknown>> = [];
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  await cluster.start();
  const embeddings = await createEmbeddings({ backend: "offline" });
  const store = await openStore({ databaseUrl: cluster.url, schema: SCHEMA, dimensions: embeddings.dimensions, embeddingModel: embeddings.model });
  const articles = readTestArticles();
  const vectors = await embeddings.embedDocuments(articles.map((a) => `${a.shortTitle}：${a.text}`));
  await store.upsertStatutes(articles.map((a, i) => ({ ...a, embedding: vectors[i] ?? null })));
  const caseVectors = await embeddings.embedDocuments(TEST_CASES.map((c) => `${c.title}\n${c.narrative}`));
  await store.upsertCases(TEST_CASES.map((c, i) => ({ ...c, embedding: caseVectors[i] ?? null })));
  retrieval = createRetrieval({ store, embeddings });
  state = await createServerState({ db: store.db, pepper: "faults-pepper" });
  readKey = (await state.apiKeys.create({ name: "faults-reader", scopes: ["read"] })).key;
  const app = createApp({
    retrieval,
    recommender: createRecommender({ retrieval }),
    analyze: analyzeCase,
    state,
    ingestStatus: () => ({ state: "done" }),
    logger: (f) => logs.push(f),
    settings: { anonymousRatePerMinute: 1_000_000, keyRatePerMinute: 1_000_000 },
  });
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 240_000);

afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  if (!(await cluster.running())) await cluster.start();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await state?.close().catch(() => undefined);
  await retrieval?.store.db.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).catch(() => undefined);
  await retrieval?.close();
  // The cluster stays up for the next run (it is ours alone); stop it to free the port.
  await cluster.stop();
}, 240_000);

type Outcome = { kind: string; status: number; ms: number; problem?: { code: string }; retryAfter: string | null };

/** One request of each kind that needs the database (and one that does not). */
const KINDS: Record<string, () => [string, RequestInit]> = {
  recommend: () => [`${base}/v1/recommendations`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: FENCE }) }],
  search: () => [`${base}/v1/statutes/search?q=${encodeURIComponent("调解协议")}`, { headers: { authorization: `Bearer ${readKey}` } }],
  cases: () => [`${base}/v1/cases/search?q=${encodeURIComponent("漏水")}`, { headers: { authorization: `Bearer ${readKey}` } }],
  chat: () => [`${base}/v1/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ message: "楼上漏水把我家天花板泡坏了" }) }],
  analyze: () => [`${base}/v1/analyze`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: LEAK }) }],
  ready: () => [`${base}/readyz`, {}],
};

async function call(kind: string): Promise<Outcome> {
  const [url, init] = KINDS[kind]!();
  const started = performance.now();
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(BOUND_MS + 5_000) });
  const text = await res.text();
  const ms = performance.now() - started;
  const outcome: Outcome = { kind, status: res.status, ms, retryAfter: res.headers.get("retry-after") };
  if (res.status >= 400 && kind !== "ready") {
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    outcome.problem = ProblemSchema.parse(JSON.parse(text));
  }
  if (kind === "chat" && res.status === 200) expect(text).toMatch(/event: done/);
  return outcome;
}

/** `workers` concurrent clients cycling through every kind until `stop()` is called. */
function load(workers: number) {
  const outcomes: Outcome[] = [];
  const errors: unknown[] = [];
  let running = true;
  const kinds = Object.keys(KINDS);
  const done = Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = w; running; i++) {
        try {
          outcomes.push(await call(kinds[i % kinds.length]!));
        } catch (error) {
          errors.push(error);
        }
      }
    }),
  );
  return {
    outcomes,
    errors,
    async stop() {
      running = false;
      await done;
    },
  };
}

describe("PostgreSQL stopped and restarted mid-load", () => {
  it("fails fast with 503 problem+json while it is down and recovers without a restart", async () => {
    // Healthy: everything answers 200.
    const healthy = load(4);
    await new Promise((r) => setTimeout(r, 2_000));
    await healthy.stop();
    expect(healthy.errors).toEqual([]);
    expect(healthy.outcomes.length).toBeGreaterThan(6);
    expect(healthy.outcomes.filter((o) => o.status !== 200)).toEqual([]);

    // Down: the database stops while clients keep calling.
    const during = load(6);
    await new Promise((r) => setTimeout(r, 500));
    await cluster.stop();
    const downFrom = during.outcomes.length;
    await new Promise((r) => setTimeout(r, 6_000));
    await during.stop();
    expect(during.errors).toEqual([]);
    const down = during.outcomes.slice(downFrom);
    expect(down.length).toBeGreaterThan(10);
    for (const o of down) {
      expect(o.ms).toBeLessThan(BOUND_MS);
      if (o.kind === "ready") {
        expect(o.status).toBe(503);
        continue;
      }
      // 200 only where the answer needs no database (analysis) or comes from a cache.
      expect([200, 503]).toContain(o.status);
      if (o.status === 503) {
        expect(o.problem?.code).toBe("database_unavailable");
        expect(o.retryAfter).toBe("5");
      }
    }
    const unavailable = down.filter((o) => o.status === 503 && o.kind !== "ready");
    expect(unavailable.map((o) => o.kind)).toEqual(expect.arrayContaining(["recommend", "chat"]));
    expect(down.filter((o) => o.kind === "analyze").every((o) => o.status === 200)).toBe(true);

    // Back: the same app instance serves again (the pool reconnects by itself).
    await cluster.start();
    const deadline = Date.now() + 30_000;
    let recovered = false;
    while (!recovered && Date.now() < deadline) {
      const round = await Promise.all(Object.keys(KINDS).map((k) => call(k)));
      recovered = round.every((o) => o.status === 200);
      if (!recovered) await new Promise((r) => setTimeout(r, 500));
    }
    expect(recovered).toBe(true);
    const recoveredWithinMs = Math.round(30_000 - (deadline - Date.now()));
    const after = load(4);
    await new Promise((r) => setTimeout(r, 2_000));
    await after.stop();
    expect(after.errors).toEqual([]);
    expect(after.outcomes.filter((o) => o.status !== 200)).toEqual([]);
    expect(unhandled).toEqual([]);
    const summary = {
      healthyRequests: healthy.outcomes.length,
      downRequests: down.length,
      downStatuses: countBy(down.map((o) => `${o.kind} ${o.status}`)),
      downMaxMs: Math.round(Math.max(...down.map((o) => o.ms))),
      downP50Ms: Math.round(down.map((o) => o.ms).sort((a, b) => a - b)[Math.floor(down.length / 2)] ?? 0),
      recoveredWithinMs,
      afterRequests: after.outcomes.length,
    };
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(path.join(ARTIFACTS, "postgres-restart.json"), JSON.stringify(summary, null, 2) + "\n");
    // No 500 anywhere: outages were recognised as such.
    expect(logs.filter((l) => l.msg === "unhandled error")).toEqual([]);
  }, 180_000);
});
