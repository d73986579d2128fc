// Load benchmark (not a test): offline-mode POST /v1/recommendations on loopback with
// autocannon, 20 connections, varied realistic narratives, bounded duration.
//
//   pnpm exec tsx packages/server/scripts/bench-load.ts [--duration 30] [--connections 20]
//        [--warmup 5] [--url http://127.0.0.1:8080] [--workers N] [--ready-timeout 1800] [--no-elements]
//
// Without --url it starts `mediate serve` as a child process on a free loopback port with the
// same environment (MEDIATE_DATA_DIR / MEDIATE_DATABASE_URL …; anonymous rate limit lifted
// for the run) and waits for /readyz. --workers N sets MEDIATE_WORKERS (PostgreSQL only).
import autocannon from "autocannon";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { benchNarratives } from "./bench-narratives.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "30" },
    connections: { type: "string", default: "20" },
    warmup: { type: "string", default: "5" },
    url: { type: "string" },
    workers: { type: "string" },
    "ready-timeout": { type: "string", default: "1800" },
    seed: { type: "string", default: "7" },
    // Sends "schemas": [] (no CAIL element classification) — only for when the element model is absent.
    "no-elements": { type: "boolean", default: false },
  },
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, timeoutSec: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutSec * 1000;
  let last = "";
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/readyz`);
      const body = await res.text();
      if (res.status === 200) return;
      if (body !== last) process.stderr.write(`waiting for /readyz: ${body}\n`);
      last = body;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`server not ready after ${timeoutSec}s`);
}

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

async function main(): Promise<number> {
  const duration = Math.min(600, Math.max(1, Number(values.duration)));
  const connections = Math.max(1, Number(values.connections));
  const warmup = Math.min(60, Math.max(0, Number(values.warmup)));
  let url = values.url;
  let child: ChildProcess | undefined;
  if (!url) {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [path.join(REPO, "bin/mediate.mjs"), "serve", "--port", String(port)], {
      cwd: REPO,
      env: {
        ...process.env,
        MEDIATE_RATE_ANON_PER_MIN: "100000000",
        MEDIATE_LOG_REQUESTS: "0",
        MEDIATE_LLM_PROVIDER: "off",
        ...(values.workers ? { MEDIATE_WORKERS: values.workers } : {}),
      },
      stdio: ["ignore", "inherit", "inherit"],
    });
  }
  try {
    await waitReady(url, Number(values["ready-timeout"]), child);
    const texts = benchNarratives(400, Number(values.seed));
    const bodies = texts.map((text) => JSON.stringify(values["no-elements"] ? { text, schemas: [] } : { text }));
    let i = 0;
    const request = {
      method: "POST" as const,
      path: "/v1/recommendations",
      headers: { "content-type": "application/json" },
      setupRequest: (req: autocannon.Request) => ({ ...req, body: bodies[i++ % bodies.length] }),
    };
    if (warmup > 0) {
      process.stderr.write(`warm-up ${warmup}s…\n`);
      await run({ url, connections, duration: warmup, requests: [request] });
    }
    process.stderr.write(`measuring ${duration}s with ${connections} connections over ${texts.length} distinct narratives…\n`);
    const r = await run({ url, connections, duration, requests: [request] });
    const summary = {
      url,
      workers: values.workers ?? process.env.MEDIATE_WORKERS ?? "1",
      durationSec: duration,
      connections,
      distinctNarratives: texts.length,
      elements: !values["no-elements"],
      requests: r.requests.total,
      reqPerSec: r.requests.average,
      latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
      errors: r.errors,
      timeouts: r.timeouts,
      non2xx: r.non2xx,
    };
    process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
    const ok = summary.reqPerSec >= 100 && summary.latencyMs.p99 <= 250 && r.errors === 0 && r.non2xx === 0;
    process.stdout.write(`target (≥100 req/s, p99 ≤ 250 ms, 0 errors, 0 non-2xx): ${ok ? "met" : "NOT met"}\n`);
    return 0;
  } finally {
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((r) => child!.once("exit", r));
    }
  }
}

process.exitCode = await main();
