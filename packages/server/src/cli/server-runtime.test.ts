// `mediate serve` on a fresh machine: an empty embedded store, a (small) corpus, the server
// listening at once, /readyz reporting the background ingest, then serving; and the key
// subcommands of serve-command.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeRetrieval, readTestArticles, SHARED_LAWS } from "../../test/test-retrieval.ts";
import { readMeta, STATUTE_INGEST_MARK } from "../state/server-meta.ts";
import { run } from "./serve-command.ts";
import { createRecommenderFromEnv, startRuntime, type Runtime } from "./server-runtime.ts";

const FILES = ["社会法/反家庭暴力法(2015-12-27).md", "诉讼与非诉讼程序法/人民调解法(2010-08-28).md"];

let work: string;
let corpus: string;
let runtime: Runtime;
const logs: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), "mediate-runtime-"));
  corpus = path.join(work, "laws");
  for (const rel of FILES) {
    mkdirSync(path.dirname(path.join(corpus, rel)), { recursive: true });
    copyFileSync(path.join(SHARED_LAWS, rel), path.join(corpus, rel));
  }
  runtime = await startRuntime({
    env: { MEDIATE_DATA_DIR: path.join(work, "pglite"), MEDIATE_CORPUS_DIR: corpus, MEDIATE_KEY_PEPPER: "runtime-test" },
    port: 0,
    host: "127.0.0.1",
    logger: (f) => logs.push(f),
  });
}, 120_000);

afterAll(async () => {
  await runtime?.close();
  rmSync(work, { recursive: true, force: true });
});

describe("startRuntime", () => {
  it("listens at once, ingests in the background, then is ready and serves", async () => {
    const health = await fetch(`${runtime.url}/healthz`);
    expect(health.status).toBe(200);
    await runtime.ingestDone;
    expect(runtime.ingestStatus().state).toBe("done");
    const ready = await fetch(`${runtime.url}/readyz`);
    const body = (await ready.json()) as { ready: boolean; articles: number; cases: number };
    expect(ready.status).toBe(200);
    expect(body.ready).toBe(true);
    expect(body.articles).toBeGreaterThan(50);
    expect(body.cases).toBeGreaterThan(0); // demo cases
    const res = await fetch(`${runtime.url}/v1/recommendations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "我老公喝醉了就打我，我报了警，我想离婚。", schemas: [] }),
    });
    expect(res.status).toBe(200);
    const rec = (await res.json()) as { legalBasis: Array<{ law: string }>; plan: { departments: Array<{ code: string }> } };
    expect(rec.legalBasis.some((c) => c.law === "中华人民共和国反家庭暴力法")).toBe(true);
    expect(rec.plan.departments.map((d) => d.code)).toContain("police");
    expect(logs.some((l) => l.msg === "ingest finished")).toBe(true);
    // Other instances (and the next start) learn from the shared mark that the corpus is complete.
    const mark = await readMeta<{ state: string; files: number }>(runtime.retrieval.store.db, STATUTE_INGEST_MARK);
    expect(mark).toMatchObject({ state: "done", files: FILES.length });
    expect(JSON.stringify(logs)).not.toContain("我老公喝醉了");
  }, 120_000);
});

describe("startRuntime without ingest", () => {
  it("is not ready while the store is empty, and says why", async () => {
    const other = await startRuntime({
      env: { MEDIATE_DATA_DIR: path.join(work, "empty-pglite"), MEDIATE_CORPUS_DIR: corpus, MEDIATE_INGEST_ON_START: "0" },
      port: 0,
      logger: () => {},
    });
    try {
      await new Promise((r) => setTimeout(r, 500));
      const res = await fetch(`${other.url}/readyz`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { ready: boolean; articles: number; ingest: { state: string; phase?: string } };
      expect(body).toMatchObject({ ready: false, articles: 0, ingest: { state: "running" } });
      expect(body.ingest.phase).toContain("another process");
    } finally {
      await other.close();
    }
  }, 120_000);
});

describe("serve-command", () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      io: {
        stdout: { write: (s: string) => (out.push(s), true) } as unknown as NodeJS.WritableStream,
        stderr: { write: (s: string) => (err.push(s), true) } as unknown as NodeJS.WritableStream,
      },
    };
  };

  it("prints usage and rejects bad arguments with exit code 2", async () => {
    const a = io();
    expect(await run(["--help"], a.io)).toBe(0);
    expect(a.out.join("")).toContain("--create-key");
    const b = io();
    expect(await run(["--port", "99999"], b.io)).toBe(2);
    const c = io();
    expect(await run(["--bogus"], c.io)).toBe(2);
    const d = io();
    expect(await run(["--create-key", "x"], d.io)).toBe(2);
    expect(d.err.join("")).toContain("--scope");
  });

  it("creates, lists and revokes keys in the database", async () => {
    const dataDir = path.join(work, "keys-pglite");
    const saved = { dir: process.env.MEDIATE_DATA_DIR, pepper: process.env.MEDIATE_KEY_PEPPER };
    process.env.MEDIATE_DATA_DIR = dataDir;
    process.env.MEDIATE_KEY_PEPPER = "cli-test";
    try {
      const created = io();
      expect(await run(["--create-key", "省平台", "--scope", "read,ingest", "--rate", "600"], created.io)).toBe(0);
      const key = created.out.join("").trim();
      expect(key).toMatch(/^mk_[0-9A-Z]{10}_[A-Za-z0-9_-]{43}$/);
      const listed = io();
      expect(await run(["--list-keys"], listed.io)).toBe(0);
      const record = JSON.parse(listed.out.join("").trim()) as { id: string; name: string; scopes: string[]; rateLimitPerMinute: number };
      expect(record).toMatchObject({ name: "省平台", scopes: ["read", "ingest"], rateLimitPerMinute: 600 });
      expect(listed.out.join("")).not.toContain(key);
      const revoked = io();
      expect(await run(["--revoke-key", record.id], revoked.io)).toBe(0);
      const again = io();
      expect(await run(["--revoke-key", record.id], again.io)).toBe(1);
    } finally {
      process.env.MEDIATE_DATA_DIR = saved.dir;
      process.env.MEDIATE_KEY_PEPPER = saved.pepper;
      if (saved.dir === undefined) delete process.env.MEDIATE_DATA_DIR;
      if (saved.pepper === undefined) delete process.env.MEDIATE_KEY_PEPPER;
    }
  }, 120_000);
});

describe("createRecommenderFromEnv", () => {
  it("is the offline engine by default", async () => {
    const { retrieval } = createFakeRetrieval(readTestArticles());
    const rec = await createRecommenderFromEnv({}, retrieval, () => {}).recommend({ text: "楼上漏水把我家天花板泡坏了", schemas: [] });
    expect(rec.engine).toBe("offline");
    expect(rec.fallbackReason).toBeUndefined();
  });

  it("wires the LLM when configured and falls back to offline when it is unreachable", async () => {
    const { retrieval } = createFakeRetrieval(readTestArticles());
    const logs: Array<Record<string, unknown>> = [];
    const env = {
      MEDIATE_LLM_PROVIDER: "openai",
      MEDIATE_LLM_MODEL: "qwen2.5-7b-instruct",
      // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
      MEDIATE_LLM_BASE_URL: "http://127.0.0.1:9/v1",
      MEDIATE_LLM_TIMEOUT_MS: "2000",
      MEDIATE_LLM_RETRIES: "0",
    };
    const rec = await createRecommenderFromEnv(env, retrieval, (f) => logs.push(f)).recommend({ text: "楼上漏水把我家天花板泡坏了", schemas: [] });
    expect(rec.engine).toBe("offline");
    expect(rec.fallbackReason).toMatch(/离线/);
    expect(logs.some((l) => l.msg === "llm assistance on")).toBe(true);
  }, 60_000);
});
