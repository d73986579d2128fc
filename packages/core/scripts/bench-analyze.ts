// Benchmark (not a test): analyzeCase on 1,000-character narratives built from the test
// fixtures. Prints p50/p95 latency per narrative and narratives/s on one core, in wall time
// and in CPU time, plus the time per pipeline stage.
// Usage: pnpm exec tsx packages/core/scripts/bench-analyze.ts [--runs N] [--no-elements]
// The machine may be shared: wall time then includes waiting for a core, CPU time
// (process.cpuUsage) is what one core actually spends, so judge the targets on CPU figures
// and on wall figures of a quiet machine.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { analyzeCase } from "../src/analyze/analyze-case.ts";
import { classifyDispute } from "../src/classify/classify-dispute.ts";
import { detectContestedPoints } from "../src/contested/detect-contested-points.ts";
import { classifyElements, DEFAULT_ELEMENT_MODEL_PATH, schemasForType } from "../src/elements/classify-elements.ts";
import { extractFacts } from "../src/facts/extract-facts.ts";
import { assessRisk } from "../src/risk/assess-risk.ts";
import { prepareText } from "../src/text/prepare-text.ts";

const TARGET_CHARS = 1000;
const argRuns = process.argv.indexOf("--runs");
const RUNS = argRuns > 0 ? Number(process.argv[argRuns + 1]) : 1000;
const WARMUP = 100;
const P50_TARGET_MS = 5;
const RATE_TARGET = 200;

/** Narratives of ~1,000 characters: each fixture, continued by the next ones, cut at a sentence end. */
function buildNarratives(): string[] {
  const dir = fileURLToPath(new URL("../test/fixtures/narratives/", import.meta.url));
  const texts = readdirSync(dir)
    .filter((f) => f.endsWith(".txt") && f !== "long-ledger.txt")
    .sort()
    .map((f) => readFileSync(dir + f, "utf8"));
  const out: string[] = [];
  for (let i = 0; i < texts.length; i++) {
    let s = "";
    for (let k = 0; s.length < TARGET_CHARS; k++) s += texts[(i + k) % texts.length]! + "\n";
    const cut = s.lastIndexOf("。", TARGET_CHARS);
    out.push(s.slice(0, cut > TARGET_CHARS * 0.8 ? cut + 1 : TARGET_CHARS));
  }
  return out;
}

const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
/** CPU microseconds (user + system) spent by the process since `from`. */
const cpuSince = (from: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(from);
  return d.user + d.system;
};

const narratives = buildNarratives();
const hasModel = existsSync(DEFAULT_ELEMENT_MODEL_PATH);
const withElements = hasModel && !process.argv.includes("--no-elements");
const options = withElements ? {} : { schemas: [] };
if (!hasModel) console.log(`note: no element model at ${DEFAULT_ELEMENT_MODEL_PATH}; elements skipped`);
console.log(
  `narratives: ${narratives.length}, mean length ${Math.round(narratives.reduce((a, s) => a + s.length, 0) / narratives.length)} chars; ` +
    `elements ${withElements ? "on" : "off"}; runs ${RUNS}`,
);

for (let i = 0; i < WARMUP; i++) analyzeCase(narratives[i % narratives.length]!, options);

const wall: number[] = [];
const cpu: number[] = [];
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < RUNS; i++) {
  const c = process.cpuUsage();
  const s = performance.now();
  analyzeCase(narratives[i % narratives.length]!, options);
  wall.push(performance.now() - s);
  cpu.push(cpuSince(c));
}
const totalWallMs = performance.now() - t0;
const totalCpuUs = cpuSince(cpu0);
wall.sort((a, b) => a - b);
cpu.sort((a, b) => a - b);
console.log(
  `wall: p50 ${pct(wall, 0.5).toFixed(2)} ms, p95 ${pct(wall, 0.95).toFixed(2)} ms, ${(RUNS / (totalWallMs / 1000)).toFixed(0)} narratives/s (one thread)`,
);
// Per-call CPU readings have 1 µs resolution; the total is the reliable throughput figure.
console.log(
  `CPU:  p50 ${(pct(cpu, 0.5) / 1000).toFixed(2)} ms, p95 ${(pct(cpu, 0.95) / 1000).toFixed(2)} ms, ` +
    `mean ${(totalCpuUs / RUNS).toFixed(0)} µs per narrative, ${(RUNS / (totalCpuUs / 1e6)).toFixed(0)} narratives per CPU-second`,
);
const cpuP50Ms = pct(cpu, 0.5) / 1000;
const cpuRate = RUNS / (totalCpuUs / 1e6);
console.log(
  `targets (CPU): p50 ≤ ${P50_TARGET_MS} ms ${cpuP50Ms <= P50_TARGET_MS ? "met" : "MISSED"}, ≥ ${RATE_TARGET}/s ${cpuRate >= RATE_TARGET ? "met" : "MISSED"}; ` +
    `load average ${loadavg()[0]!.toFixed(1)}`,
);

// Per stage, to see where the time goes.
const STAGES = ["prepare", "facts", "contested", "classify", "risk", "elements"] as const;
type Stage = (typeof STAGES)[number];
const stageWall: Record<Stage, number> = { prepare: 0, facts: 0, contested: 0, classify: 0, risk: 0, elements: 0 };
const stageCpu: Record<Stage, number> = { prepare: 0, facts: 0, contested: 0, classify: 0, risk: 0, elements: 0 };
function timed<T>(stage: Stage, fn: () => T): T {
  const c = process.cpuUsage();
  const s = performance.now();
  const v = fn();
  stageWall[stage] += performance.now() - s;
  stageCpu[stage] += cpuSince(c);
  return v;
}
for (let i = 0; i < RUNS; i++) {
  const text = narratives[i % narratives.length]!;
  const p = timed("prepare", () => prepareText(text));
  const facts = timed("facts", () => extractFacts(p));
  const points = timed("contested", () => detectContestedPoints(p));
  const type = timed("classify", () => classifyDispute(p, points));
  timed("risk", () => assessRisk(p, facts, points));
  if (withElements) timed("elements", () => classifyElements(p, schemasForType(type.code)));
}
const fmt = (rec: Record<Stage, number>, scale: number, digits: number) =>
  STAGES.filter((k) => withElements || k !== "elements")
    .map((k) => `${k} ${((rec[k] / RUNS) * scale).toFixed(digits)}`)
    .join(", ");
console.log(`mean wall ms per stage: ${fmt(stageWall, 1, 3)}`);
console.log(`mean CPU µs per stage:  ${fmt(stageCpu, 1, 0)}`);
