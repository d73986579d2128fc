// Benchmark (not a test): analyzeCase on 1,000-character narratives built from the test
// fixtures. Prints p50/p95 latency per narrative and narratives/s on one core, plus the
// time per pipeline stage. Usage: pnpm exec tsx packages/core/scripts/bench-analyze.ts [--runs N]
import { existsSync, readFileSync, readdirSync } from "node:fs";
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

const narratives = buildNarratives();
const withElements = existsSync(DEFAULT_ELEMENT_MODEL_PATH);
const options = withElements ? {} : { schemas: [] };
if (!withElements) console.log(`note: no element model at ${DEFAULT_ELEMENT_MODEL_PATH}; elements skipped`);
console.log(`narratives: ${narratives.length}, mean length ${Math.round(narratives.reduce((a, s) => a + s.length, 0) / narratives.length)} chars`);

for (let i = 0; i < WARMUP; i++) analyzeCase(narratives[i % narratives.length]!, options);

const times: number[] = [];
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < RUNS; i++) {
  const s = performance.now();
  analyzeCase(narratives[i % narratives.length]!, options);
  times.push(performance.now() - s);
}
const total = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
times.sort((a, b) => a - b);
console.log(`analyzeCase x${RUNS}: wall p50 ${pct(times, 0.5).toFixed(2)} ms, p95 ${pct(times, 0.95).toFixed(2)} ms, ${(RUNS / (total / 1000)).toFixed(0)} narratives/s wall (one thread)`);
// On a shared machine wall time includes waiting for the CPU; CPU time is what one core spends.
console.log(`CPU time: ${(cpuMs / RUNS).toFixed(2)} ms per narrative, ${(RUNS / (cpuMs / 1000)).toFixed(0)} narratives per CPU-second; load average ${(await import("node:os")).loadavg()[0]!.toFixed(1)}`);

// Per stage, to see where the time goes.
const stages: Record<string, number> = { prepare: 0, facts: 0, contested: 0, classify: 0, risk: 0, elements: 0 };
for (let i = 0; i < RUNS; i++) {
  const text = narratives[i % narratives.length]!;
  let s = performance.now();
  const p = prepareText(text);
  stages.prepare! += performance.now() - s;
  s = performance.now();
  const facts = extractFacts(p);
  stages.facts! += performance.now() - s;
  s = performance.now();
  const points = detectContestedPoints(p);
  stages.contested! += performance.now() - s;
  s = performance.now();
  const type = classifyDispute(p, points);
  stages.classify! += performance.now() - s;
  s = performance.now();
  assessRisk(p, facts, points);
  stages.risk! += performance.now() - s;
  s = performance.now();
  if (withElements) classifyElements(p, schemasForType(type.code));
  stages.elements! += performance.now() - s;
}
console.log("mean ms per stage: " + Object.entries(stages).map(([k, v]) => `${k} ${(v / RUNS).toFixed(3)}`).join(", "));
