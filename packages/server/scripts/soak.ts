// Soak benchmark (not a test): the real server on PostgreSQL under a mixed workload on
// loopback — analyze, recommendations, statute search, article lookup, case search and kiosk
// chat conversations — with bounded concurrency for a fixed time, then it stops by itself.
//
//   pnpm exec tsx packages/server/scripts/soak.ts [--duration 600] [--concurrency 8]
//        [--sample 60] [--warmup 45] [--out test-artifacts/soak/soak-<time>.json] [--ready-timeout 1800] [--seed 7]
//        [--no-elements]
//
// Database: MEDIATE_DATABASE_URL, else the test server (`scripts/pg-test-server.sh start`,
// stopped again at the end only if this script started it). The statute corpus is ingested
// first when the database is empty (that time is not part of the run).
//
// The server runs in this process (startRuntime, listening on a loopback port) so that its
// heap can be sampled; the load generator's own state is fixed-size (histograms, counters),
// so memory growth over the run is the server's. Prints requests per route, errors (target
// 0), p50/p99 per route and overall, RSS/heap at start, every --sample seconds and at the end.
import "@hono/zod-openapi";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startRuntime } from "../src/cli/server-runtime.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "600" },
    concurrency: { type: "string", default: "8" },
    sample: { type: "string", default: "60" },
    warmup: { type: "string", default: "45" },
    out: { type: "string" },
    "ready-timeout": { type: "string", default: "1800" },
    seed: { type: "string", default: "7" },
    // Skip the CAIL element step (schemas: []) and hold kiosk conversations about a neighbour
    // dispute (no element model involved): for runs while the element model is being retrained.
    "no-elements": { type: "boolean", default: false },
  },
});

function positive(name: string, raw: string | undefined, max: number): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > max) throw new Error(`--${name} must be a number in (0, ${max}], got "${raw}"`);
  return n;
}
const durationSec = positive("duration", values.duration, 24 * 3600);
const concurrency = Math.round(positive("concurrency", values.concurrency, 256));
const sampleSec = positive("sample", values.sample, 3600);
const readyTimeoutSec = positive("ready-timeout", values["ready-timeout"], 24 * 3600);
// Warm-up (not measured): the first queries load lexical statistics and caches.
const warmupSec = values.warmup === "0" ? 0 : positive("warmup", values.warmup, 3600);

// Deterministic PRNG so runs are comparable.
let seed = Number(values.seed) || 7;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
const PLACES = ["城南工地", "幸福小区3号楼", "河西村", "建设路菜市场", "开发区一家电子厂", "东关社区"];
const NARRATIVES: Array<() => string> = [
  () => `我们${int(3, 120)}个农民工在${pick(PLACES)}干活，包工头${pick(SURNAMES)}某拖欠我们${int(2, 8)}个月工资，一共${int(2, 380)}万元，找了好几次都说总包没给钱。`,
  () => `我老公经常喝酒，喝醉了就打我，${pick(["上个月", "前天"])}把我打得${pick(["鼻青脸肿", "住了院"])}，我${pick(["报了警", "回了娘家"])}。我想离婚，孩子${int(2, 12)}岁，想跟我。`,
  () => `楼上${pick(["卫生间", "厨房"])}漏水，把我家${pick(["天花板", "衣柜"])}泡坏了，物业说是楼上防水层老化，楼上${pick(SURNAMES)}家不肯赔，修理要${int(2, 15)}000元。`,
  () => `${int(2019, 2024)}年我借给朋友${pick(SURNAMES)}某${int(1, 50)}万元，打了借条，约定${int(1, 3)}年还，到期后他一直拖着不还，电话也不接。`,
  () => `我父亲今年${int(70, 92)}岁，有${int(2, 5)}个子女，大哥说分家时房子给了我，赡养老人应该我一个人管，每月${int(300, 1500)}元的药费没人出。`,
  () => `我和邻居${pick(SURNAMES)}家因为宅基地界线吵了好几年，他家新盖的院墙占了我家${int(1, 3)}米，村里调解过${int(1, 4)}次没结果。`,
  () => `物业公司说我家欠了${int(1, 4)}年物业费${int(2, 9)}000多元，要起诉我，可小区电梯经常坏、垃圾没人清。`,
];
const QUERIES = ["拖欠工资 加付赔偿金", "家庭暴力 离婚", "楼上漏水 赔偿", "借款 利息 逾期", "赡养老人 义务", "宅基地 相邻关系", "物业费 服务", "人民调解协议 司法确认"];
const ARTICLES = [
  ["民法典", "1079"],
  ["民法典", "1084"],
  ["劳动合同法", "30"],
  ["劳动合同法", "85"],
  ["人民调解法", "33"],
  ["保障农民工工资支付条例", "30"],
  ["民法典", "288"],
  ["民法典", "9999"], // an article that does not exist: a 404 is the right answer, not an error
] as const;
const CHAT_TURNS = values["no-elements"]
  ? ["我想问问", "楼上卫生间漏水，把我家天花板泡坏了", "就在幸福小区3号楼，楼上是王家", "是上个月开始漏的", "我想让他们修好并赔偿"]
  : ["我想问问", "老板拖了我三个月工资不给", "就在城南工地，我们十几个人", "是去年年底开始拖的", "我想把工资要回来"];

type Route = "analyze" | "recommendations" | "statutes.search" | "statutes.article" | "cases.search" | "chat.turn";
const ROUTES: Route[] = ["analyze", "recommendations", "statutes.search", "statutes.article", "cases.search", "chat.turn"];
// Cumulative weights of the mix (recommendations and chat are what kiosks and platforms mostly call).
const MIX: Array<[Route, number]> = [
  ["analyze", 0.15],
  ["recommendations", 0.4],
  ["statutes.search", 0.55],
  ["statutes.article", 0.65],
  ["cases.search", 0.75],
  ["chat.turn", 1],
];

/** Fixed-size latency histogram, 0.1 ms resolution up to 60 s (beyond: clamped into the last bucket). */
class Histogram {
  private readonly counts = new Uint32Array(600_001);
  total = 0;
  max = 0;
  add(ms: number) {
    this.counts[Math.min(this.counts.length - 1, Math.max(0, Math.round(ms * 10)))]! += 1;
    this.total++;
    if (ms > this.max) this.max = ms;
  }
  quantile(q: number): number | null {
    if (this.total === 0) return null;
    const target = Math.ceil(q * this.total);
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen >= target) return i / 10;
    }
    return this.max;
  }
}

type RouteStats = { requests: number; errors: number; statuses: Record<string, number>; hist: Histogram };
const freshStats = () => new Map<Route, RouteStats>(ROUTES.map((r) => [r, { requests: 0, errors: 0, statuses: {}, hist: new Histogram() }]));
let stats = freshStats();
let overall = new Histogram();
let errorSamples: string[] = [];

type MemorySample = { atSec: number; requests: number; rssMb: number; heapUsedMb: number; heapTotalMb: number; externalMb: number };
const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;
function memory(atSec: number): MemorySample {
  const m = process.memoryUsage();
  let requests = 0;
  for (const s of stats.values()) requests += s.requests;
  return { atSec: Math.round(atSec), requests, rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), heapTotalMb: mb(m.heapTotal), externalMb: mb(m.external) };
}

function record(route: Route, status: number | "network", ms: number, ok: boolean, detail: string) {
  const s = stats.get(route)!;
  s.requests++;
  s.statuses[String(status)] = (s.statuses[String(status)] ?? 0) + 1;
  s.hist.add(ms);
  overall.add(ms);
  if (!ok) {
    s.errors++;
    if (errorSamples.length < 20) errorSamples.push(`${route} ${status}: ${detail.slice(0, 300)}`);
  }
}

type Chat = { sessionId?: string; sessionToken?: string; turn: number };

async function once(base: string, readKey: string, chat: Chat, signal: AbortSignal): Promise<void> {
  const r = rand();
  const route = MIX.find(([, w]) => r < w)![0];
  const json = { "content-type": "application/json" };
  const auth = { authorization: `Bearer ${readKey}` };
  let url: string;
  let init: RequestInit;
  switch (route) {
    case "analyze":
    case "recommendations":
      url = `${base}/v1/${route}`;
      init = { method: "POST", headers: json, body: JSON.stringify({ text: pick(NARRATIVES)(), ...(values["no-elements"] ? { schemas: [] } : {}) }) };
      break;
    case "statutes.search":
      url = `${base}/v1/statutes/search?q=${encodeURIComponent(pick(QUERIES))}&k=10`;
      init = { headers: auth };
      break;
    case "statutes.article": {
      const [law, article] = pick(ARTICLES);
      url = `${base}/v1/statutes/${encodeURIComponent(law)}/${article}`;
      init = { headers: auth };
      break;
    }
    case "cases.search":
      url = `${base}/v1/cases/search?q=${encodeURIComponent(pick(QUERIES))}&k=5`;
      init = { headers: auth };
      break;
    case "chat.turn": {
      // Each worker keeps one kiosk conversation going; a finished one starts over.
      if (chat.turn >= CHAT_TURNS.length) Object.assign(chat, { sessionId: undefined, sessionToken: undefined, turn: 0 });
      const body = { message: CHAT_TURNS[chat.turn]!, ...(chat.sessionId ? { sessionId: chat.sessionId, sessionToken: chat.sessionToken } : {}) };
      url = `${base}/v1/chat`;
      init = { method: "POST", headers: json, body: JSON.stringify(body) };
      break;
    }
  }
  const started = performance.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.any([signal, AbortSignal.timeout(30_000)]) });
    const text = await res.text();
    const ms = performance.now() - started;
    let ok = res.status === 200 || (route === "statutes.article" && res.status === 404 && url.endsWith("/9999"));
    if (route === "chat.turn" && ok) {
      ok = !text.includes("event: error") && /event: done/.test(text);
      const session = /event: session\ndata: (.*)\n/.exec(text)?.[1];
      if (session) Object.assign(chat, JSON.parse(session) as { sessionId: string; sessionToken: string });
      chat.turn++;
    }
    record(route, res.status, ms, ok, text);
  } catch (error) {
    if (signal.aborted) return; // the run ended mid-request: not counted
    record(route, "network", performance.now() - started, false, error instanceof Error ? error.message : String(error));
  }
}

function startTestServerIfNeeded(): { url: string; started: boolean } {
  if (process.env.MEDIATE_DATABASE_URL) return { url: process.env.MEDIATE_DATABASE_URL, started: false };
  const script = path.join(REPO, "scripts/pg-test-server.sh");
  let running = true;
  try {
    execFileSync("bash", [script, "status"], { stdio: "ignore" });
  } catch {
    running = false;
  }
  const url = execFileSync("bash", [script, "start"], { stdio: ["ignore", "pipe", "inherit"] }).toString().trim();
  return { url, started: !running };
}

async function main(): Promise<number> {
  const db = startTestServerIfNeeded();
  const quietLog = (fields: Record<string, unknown>) => {
    if (fields.level === "error" || fields.level === "warn" || /ingest/.test(String(fields.msg))) process.stderr.write(JSON.stringify(fields) + "\n");
  };
  const env = { ...process.env, MEDIATE_DATABASE_URL: db.url, MEDIATE_RATE_ANON_PER_MIN: "100000000", MEDIATE_RATE_KEY_PER_MIN: "100000000", MEDIATE_LOG_REQUESTS: "0", MEDIATE_LLM_PROVIDER: "off" };
  // A database that already holds the corpus is used as is (no re-check of 1,500 files during
  // the run); an empty one is ingested first.
  let runtime = await startRuntime({ env, port: 0, host: "127.0.0.1", logger: quietLog, ingest: false });
  let ingesting = false;
  if ((await runtime.retrieval.stats()).articles === 0) {
    ingesting = true;
    await runtime.close();
    process.stderr.write("soak: the database has no statutes; ingesting the corpus first (not part of the run)\n");
    runtime = await startRuntime({ env, port: 0, host: "127.0.0.1", logger: quietLog, ingest: true });
  }
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    // Ready = the corpus is in the database. /readyz is not used: with ingest off it waits for
    // every corpus file to have ingest progress, which files that fail to parse never get.
    const readyBy = Date.now() + readyTimeoutSec * 1000;
    if (ingesting) await Promise.race([runtime.ingestDone, new Promise((r) => setTimeout(r, readyTimeoutSec * 1000).unref())]);
    while ((await runtime.retrieval.stats()).articles === 0) {
      if (Date.now() > readyBy || controller.signal.aborted) throw new Error(`no statutes after ${readyTimeoutSec}s: ${JSON.stringify(runtime.ingestStatus())}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    const readKey = (await runtime.state.apiKeys.create({ name: `soak-${Date.now()}`, scopes: ["read"] })).key;
    const dbStats = await runtime.retrieval.stats();
    process.stderr.write(`soak: ${runtime.url} on PostgreSQL (${dbStats.articles} articles, ${dbStats.cases} cases), ${concurrency} workers for ${durationSec}s\n`);

    const workload = async (signal: AbortSignal) =>
      Promise.all(
        Array.from({ length: concurrency }, async () => {
          const chat: Chat = { turn: 0 };
          while (!signal.aborted) await once(runtime.url, readKey, chat, signal);
        }),
      );
    if (warmupSec > 0) {
      process.stderr.write(`soak: warm-up ${warmupSec}s (not measured)\n`);
      // An explicit timer: a composite of AbortSignal.timeout() can be garbage-collected before it fires.
      const warm = new AbortController();
      const endWarm = () => warm.abort();
      controller.signal.addEventListener("abort", endWarm, { once: true });
      const warmTimer = setTimeout(endWarm, warmupSec * 1000);
      await workload(warm.signal);
      clearTimeout(warmTimer);
      controller.signal.removeEventListener("abort", endWarm);
      const w = [...stats.values()].reduce((n, x) => n + x.requests, 0);
      process.stderr.write(`soak: warm-up served ${w} requests (${[...stats.values()].reduce((n, x) => n + x.errors, 0)} errors)\n`);
      stats = freshStats();
      overall = new Histogram();
      errorSamples = [];
    }

    const t0 = performance.now();
    const elapsed = () => (performance.now() - t0) / 1000;
    const samples: MemorySample[] = [memory(0)];
    const printSample = (s: MemorySample) =>
      process.stderr.write(`  t=${String(s.atSec).padStart(4)}s requests=${String(s.requests).padStart(7)} rss=${s.rssMb} MB heapUsed=${s.heapUsedMb} MB\n`);
    printSample(samples[0]!);
    const sampler = setInterval(() => {
      const s = memory(elapsed());
      samples.push(s);
      printSample(s);
    }, sampleSec * 1000);
    const deadline = setTimeout(stop, durationSec * 1000);

    await workload(controller.signal);
    clearInterval(sampler);
    clearTimeout(deadline);
    const seconds = elapsed();
    const end = memory(seconds);
    samples.push(end);
    printSample(end);

    const routes = Object.fromEntries(
      ROUTES.map((r) => {
        const s = stats.get(r)!;
        return [r, { requests: s.requests, errors: s.errors, statuses: s.statuses, p50Ms: s.hist.quantile(0.5), p99Ms: s.hist.quantile(0.99), maxMs: Math.round(s.hist.max * 10) / 10 }];
      }),
    );
    const totalErrors = ROUTES.reduce((n, r) => n + stats.get(r)!.errors, 0);
    const result = {
      startedAt: new Date(Date.now() - seconds * 1000).toISOString(),
      durationSec: Math.round(seconds),
      warmupSec,
      loadAverageAtEnd: loadavg(),
      concurrency,
      elements: !values["no-elements"],
      database: { backend: "postgres", articles: dbStats.articles, cases: dbStats.cases },
      node: process.version,
      requests: overall.total,
      requestsPerSec: Math.round((overall.total / seconds) * 10) / 10,
      errors: totalErrors,
      p50Ms: overall.quantile(0.5),
      p99Ms: overall.quantile(0.99),
      routes,
      memory: samples,
      errorSamples,
    };
    const out = values.out ?? path.join(REPO, "test-artifacts/soak", `soak-${result.startedAt.replace(/[:.]/g, "-")}.json`);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(result, null, 2) + "\n");

    process.stdout.write(`\nsoak: ${result.requests} requests in ${result.durationSec}s (${result.requestsPerSec}/s), errors ${totalErrors}, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms\n`);
    process.stdout.write(`${"route".padEnd(18)}${"requests".padStart(10)}${"errors".padStart(8)}${"p50 ms".padStart(10)}${"p99 ms".padStart(10)}${"max ms".padStart(10)}\n`);
    for (const [r, s] of Object.entries(routes)) {
      process.stdout.write(`${r.padEnd(18)}${String(s.requests).padStart(10)}${String(s.errors).padStart(8)}${String(s.p50Ms).padStart(10)}${String(s.p99Ms).padStart(10)}${String(s.maxMs).padStart(10)}\n`);
    }
    process.stdout.write(`memory: start rss ${samples[0]!.rssMb} MB heap ${samples[0]!.heapUsedMb} MB → end rss ${end.rssMb} MB heap ${end.heapUsedMb} MB\n`);
    for (const e of errorSamples) process.stdout.write(`  error: ${e}\n`);
    process.stdout.write(`result: ${out}\n`);
    return totalErrors === 0 ? 0 : 1;
  } finally {
    await runtime.close();
    if (db.started) execFileSync("bash", [path.join(REPO, "scripts/pg-test-server.sh"), "stop"], { stdio: "ignore" });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
