import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlClient } from "@mediate/retrieval/store/types.ts";
import { openMemorySqlClient } from "../../test/pglite-sql-client.ts";
import { scopeAllows, parseScopes } from "./api-keys.ts";
import { generateCaseCode, normalizeCaseCode } from "./case-code.ts";
import { createServerState } from "./create-server-state.ts";
import { migrateServerState } from "./migrations.ts";
import { createMemoryRateLimiter } from "./rate-limiter.ts";
import { equalDigests, hmacHex } from "./secrets.ts";
import type { ServerState } from "./types.ts";

let db: SqlClient;
let state: ServerState & { migrated: number[] };

beforeAll(async () => {
  db = await openMemorySqlClient();
  state = await createServerState({ db, pepper: "test-pepper" });
});
afterAll(async () => {
  await state.close();
  await db.close();
});

describe("migrations", () => {
  it("apply once and are recorded", async () => {
    expect(state.migrated).toEqual([1, 2]);
    expect(await migrateServerState(db)).toEqual([]);
    const { rows } = await db.query<{ version: number }>("SELECT version FROM server_schema_migrations ORDER BY version");
    expect(rows.map((r) => r.version)).toEqual([1, 2]);
  });
});

describe("api keys", () => {
  it("stores only a hash and verifies the plaintext key", async () => {
    const { key, record } = await state.apiKeys.create({ name: "province platform", scopes: ["read"] });
    expect(key).toMatch(/^mk_[0-9A-Z]{10}_/);
    const { rows } = await db.query<{ key_hash: string }>("SELECT key_hash FROM api_keys WHERE id = $1", [record.id]);
    expect(rows[0]?.key_hash).toBe(hmacHex("test-pepper", key));
    expect(JSON.stringify(rows)).not.toContain(key.slice(14));
    expect((await state.apiKeys.verify(key))?.id).toBe(record.id);
  });

  it("rejects a tampered, malformed or revoked key", async () => {
    const { key, record } = await state.apiKeys.create({ name: "court", scopes: ["admin"] });
    const last = key.at(-1) === "A" ? "B" : "A";
    expect(await state.apiKeys.verify(key.slice(0, -1) + last)).toBeNull();
    expect(await state.apiKeys.verify("not a key")).toBeNull();
    expect(await state.apiKeys.verify("")).toBeNull();
    expect(await state.apiKeys.revoke(record.id)).toBe(true);
    expect(await state.apiKeys.verify(key)).toBeNull();
    expect(await state.apiKeys.revoke(record.id)).toBe(false);
    const listed = await state.apiKeys.list();
    expect(listed.find((k) => k.id === record.id)?.revokedAt).not.toBeNull();
  });

  it("orders scopes admin ⊇ ingest ⊇ read and validates names", () => {
    expect(scopeAllows(["read"], "read")).toBe(true);
    expect(scopeAllows(["read"], "ingest")).toBe(false);
    expect(scopeAllows(["ingest"], "read")).toBe(true);
    expect(scopeAllows(["ingest"], "admin")).toBe(false);
    expect(scopeAllows(["admin"], "ingest")).toBe(true);
    expect(parseScopes("read,ingest")).toEqual(["read", "ingest"]);
    expect(() => parseScopes("root")).toThrow(/unknown API key scope "root"/);
  });

  it("compares digests in constant time without throwing on length mismatch", () => {
    expect(equalDigests("abcd", "abcd")).toBe(true);
    expect(equalDigests("abcd", "abce")).toBe(false);
    expect(equalDigests("abcd", "abc")).toBe(false);
  });
});

describe("kiosk sessions", () => {
  it("round-trips a conversation and needs the right token", async () => {
    const a = await state.sessions.create();
    const b = await state.sessions.create();
    expect(a.id).not.toBe(b.id);
    const session = (await state.sessions.load(a.id, a.token))!;
    session.messages.push({ role: "visitor", text: "老板拖了三个月工资不给", at: new Date().toISOString() });
    session.intake.what = "拖欠工资";
    session.data = { turns: 1 };
    await state.sessions.save(session);
    const again = await state.sessions.load(a.id, a.token);
    expect(again?.messages[0]?.text).toBe("老板拖了三个月工资不给");
    expect(again?.intake).toEqual({ what: "拖欠工资" });
    expect(again?.data).toEqual({ turns: 1 });
    // Another session's token, a wrong token and an unknown id all look the same.
    expect(await state.sessions.load(a.id, b.token)).toBeNull();
    expect(await state.sessions.load(a.id, "x")).toBeNull();
    expect(await state.sessions.load("NOPE", a.token)).toBeNull();
    const { rows } = await db.query<{ token_hash: string }>("SELECT token_hash FROM kiosk_sessions");
    expect(JSON.stringify(rows)).not.toContain(a.token);
  });
});

describe("case codes", () => {
  it("are random, grouped and carry a check character", () => {
    const codes = new Set(Array.from({ length: 500 }, generateCaseCode));
    expect(codes.size).toBe(500);
    for (const code of codes) {
      expect(code).toMatch(/^MC-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      expect(normalizeCaseCode(code)).toBe(code);
    }
  });

  it("detect every single-character typo and forgive case/dashes", () => {
    const code = generateCaseCode();
    expect(normalizeCaseCode(code.toLowerCase().replace(/-/g, " "))).toBe(code);
    const body = code.replace(/^MC-/, "").replace(/-/g, "");
    const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    for (let i = 0; i < body.length; i++) {
      for (const ch of alphabet) {
        if (ch === body[i]) continue;
        const typo = body.slice(0, i) + ch + body.slice(i + 1);
        expect(normalizeCaseCode(typo)).toBeNull();
      }
    }
  });

  it("issue one code per session and look it up", async () => {
    const s = await state.sessions.create();
    const code = await state.caseCodes.issue(s.id);
    expect(await state.caseCodes.issue(s.id)).toBe(code);
    expect((await state.caseCodes.lookup(code.toLowerCase()))?.sessionId).toBe(s.id);
    expect(await state.caseCodes.lookup(generateCaseCode())).toBeNull();
    expect(await state.caseCodes.lookup("garbage")).toBeNull();
  });
});

describe("audit log", () => {
  it("drops case text unless configured", async () => {
    await state.audit.record({ requestId: "r1", actor: "anon:abc", method: "POST", route: "/v1/analyze", status: 200, durationMs: 3.2, text: "秘密案情" });
    await state.audit.flush();
    const [row] = await state.audit.recent(1);
    expect(row).toMatchObject({ requestId: "r1", actor: "anon:abc", route: "/v1/analyze", status: 200 });
    expect(row?.text).toBeUndefined();
    const withText = await createServerState({ db, pepper: "test-pepper", auditText: true });
    await withText.audit.record({ requestId: "r2", actor: "anon:abc", method: "POST", route: "/v1/analyze", status: 200, durationMs: 1, text: "案情" });
    await withText.audit.flush();
    expect((await withText.audit.recent(1))[0]?.text).toBe("案情");
  });
});

describe("server meta", () => {
  it("stores and replaces JSON values by name", async () => {
    const { readMeta, writeMeta } = await import("./server-meta.ts");
    expect(await readMeta(db, "statute_ingest")).toBeNull();
    await writeMeta(db, "statute_ingest", { state: "running", at: "2026-01-01T00:00:00.000Z" });
    await writeMeta(db, "statute_ingest", { state: "done", at: "2026-01-01T00:10:00.000Z", files: 3 });
    expect(await readMeta(db, "statute_ingest")).toEqual({ state: "done", at: "2026-01-01T00:10:00.000Z", files: 3 });
  });
});

describe("rate limiter", () => {
  it("allows `limit` per window and resets", () => {
    let t = 1_000_000;
    const limiter = createMemoryRateLimiter({ now: () => t });
    const results = Array.from({ length: 4 }, () => limiter.take("k", 3, 60_000).allowed);
    expect(results).toEqual([true, true, true, false]);
    expect(limiter.take("other", 3, 60_000).allowed).toBe(true);
    t += 60_000;
    expect(limiter.take("k", 3, 60_000)).toMatchObject({ allowed: true, remaining: 2 });
  });
});

describe("audit log shutdown", () => {
  it("flushes on close and afterwards neither writes nor retries", async () => {
    const db2 = await openMemorySqlClient();
    const s2 = await createServerState({ db: db2, pepper: "p" });
    await s2.audit.record({ requestId: "before-close", actor: "anon:x", method: "GET", route: "/v1/x", status: 200, durationMs: 1 });
    await s2.close();
    const { rows } = await db2.query<{ request_id: string }>("SELECT request_id FROM audit_log");
    expect(rows.map((r) => r.request_id)).toEqual(["before-close"]);
    await db2.close();
    // The database is gone: a late request must not start an endless retry loop.
    await s2.audit.record({ requestId: "after-close", actor: "anon:x", method: "GET", route: "/v1/x", status: 200, durationMs: 1 });
    await expect(s2.audit.flush()).resolves.toBeUndefined();
  });

  it("keeps entries while the database is away and writes them when it returns", async () => {
    const db3 = await openMemorySqlClient();
    const s3 = await createServerState({ db: db3, pepper: "p" });
    let down = true;
    const errors: unknown[] = [];
    const flaky = { ...db3, query: (sql: string, params?: unknown[]) => (down && sql.startsWith("INSERT INTO audit_log") ? Promise.reject(new Error("Connection terminated")) : db3.query(sql, params)) } as typeof db3;
    const { createAuditLog } = await import("./audit-log.ts");
    const log = createAuditLog({ db: flaky, onError: (e) => errors.push(e), flushMs: 10_000 });
    await log.record({ requestId: "during-outage", actor: "anon:x", method: "GET", route: "/v1/x", status: 503, durationMs: 1 });
    await log.flush();
    expect(errors.length).toBeGreaterThan(0);
    down = false;
    await log.flush();
    expect((await log.recent(5)).map((r) => r.requestId)).toContain("during-outage");
    await log.close();
    await s3.close();
    await db3.close();
  });
});
