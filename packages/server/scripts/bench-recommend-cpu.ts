// CPU cost of one offline recommendation (not a test): runs the real recommender in-process on
// the load benchmark's narratives, `--concurrency` at a time, and prints wall and CPU time per
// request for this process and for the PostgreSQL server processes (read from /proc, so the
// figure holds on a busy machine where wall-clock benchmarks do not). PostgreSQL or PGlite from
// the environment, as `mediate serve`.
//
//   MEDIATE_DATABASE_URL=… pnpm exec tsx packages/server/scripts/bench-recommend-cpu.ts [--requests 800] [--concurrency 20]
import { readdirSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { openRetrievalFromEnv } from "@mediate/retrieval/search/open-retrieval.ts";
import { createRecommender } from "../src/recommendation/create-recommender.ts";
import { benchNarratives } from "./bench-narratives.ts";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "800" },
    concurrency: { type: "string", default: "20" },
    warmup: { type: "string", default: "100" },
  },
});

/** CPU ms of every process named postgres (utime + stime, in clock ticks of 10 ms). */
function postgresCpuMs(): number {
  let ticks = 0;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() !== "postgres") continue;
      const fields = (readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1] ?? "").split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended between readdir and read
    }
  }
  return ticks * 10;
}

const texts = benchNarratives(400);
const retrieval = await openRetrievalFromEnv(process.env);
await retrieval.store.warmup();
const recommender = createRecommender({ retrieval });
const n = Math.max(1, Number(values.requests));
const concurrency = Math.max(1, Number(values.concurrency));
for (let i = 0; i < Number(values.warmup); i++) await recommender.recommend({ text: texts[i % texts.length] as string });

let responseChars = 0;
let next = 0;
const cpu0 = process.cpuUsage();
const pg0 = postgresCpuMs();
const t0 = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < n) {
      const i = next++;
      const r = await recommender.recommend({ text: texts[i % texts.length] as string });
      responseChars += JSON.stringify(r).length;
    }
  }),
);
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const pgMs = postgresCpuMs() - pg0;
const per = (x: number) => (x / n).toFixed(2);
console.log(`${retrieval.store.backend}: ${n} recommendations, ${concurrency} at a time`);
console.log(`wall ${per(wallMs)} ms/request (${((n / wallMs) * 1000).toFixed(0)}/s); CPU this process ${per((cpu.user + cpu.system) / 1000)} ms/request; postgres ${per(pgMs)} ms/request`);
console.log(`response JSON ${(responseChars / n / 1024).toFixed(1)} Ki characters on average`);
await retrieval.close();
