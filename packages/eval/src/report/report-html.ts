import { disputeTypeName, type DisputeTypeCode } from "@mediate/core";
import type { LatencyMetrics } from "../metrics/latency.ts";
import type { EvalReport, SuiteReport } from "./report-model.ts";
import { barChart, escapeXml, heatmap, histogramChart, lineChart } from "./svg-charts.ts";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(3));

/** One self-contained HTML page: inline CSS and SVG, no scripts, no external fonts. */
export function renderHtml(report: EvalReport): string {
  const body = [
    `<h1>评估报告 Evaluation report — <code>${escapeXml(report.engine)}</code></h1>`,
    `<p class="meta">${escapeXml(report.createdAt)} · ${(report.durationMs / 1000).toFixed(1)} s${report.command ? ` · <code>${escapeXml(report.command)}</code>` : ""}</p>`,
    headlineTable(report),
    ...report.suites.map(suiteHtml),
  ].join("\n");
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Evaluation report — ${escapeXml(report.engine)}</title>
<style>
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:32px}
table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ddd;padding:3px 8px;font-size:13px}th{background:#f3f5f8;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}.meta{color:#666;font-size:13px}
.charts{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start}figure{margin:0;border:1px solid #eee;padding:6px;background:#fff}
.bad{color:#b3261e;font-weight:bold}.ok{color:#1e7b34}
</style></head><body>
${body}
</body></html>
`;
}

function headlineTable(report: EvalReport): string {
  const rows = Object.entries(report.headline)
    .map(([k, m]) => `<tr><td>${escapeXml(k)}</td><td class="n">${num(m.value)}</td><td>${m.better}${m.gated ? "" : " (not gated)"}</td></tr>`)
    .join("");
  return `<h2>Headline</h2><table><tr><th>metric</th><th>value</th><th>better</th></tr>${rows}</table>`;
}

function latencyChart(id: string, l: LatencyMetrics): string {
  const buckets = l.histogram.map((b) => ({ label: b.upTo === null ? "more" : `≤${b.upTo}`, count: b.count }));
  return figure(histogramChart(buckets, { title: `latency (p50 ${l.p50.toFixed(1)} ms, p95 ${l.p95.toFixed(1)} ms)`, id, xLabel: "ms" }));
}

const figure = (svg: string) => `<figure>${svg}</figure>`;

function suiteHtml(s: SuiteReport): string {
  const head = `<h2>Suite <code>${escapeXml(s.name)}</code> (${s.kind})</h2>` +
    (s.description ? `<p>${escapeXml(s.description)}</p>` : "") +
    `<p>Items ${s.items}, completed ${s.completed}, <span class="${s.failures.length ? "bad" : "ok"}">failures ${s.failures.length}</span>, invalid lines skipped ${s.invalidLines.length}.</p>` +
    list("Invalid lines", s.invalidLines.map((i) => `${i.file}:${i.line} — ${i.error}`)) +
    list("Failures", s.failures.map((f) => `${f.id} — ${f.error}`));
  const id = s.name.replace(/[^a-z0-9-]/gi, "_");
  if (s.kind === "cases" && s.metrics) {
    const m = s.metrics;
    const table = kv([
      ["type accuracy / macro-F1", `${pct(m.type.accuracy)} / ${num(m.type.macroF1)}`],
      ...Object.entries(m.typeByForm).map(([f, v]): [string, string] => [`type accuracy (${f}, n=${v.n})`, pct(v.accuracy)]),
      ["contested points micro / macro F1", `${num(m.points.micro.f1)} / ${num(m.points.macro.f1)}`],
      ["MRR@10 · citation precision", `${num(m.statutes.mrrAt10)} · ${pct(m.statutes.citationPrecision)}`],
      ["citation validity", `<span class="${m.citationValidity.validity < 1 ? "bad" : "ok"}">${pct(m.citationValidity.validity)}</span> (${m.citationValidity.valid}/${m.citationValidity.cited})`],
      ["citation support", `${pct(m.citationSupport.support)} (${m.citationSupport.supported}/${m.citationSupport.cited})`],
      ["plan coverage (approaches / departments / time limit)", `${pct(m.plan.approaches)} / ${pct(m.plan.departments)} / ${pct(m.plan.timeLimit)}`],
      ["risk accuracy · under-estimated", `${pct(m.risk.accuracy)} · ${m.risk.underEstimated}`],
      ["red→green · red→yellow/green", `<span class="${m.risk.redToGreen ? "bad" : "ok"}">${m.risk.redToGreen}</span> · ${m.risk.redToYellowOrGreen}`],
      ...(m.judge ? [["LLM judge mean (1–5)", num(m.judge.meanScore)] as [string, string]] : []),
    ]);
    const typeBars = Object.entries(m.type.perLabel).map(([code, p]) => ({ label: `${disputeTypeName(code as DisputeTypeCode)}`, value: p.f1 }));
    const pointBars = Object.entries(m.points.perLabel).map(([code, p]) => ({ label: code, value: p.f1 }));
    const typeLabels = m.type.confusion.labels.map((c) => disputeTypeName(c as DisputeTypeCode));
    const slices = [
      ...Object.entries(m.typeByForm).map(([f, v]) => ({ label: `${f} (n=${v.n})`, value: v.accuracy })),
      ...Object.entries(m.typeByTag).filter(([t]) => t !== "smoke").map(([t, v]) => ({ label: `${t} (n=${v.n})`, value: v.accuracy })),
    ];
    const charts = [
      figure(barChart(typeBars, { title: "per-type F1 (类型)", id: `${id}-type-f1` })),
      ...(slices.length ? [figure(barChart(slices, { title: "type accuracy by form and tag", id: `${id}-type-slices` }))] : []),
      figure(heatmap(typeLabels, m.type.confusion.counts, { title: "type confusion matrix", id: `${id}-confusion` })),
      figure(lineChart([
        { name: "hit@k", values: m.statutes.hitAtK },
        { name: "full@k", values: m.statutes.fullAtK },
      ], { title: "statute recall@k", id: `${id}-recall`, xLabel: "k" })),
      ...(pointBars.length ? [figure(barChart(pointBars, { title: "contested-point F1 (争议焦点)", id: `${id}-points-f1` }))] : []),
      figure(heatmap(m.risk.confusion.labels, m.risk.confusion.counts, { title: "risk confusion (gold × predicted)", id: `${id}-risk` })),
      latencyChart(`${id}-latency`, m.latency),
    ];
    return head + table + `<div class="charts">${charts.join("")}</div>`;
  }
  if (s.kind === "cail-elements" && s.metrics) {
    const table = `<table><tr><th>domain</th><th>docs</th><th>sentences</th><th>micro-F1</th><th>macro-F1</th><th>CAIL score</th><th>mean sentence F1</th></tr>` +
      s.metrics.domains.map((d) => `<tr><td>${d.schema}</td><td class="n">${d.documents}</td><td class="n">${d.sentences}</td><td class="n">${num(d.elements.micro.f1)}</td><td class="n">${num(d.elements.macro.f1)}</td><td class="n">${num(d.cailScore)}</td><td class="n">${num(d.meanSentenceF1)}</td></tr>`).join("") +
      `</table><p>Mean CAIL score <b>${num(s.metrics.meanCailScore)}</b>.</p>`;
    const charts = s.metrics.domains.map((d) =>
      figure(barChart(Object.entries(d.elements.perLabel).map(([l, p]) => ({ label: l, value: p.f1 })), { title: `${d.schema}: per-element F1`, id: `${id}-${d.schema}-f1` })),
    );
    const first = s.metrics.domains[0];
    if (first) charts.push(latencyChart(`${id}-latency`, first.latency));
    return head + table + `<div class="charts">${charts.join("")}</div>`;
  }
  if (s.kind === "retrieval-questions" && s.metrics) {
    const r = s.metrics.ranking;
    const table = kv([
      ["questions", String(r.n)],
      [`Recall@${r.k}`, pct(r.hitAtK.at(-1) ?? 0)],
      ["MRR@10", num(r.mrrAt10)],
    ]);
    const charts = [
      figure(lineChart([{ name: "hit@k", values: r.hitAtK }, { name: "full@k", values: r.fullAtK }], { title: "recall@k", id: `${id}-recall`, xLabel: "k" })),
      latencyChart(`${id}-latency`, s.metrics.latency),
    ];
    return head + table + `<div class="charts">${charts.join("")}</div>`;
  }
  return head + `<p class="bad">No metrics: every item failed.</p>`;
}

function kv(rows: Array<[string, string]>): string {
  return `<table>${rows.map(([k, v]) => `<tr><td>${escapeXml(k)}</td><td class="n">${v}</td></tr>`).join("")}</table>`;
}

function list(title: string, lines: string[]): string {
  if (lines.length === 0) return "";
  const shown = lines.slice(0, 30).map((l) => `<li>${escapeXml(l)}</li>`).join("");
  return `<details><summary>${title} (${lines.length})</summary><ul>${shown}</ul></details>`;
}
