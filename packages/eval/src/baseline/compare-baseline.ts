import { readFile } from "node:fs/promises";
import { MediateError } from "@mediate/core";
import type { EvalReport } from "../report/report-model.ts";

export type Regression = { metric: string; baseline: number; current: number; delta: number };

export type BaselineComparison = {
  tolerance: number;
  compared: number;
  regressions: Regression[];
  improvements: Regression[];
  /** Gated baseline metrics the current run did not produce (suite not run, or it crashed). */
  missing: string[];
};

/**
 * Compares gated headline metrics present in both reports. A metric regresses when it moves in
 * the bad direction by more than `tolerance` (absolute; rates are 0..1, counts are counts).
 */
export function compareToBaseline(current: EvalReport, baseline: EvalReport, tolerance: number): BaselineComparison {
  const regressions: Regression[] = [];
  const improvements: Regression[] = [];
  const missing: string[] = [];
  let compared = 0;
  const ranSuites = new Set(current.suites.map((s) => s.name));
  for (const [metric, base] of Object.entries(baseline.headline)) {
    if (!base.gated) continue;
    const now = current.headline[metric];
    if (!now) {
      if (ranSuites.has(metric.split(".")[0]!)) missing.push(metric);
      continue;
    }
    compared += 1;
    const delta = now.value - base.value;
    const worse = base.better === "higher" ? -delta : delta;
    const entry = { metric, baseline: base.value, current: now.value, delta };
    if (worse > tolerance + 1e-12) regressions.push(entry);
    else if (-worse > tolerance + 1e-12) improvements.push(entry);
  }
  return { tolerance, compared, regressions, improvements, missing };
}

export async function readBaseline(file: string): Promise<EvalReport> {
  let raw: string;
  try {
    raw = await readFile(file, "utf8");
  } catch (cause) {
    throw new MediateError("not_found", `baseline report ${file} not found`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (cause) {
    throw new MediateError("invalid_json", `baseline report ${file} is not valid JSON`, { cause });
  }
  if (!isReport(json)) throw new MediateError("invalid_input", `baseline ${file} is not an eval report.json (no headline)`);
  return json;
}

function isReport(v: unknown): v is EvalReport {
  return typeof v === "object" && v !== null && "headline" in v && typeof (v as { headline: unknown }).headline === "object" && Array.isArray((v as { suites?: unknown }).suites);
}

export function formatComparison(c: BaselineComparison): string {
  const lines = [`baseline: ${c.compared} metrics compared, tolerance ${c.tolerance}`];
  for (const r of c.regressions) lines.push(`  REGRESSION ${r.metric}: ${fmt(r.baseline)} → ${fmt(r.current)} (${r.delta >= 0 ? "+" : ""}${fmt(r.delta)})`);
  for (const r of c.improvements) lines.push(`  improved   ${r.metric}: ${fmt(r.baseline)} → ${fmt(r.current)}`);
  for (const m of c.missing) lines.push(`  missing    ${m} (in the baseline, not produced by this run)`);
  if (c.regressions.length === 0) lines.push("  no regression beyond tolerance");
  return lines.join("\n");
}

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(4));
