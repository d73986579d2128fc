// Property tests of every HTTP endpoint through app.request(): random bodies (wrong types,
// deep nesting, huge arrays, random Unicode with control characters, emoji and lone
// surrogates, strings around the documented limits), random query strings and path
// parameters. Invariants: the status is one the OpenAPI document lists for that operation,
// every 4xx/5xx body is a valid problem+json, each request ends within 5 s, and the app keeps
// serving afterwards.
import "@hono/zod-openapi";
import { MAX_TEXT_LENGTH } from "@mediate/core";
import { analyzeCase } from "@mediate/core/analyze/analyze-case.ts";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/http/create-app.ts";
import { ProblemSchema } from "../../src/http/problem.ts";
import { createRecommender } from "../../src/recommendation/create-recommender.ts";
import { createServerState } from "../../src/state/create-server-state.ts";
import type { ServerState } from "../../src/state/types.ts";
import { openMemorySqlClient } from "../pglite-sql-client.ts";
import { createFakeRetrieval, readTestArticles } from "../test-retrieval.ts";

const REQUEST_BOUND_MS = 5_000;
// A neighbour dispute: its type needs no element model, so the check is independent of it.
const LEAK = "楼上卫生间漏水，把我家天花板泡坏了，物业说是楼上防水层老化，楼上不肯赔，修理要三千元。";

type Call = { method: string; path: string; template: string; headers: Record<string, string>; body?: string | Uint8Array };

let state: ServerState;
let closeDb: () => Promise<void>;
let app: ReturnType<typeof createApp>;
let readKey: string;
let adminKey: string;
let documented: Map<string, Set<number>>;
/** The server log's last error line: a 5xx body is generic on purpose, the cause is logged. */
let lastError: Record<string, unknown> | undefined;

beforeAll(async () => {
  const articles = readTestArticles();
  const fake = createFakeRetrieval(articles);
  const db = await openMemorySqlClient();
  closeDb = () => db.close();
  state = await createServerState({ db, pepper: "fuzz-pepper" });
  readKey = (await state.apiKeys.create({ name: "fuzz-reader", scopes: ["read"] })).key;
  adminKey = (await state.apiKeys.create({ name: "fuzz-admin", scopes: ["admin"] })).key;
  app = createApp({
    retrieval: fake.retrieval,
    recommender: createRecommender({ retrieval: fake.retrieval }),
    analyze: analyzeCase,
    state,
    ingestStatus: () => ({ state: "done" }),
    logger: (fields) => {
      if (fields.level === "error") lastError = fields;
    },
    clientAddress: () => "198.51.100.9",
    settings: { anonymousRatePerMinute: 1_000_000, keyRatePerMinute: 1_000_000 },
  });
  const doc = (await (await app.request("/openapi.json")).json()) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
  documented = new Map();
  for (const [p, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) documented.set(`${method.toUpperCase()} ${p}`, new Set(Object.keys(op.responses).map(Number)));
  }
  documented.set("GET /openapi.json", new Set([200])); // the document itself
});
afterAll(async () => {
  await state?.close();
  await closeDb?.();
});

/** Runs one call with a hard time bound; the body is read completely inside the bound. */
async function bounded(call: Call): Promise<{ status: number; contentType: string; text: string; ms: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${REQUEST_BOUND_MS} ms: ${call.method} ${call.path.slice(0, 120)}`)), REQUEST_BOUND_MS);
  });
  try {
    return await Promise.race([
      (async () => {
        const res = await app.request(call.path, { method: call.method, headers: call.headers, body: call.body as BodyInit | undefined });
        const text = await res.text();
        return { status: res.status, contentType: res.headers.get("content-type") ?? "", text, ms: performance.now() - started };
      })(),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function check(call: Call): Promise<number> {
  const r = await bounded(call);
  const allowed = documented.get(`${call.method} ${call.template}`);
  if (!allowed) throw new Error(`test bug: ${call.method} ${call.template} is not in the OpenAPI document`);
  if (!allowed.has(r.status)) {
    const cause = r.status >= 500 ? `; server log: ${JSON.stringify(lastError)}` : "";
    throw new Error(`undocumented status ${r.status} for ${call.method} ${call.template} (documented: ${[...allowed].join(",")}); body: ${r.text.slice(0, 300)}${cause}`);
  }
  if (r.status >= 400) {
    expect(r.contentType).toContain("application/problem+json");
    const problem = ProblemSchema.parse(JSON.parse(r.text));
    expect(problem.status).toBe(r.status);
    expect(problem.type).toBe(`urn:mediate:problem:${problem.code}`);
  } else if (call.template === "/v1/chat") {
    expect(r.text.trimEnd()).toMatch(/event: done\ndata: \{\}$/);
  } else {
    expect(r.contentType).toContain("application/json");
    JSON.parse(r.text);
  }
  return r.status;
}

// ---- generators --------------------------------------------------------------------------

/** Text that stresses decoders and tokenisers: every code unit (lone surrogates too), graphemes, controls, CJK. */
const nastyString = (maxLength: number) =>
  fc.oneof(
    fc.string({ unit: "binary", maxLength }),
    fc.string({ unit: "grapheme", maxLength }),
    fc.string({ unit: fc.constantFrom("\u0000", "\u0007", "\u001b", "\u200b", "\u202e", "\ufeff", "\ud800", "\udfff", "😀", "👨‍👩‍👧", "é", "\r\n", "漏", "欠", "万", "元", "第", "条", "《", "》"), maxLength }),
    fc.string({ unit: fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCharCode(c)), maxLength }),
  );

/** Strings at and around the documented narrative limit (1 code unit of slack each way). */
const limitString = fc
  .tuple(fc.constantFrom(MAX_TEXT_LENGTH - 1, MAX_TEXT_LENGTH, MAX_TEXT_LENGTH + 1, 120_000), fc.constantFrom("漏", "a", "😀", "\u0001"))
  .map(([n, ch]) => ch.repeat(Math.ceil(n / ch.length)).slice(0, n));

function nested(depth: number, kind: "array" | "object"): string {
  return kind === "array" ? "[".repeat(depth) + "]".repeat(depth) : '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
}

const wrongValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, true, 0, -1, 1e308, "", [], {}, ["labor", "labor", "labor", "labor"], ["x"], 21, 1.5),
);

const narrativeField = fc.oneof(
  { weight: 5, arbitrary: nastyString(400) },
  { weight: 1, arbitrary: limitString },
  { weight: 2, arbitrary: wrongValue },
);

/** Bodies for the JSON endpoints: mostly objects of the right shape with fields gone wrong, plus raw junk. */
const jsonBody = (extra: Record<string, fc.Arbitrary<unknown>>) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ text: narrativeField, ...extra }, { requiredKeys: [] }).map((o) => JSON.stringify(o)) },
    { weight: 1, arbitrary: fc.record({ text: narrativeField, [`x${"y"}`]: fc.jsonValue() }).map((o) => JSON.stringify(o)) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 900, max: 1100 }), fc.constantFrom("array", "object") as fc.Arbitrary<"array" | "object">).map(([d, k]) => `{"text":"漏水","schemas":${nested(d, k)}}`) },
    { weight: 1, arbitrary: fc.integer({ min: 900, max: 1100 }).map((d) => nested(d, "object")) },
    { weight: 1, arbitrary: fc.constantFrom(20_000, 200_000).map((n) => JSON.stringify({ text: "漏水", schemas: Array(n).fill("labor") })) },
    { weight: 1, arbitrary: nastyString(300) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => new Uint8Array(b)) },
  );

const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant("application/json") },
  { weight: 1, arbitrary: fc.constantFrom("application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "") },
);

const queryValue = fc.oneof(nastyString(60), fc.constantFrom("", "0", "-1", "51", "1e3", "NaN", "10", "law,foo", "hybrid", "lexical", "vector", "labor", "x".repeat(2_100)));

function queryString(keys: string[]): fc.Arbitrary<string> {
  return fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...keys), fc.constantFrom("zzz", "q[]", "__proto__")), queryValue), { maxLength: 5 })
    .map((pairs) => {
      const sp = new URLSearchParams();
      for (const [k, v] of pairs) sp.append(k, v.replace(/[\ud800-\udfff]/g, "\ufffd"));
      return sp.toString();
    });
}

const encodedSegment = nastyString(40).map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, "\ufffd")) || "%20");

const calls: fc.Arbitrary<Call> = fc.oneof(
  fc.tuple(jsonBody({ id: fc.oneof(nastyString(30), wrongValue, fc.constant("i".repeat(201))), schemas: wrongValue }), contentType).map(([body, ct]) => ({
    method: "POST",
    path: "/v1/analyze",
    template: "/v1/analyze",
    headers: { "content-type": ct },
    body,
  })),
  fc
    .tuple(jsonBody({ maxCitations: wrongValue, maxCases: wrongValue, schemas: wrongValue }), contentType)
    .map(([body, ct]) => ({ method: "POST", path: "/v1/recommendations", template: "/v1/recommendations", headers: { "content-type": ct }, body })),
  queryString(["q", "k", "level", "mode"]).map((qs) => ({
    method: "GET",
    path: `/v1/statutes/search?${qs}`,
    template: "/v1/statutes/search",
    headers: { authorization: `Bearer ${readKey}` },
  })),
  fc.tuple(encodedSegment, fc.oneof(encodedSegment, fc.constantFrom("30", "1079", "10-1", "0", "99999", "123456", "1-1000"))).map(([law, article]) => ({
    method: "GET",
    path: `/v1/statutes/${law}/${article}`,
    template: "/v1/statutes/{law}/{article}",
    headers: { "x-api-key": readKey },
  })),
  queryString(["q", "k", "type"]).map((qs) => ({ method: "GET", path: `/v1/cases/search?${qs}`, template: "/v1/cases/search", headers: { authorization: `Bearer ${readKey}` } })),
  fc
    .record(
      {
        message: fc.oneof(nastyString(300), fc.constantFrom("漏".repeat(2_000), "漏".repeat(2_001)), wrongValue),
        sessionId: fc.oneof(nastyString(70), wrongValue),
        sessionToken: fc.oneof(nastyString(130), wrongValue),
        topic: fc.oneof(fc.constantFrom("家庭矛盾", "拖欠工资"), wrongValue),
        script: fc.oneof(fc.constantFrom("simplified", "traditional"), wrongValue),
      },
      { requiredKeys: [] },
    )
    .map((o) => ({ method: "POST", path: "/v1/chat", template: "/v1/chat", headers: { "content-type": "application/json" }, body: JSON.stringify(o) })),
  jsonBody({ name: fc.oneof(nastyString(120), wrongValue), scopes: wrongValue, rateLimitPerMinute: wrongValue }).map((body) => ({
    method: "POST",
    path: "/v1/admin/keys",
    template: "/v1/admin/keys",
    headers: { "content-type": "application/json", authorization: `Bearer ${adminKey}` },
    body,
  })),
  encodedSegment.map((id) => ({ method: "DELETE", path: `/v1/admin/keys/${id}`, template: "/v1/admin/keys/{id}", headers: { authorization: `Bearer ${adminKey}` } })),
  queryString(["limit"]).map((qs) => ({ method: "GET", path: `/v1/admin/audit?${qs}`, template: "/v1/admin/audit", headers: { authorization: `Bearer ${adminKey}` } })),
  fc.constantFrom("/healthz", "/readyz", "/openapi.json").map((p) => ({ method: "GET", path: p, template: p, headers: {} })),
);

describe("every endpoint under random input", () => {
  it("answers a documented status, problem+json on errors, within 5 s", async () => {
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(calls, async (call) => {
        const status = await check(call);
        seen.set(status, (seen.get(status) ?? 0) + 1);
      }),
      { numRuns: 250, interruptAfterTimeLimit: 20_000, markInterruptAsFailure: false },
    );
    // The generators reach both the success and the validation paths.
    expect([...seen.keys()].some((s) => s === 200)).toBe(true);
    expect([...seen.keys()].some((s) => s === 400)).toBe(true);
  });

  it("the limits: 1,000-level nesting, huge arrays, narratives just under/over the limit, bodies over 256 KiB", async () => {
    const post = (path: string, body: string) => ({ method: "POST", path, template: path, headers: { "content-type": "application/json" }, body });
    const cases: Array<[Call, number]> = [
      [post("/v1/analyze", nested(1_000, "array")), 400],
      [post("/v1/analyze", nested(1_000, "object")), 400],
      [post("/v1/recommendations", `{"text":${nested(1_000, "array")}}`), 400],
      [post("/v1/analyze", JSON.stringify({ text: "漏水", schemas: Array(20_000).fill("labor") })), 400],
      [post("/v1/analyze", JSON.stringify({ text: "漏水", schemas: Array(200_000).fill("labor") })), 413],
      [post("/v1/analyze", JSON.stringify({ text: "漏".repeat(MAX_TEXT_LENGTH + 1) })), 413],
      [post("/v1/analyze", JSON.stringify({ text: "a".repeat(300 * 1024) })), 413],
      [post("/v1/chat", JSON.stringify({ message: "漏".repeat(20_000) })), 413],
      [post("/v1/analyze", JSON.stringify({ text: `${LEAK}${"漏".repeat(MAX_TEXT_LENGTH - LEAK.length)}` })), 200],
    ];
    for (const [call, status] of cases) {
      expect(await check(call)).toBe(status);
    }
  });

  it("garbage credentials on every protected route are 401 problems", async () => {
    const key = fc.oneof(nastyString(80).map((s) => s.replace(/[^\x21-\x7e]/g, "x")), fc.constantFrom("mk_0000000000_" + "a".repeat(43), "Bearer", "mk_"));
    await fc.assert(
      fc.asyncProperty(key, fc.constantFrom("/v1/statutes/search?q=工资", "/v1/cases/search?q=漏水", "/v1/admin/audit", "/v1/statutes/民法典/1079"), async (k, p) => {
        const template = p.startsWith("/v1/statutes/search") ? "/v1/statutes/search" : p.startsWith("/v1/cases") ? "/v1/cases/search" : p.startsWith("/v1/admin") ? p : "/v1/statutes/{law}/{article}";
        expect(await check({ method: "GET", path: p, template, headers: { "x-api-key": k } })).toBe(401);
      }),
      { numRuns: 40 },
    );
  });

  it("NUL bytes (which PostgreSQL text rejects) neither fail a request nor jam the audit log", async () => {
    const json = { "content-type": "application/json" };
    const analyzed = await app.request("/v1/analyze", { method: "POST", headers: { ...json, "x-request-id": "nul-case-ref-1" }, body: JSON.stringify({ text: LEAK, id: "a\u0000b" }) });
    expect(analyzed.status).toBe(200);
    const revoke = await app.request("/v1/admin/keys/%00", { method: "DELETE", headers: { authorization: `Bearer ${adminKey}` } });
    expect(revoke.status).toBe(404);
    const chat = await app.request("/v1/chat", { method: "POST", headers: json, body: JSON.stringify({ message: "楼上漏水\u0000把我家泡了" }) });
    expect(chat.status).toBe(200);
    const stream = await chat.text();
    expect(stream).not.toContain("event: error");
    const session = JSON.parse(/event: session\ndata: (.*)\n/.exec(stream)?.[1] ?? "{}") as { sessionId: string; sessionToken: string };
    const again = await app.request("/v1/chat", { method: "POST", headers: json, body: JSON.stringify({ ...session, message: "是上个月的事" }) });
    expect(again.status).toBe(200);
    expect(await again.text()).not.toContain("event: error");
    expect((await app.request("/v1/chat", { method: "POST", headers: json, body: JSON.stringify({ sessionId: "\u0000", sessionToken: "x", message: "在吗" }) })).status).toBe(404);
    await state.audit.flush();
    const audit = await app.request("/v1/admin/audit?limit=1000", { headers: { authorization: `Bearer ${adminKey}` } });
    const rows = ((await audit.json()) as { rows: Array<{ requestId: string; caseRef?: string }> }).rows;
    expect(rows.find((r) => r.requestId === "nul-case-ref-1")?.caseRef).toBe("a\ufffdb");
  });

  it("keeps serving afterwards: a valid analysis, recommendation and search still succeed", async () => {
    const post = (path: string) => app.request(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: LEAK }) });
    const analysis = await post("/v1/analyze");
    expect(analysis.status).toBe(200);
    expect(((await analysis.json()) as { type: { code: string } }).type.code).toBe("neighbor");
    expect((await post("/v1/recommendations")).status).toBe(200);
    const search = await app.request(`/v1/statutes/search?q=${encodeURIComponent("调解协议")}`, { headers: { authorization: `Bearer ${readKey}` } });
    expect(search.status).toBe(200);
    expect((await app.request("/healthz")).status).toBe(200);
  });
});
