import type { EvalReport, HeadlineMetric, SuiteReport } from "./report-model.ts";

const higher = (value: number): HeadlineMetric => ({ value, better: "higher", gated: true });
const lower = (value: number): HeadlineMetric => ({ value, better: "lower", gated: true });
const info = (value: number): HeadlineMetric => ({ value, better: "lower", gated: false });

/** The figures a maintainer reads first and a baseline is compared on, keyed `<suite>.<metric>`. */
export function headlineOf(suites: SuiteReport[]): EvalReport["headline"] {
  const out: EvalReport["headline"] = {};
  for (const s of suites) {
    const p = (key: string, m: HeadlineMetric) => (out[`${s.name}.${key}`] = m);
    p("completion", higher(s.items === 0 ? 0 : s.completed / s.items));
    if (s.kind === "cases" && s.metrics) {
      const m = s.metrics;
      p("type.accuracy", higher(m.type.accuracy));
      p("type.macroF1", higher(m.type.macroF1));
      p("points.microF1", higher(m.points.micro.f1));
      p("points.macroF1", higher(m.points.macro.f1));
      p("statutes.hitAt5", higher(m.statutes.hitAtK[4] ?? m.statutes.hitAtK.at(-1) ?? 0));
      p("statutes.recallAt10", higher(m.statutes.recallAtK));
      p("statutes.mrrAt10", higher(m.statutes.mrrAt10));
      p("citations.precision", higher(m.statutes.citationPrecision));
      p("citations.validity", higher(m.citationValidity.validity));
      p("citations.support", higher(m.citationSupport.support));
      p("plan.coverage", higher(m.plan.overall));
      p("risk.accuracy", higher(m.risk.accuracy));
      p("risk.underRate", lower(m.risk.underRate));
      p("risk.redToGreen", lower(m.risk.redToGreen));
      p("latency.p95Ms", info(m.latency.p95));
      if (m.judge) p("judge.meanScore", higher(m.judge.meanScore));
    }
    if (s.kind === "cail-elements" && s.metrics) {
      p("cailScore", higher(s.metrics.meanCailScore));
      for (const d of s.metrics.domains) {
        p(`${d.schema}.microF1`, higher(d.elements.micro.f1));
        p(`${d.schema}.macroF1`, higher(d.elements.macro.f1));
        p(`${d.schema}.meanSentenceF1`, higher(d.meanSentenceF1));
      }
    }
    if (s.kind === "retrieval-questions" && s.metrics) {
      const r = s.metrics.ranking;
      p("recallAt10", higher(r.hitAtK[9] ?? r.hitAtK.at(-1) ?? 0));
      p("mrrAt10", higher(r.mrrAt10));
      p("latency.p95Ms", info(s.metrics.latency.p95));
    }
  }
  return out;
}
