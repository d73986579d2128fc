import { disputeTypeName, type DisputeTypeCode } from "@mediate/core";
import type { EvalReport, SuiteReport } from "./report-model.ts";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(3));
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;

/** A plain-markdown report: headline table first, then one section per suite. */
export function renderMarkdown(report: EvalReport): string {
  const out: string[] = [];
  out.push(`# Evaluation report — engine \`${report.engine}\``, "");
  out.push(`Created ${report.createdAt}, ${(report.durationMs / 1000).toFixed(1)} s.${report.command ? ` Command: \`${report.command}\`` : ""}`, "");
  out.push("## Headline", "", "| metric | value | better |", "| --- | ---: | --- |");
  for (const [k, m] of Object.entries(report.headline)) out.push(`| ${k} | ${num(m.value)} | ${m.better}${m.gated ? "" : " (not gated)"} |`);
  out.push("");
  for (const s of report.suites) out.push(...suiteSection(s), "");
  return out.join("\n");
}

function suiteSection(s: SuiteReport): string[] {
  const out = [`## Suite \`${s.name}\` (${s.kind})`, ""];
  if (s.description) out.push(s.description, "");
  out.push(`Items ${s.items}, completed ${s.completed}, failures ${s.failures.length}, invalid lines skipped ${s.invalidLines.length}.`, "");
  for (const i of s.invalidLines.slice(0, 20)) out.push(`- invalid line ${i.file}:${i.line}: ${i.error}`);
  for (const f of s.failures.slice(0, 20)) out.push(`- failure ${f.id}: ${f.error}`);
  if (s.invalidLines.length + s.failures.length > 0) out.push("");
  if (s.kind === "cases" && s.metrics) {
    const m = s.metrics;
    out.push("| metric | value |", "| --- | ---: |");
    const rows: Array<[string, string]> = [
      ["type accuracy", pct(m.type.accuracy)],
      ["type macro-F1", num(m.type.macroF1)],
      ...Object.entries(m.typeByForm).map(([f, v]): [string, string] => [`type accuracy (${f}, n=${v.n})`, v.n === 0 ? "n/a" : pct(v.accuracy)]),
      [`type accuracy (hard, n=${m.typeHard.n})`, m.typeHard.n === 0 ? "n/a" : pct(m.typeHard.accuracy)],
      ...Object.entries(m.typeByTag)
        .filter(([t]) => t !== "hard")
        .map(([t, v]): [string, string] => [`type accuracy (tag ${t}, n=${v.n})`, pct(v.accuracy)]),
      ["contested points micro P / R / F1", `${num(m.points.micro.precision)} / ${num(m.points.micro.recall)} / ${num(m.points.micro.f1)}`],
      ["contested points macro F1", num(m.points.macro.f1)],
      [`statute hit@1 / @5 / @${m.statutes.k}`, `${pct(m.statutes.hitAtK[0] ?? 0)} / ${pct(m.statutes.hitAtK[4] ?? 0)} / ${pct(m.statutes.hitAtK.at(-1) ?? 0)}`],
      [`statute full recall@${m.statutes.k}`, pct(m.statutes.fullAtK.at(-1) ?? 0)],
      [`statute recall@${m.statutes.k} (mean share of gold)`, pct(m.statutes.recallAtK)],
      ["MRR@10", num(m.statutes.mrrAt10)],
      ["citation precision", pct(m.statutes.citationPrecision)],
      [`citation validity (${m.citationValidity.valid}/${m.citationValidity.cited})`, pct(m.citationValidity.validity)],
      [`citation support (${m.citationSupport.supported}/${m.citationSupport.cited}, ${m.citationSupport.viaPointOnly} via points)`, pct(m.citationSupport.support)],
      ["plan coverage: approaches / departments / time limit", `${pct(m.plan.approaches)} / ${pct(m.plan.departments)} / ${pct(m.plan.timeLimit)}`],
      ["risk accuracy", pct(m.risk.accuracy)],
      ["risk under-estimated (rate)", `${m.risk.underEstimated} (${pct(m.risk.underRate)})`],
      ["risk red→green / red→yellow-or-green", `${m.risk.redToGreen} / ${m.risk.redToYellowOrGreen}`],
      ["latency p50 / p95 / p99", `${ms(m.latency.p50)} / ${ms(m.latency.p95)} / ${ms(m.latency.p99)}`],
    ];
    if (m.judge) rows.push([`LLM judge mean score (n=${m.judge.n})`, num(m.judge.meanScore)]);
    out.push(...rows.map(([a, b]) => `| ${a} | ${b} |`), "");
    out.push("### Per dispute type", "", "| type | P | R | F1 | support |", "| --- | ---: | ---: | ---: | ---: |");
    for (const [code, p] of Object.entries(m.type.perLabel)) {
      out.push(`| ${code} ${disputeTypeName(code as DisputeTypeCode)} | ${num(p.precision)} | ${num(p.recall)} | ${num(p.f1)} | ${p.support} |`);
    }
    out.push("");
    const wrong = s.rows.filter((r) => r.predictedType !== null && r.predictedType !== r.goldType);
    if (wrong.length > 0) {
      out.push(`### Misclassified (${wrong.length})`, "", "| id | form | gold | predicted | tags |", "| --- | --- | --- | --- | --- |");
      for (const r of wrong.slice(0, 60)) out.push(`| ${r.id} | ${r.form} | ${r.goldType} | ${r.predictedType} | ${r.tags.join(" ")} |`);
      out.push("");
    }
    const severe = s.rows.filter((r) => r.goldRisk === "red" && r.predictedRisk !== null && r.predictedRisk !== "red" && r.predictedRisk !== "orange");
    if (severe.length > 0) {
      out.push(`### Red cases rated yellow or green (${severe.length})`, "");
      for (const r of severe) out.push(`- ${r.id}: gold red, predicted ${r.predictedRisk}`);
      out.push("");
    }
    if (m.citationValidity.invalid.length > 0) {
      out.push("### Invalid citations", "");
      for (const c of m.citationValidity.invalid.slice(0, 30)) out.push(`- ${c.id}: ${c.law} 第${c.article}条 — ${c.verdict}`);
      out.push("");
    }
  }
  if (s.kind === "cail-elements" && s.metrics) {
    out.push(`Mean CAIL score ${num(s.metrics.meanCailScore)}.`, "");
    out.push("| domain | docs | sentences | micro-F1 | macro-F1 | CAIL score | mean sentence F1 | p50 |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const d of s.metrics.domains) {
      out.push(`| ${d.schema} | ${d.documents} | ${d.sentences} | ${num(d.elements.micro.f1)} | ${num(d.elements.macro.f1)} | ${num(d.cailScore)} | ${num(d.meanSentenceF1)} | ${ms(d.latency.p50)} |`);
    }
  }
  if (s.kind === "retrieval-questions" && s.metrics) {
    const r = s.metrics.ranking;
    out.push("| metric | value |", "| --- | ---: |");
    out.push(`| questions | ${r.n} |`, `| hit@1 | ${pct(r.hitAtK[0] ?? 0)} |`, `| hit@5 | ${pct(r.hitAtK[4] ?? 0)} |`, `| Recall@${r.k} (any gold in top ${r.k}) | ${pct(r.hitAtK.at(-1) ?? 0)} |`);
    out.push(`| full recall@${r.k} | ${pct(r.fullAtK.at(-1) ?? 0)} |`, `| MRR@10 | ${num(r.mrrAt10)} |`, `| latency p50 / p95 | ${ms(s.metrics.latency.p50)} / ${ms(s.metrics.latency.p95)} |`);
  }
  return out;
}
