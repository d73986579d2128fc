import { describe, expect, it } from "vitest";
import type { EvalReport } from "../report/report-model.ts";
import { compareToBaseline, formatComparison } from "./compare-baseline.ts";

const report = (headline: EvalReport["headline"], suites = ["cases"]): EvalReport => ({
  version: 1,
  createdAt: "2026-01-01T00:00:00Z",
  engine: "offline",
  command: "",
  durationMs: 0,
  suites: suites.map((name) => ({ kind: "cases", name, data: [], items: 0, completed: 0, failures: [], invalidLines: [], metrics: null, rows: [] })),
  headline,
});

const h = (value: number, better: "higher" | "lower" = "higher", gated = true) => ({ value, better, gated });

describe("compareToBaseline", () => {
  it("flags drops beyond the tolerance in the bad direction only", () => {
    const base = report({ "cases.type.accuracy": h(0.8), "cases.risk.redToGreen": h(0, "lower"), "cases.points.microF1": h(0.5), "cases.latency.p95Ms": h(10, "lower", false) });
    const now = report({ "cases.type.accuracy": h(0.77), "cases.risk.redToGreen": h(1, "lower"), "cases.points.microF1": h(0.6), "cases.latency.p95Ms": h(500, "lower", false) });
    const c = compareToBaseline(now, base, 0.02);
    expect(c.compared).toBe(3);
    expect(c.regressions.map((r) => r.metric)).toEqual(["cases.type.accuracy", "cases.risk.redToGreen"]);
    expect(c.improvements.map((r) => r.metric)).toEqual(["cases.points.microF1"]);
    expect(formatComparison(c)).toMatch(/REGRESSION cases\.type\.accuracy: 0\.8000 → 0\.7700/);
  });

  it("tolerates a drop within the tolerance and reports metrics the run did not produce", () => {
    const base = report({ "cases.type.accuracy": h(0.8), "cases.plan.coverage": h(0.5), "other.x": h(1) });
    const now = report({ "cases.type.accuracy": h(0.785) });
    const c = compareToBaseline(now, base, 0.02);
    expect(c.regressions).toEqual([]);
    expect(c.missing).toEqual(["cases.plan.coverage"]);
  });
});
