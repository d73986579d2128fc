// Risk-level (红/橙/黄/绿) figures on the hold-out sets of packages/core/test/fixtures/risk-holdout.jsonl
// (r1-…, r2-…: visitor sentences and short narratives written before looking at the lexicon
// changes they measure) or, with --corpus, on the gold `risk` of corpora/eval/*.jsonl.
// Reports accuracy, under-estimation (predicted less urgent than gold), over-estimation,
// red cases called green/yellow, and the confusion matrix. Each set was written before looking
// at the lexicon it measures and scored once while fresh (accuracy / under-estimation):
//   r1 on v1 (start of the 2026-11 round): 0.455 / 0.515;  r2 on v2: 0.450 / 0.500 (v1: 0.300 / 0.650);
//   r3 on v3: 0.517 / 0.450 (v1: 0.300 / 0.650);           r4 on v4: 0.517 / 0.433 (v1: 0.333 / 0.650).
// They were then used for error analysis, so today's figures on them are not held-out; write
// r5-… for a fresh check (docs/risk-levels.md, "Figures").
// Usage: pnpm exec tsx packages/core/scripts/eval-risk-holdout.ts [file.jsonl] [--set r2] [--corpus] [--errors]
//        [--signals /tmp/rs0.json]   (score with another risk-signals.json, e.g. `git show HEAD:corpora/taxonomy/risk-signals.json`)
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { prepareText } from "../src/text/prepare-text.ts";
import { extractFacts } from "../src/facts/extract-facts.ts";
import { detectContestedPoints } from "../src/contested/detect-contested-points.ts";
import { assessRisk, type AssessRiskOptions } from "../src/risk/assess-risk.ts";
import { parseRiskDefusers } from "../src/risk/risk-defusers.ts";
import { createCueMatcher, type CueMatcher } from "../src/taxonomy/cue-matcher.ts";
import { readTaxonomy, RiskSignalsFileSchema } from "../src/taxonomy/load-taxonomy.ts";
import { RISK_LEVELS, type RiskLevel } from "../src/schema/codes.ts";
import { evalCorpusItems, holdoutArgs, readJsonl } from "./holdout-data.ts";

type Row = { id: string; text: string; risk: RiskLevel };

const args = holdoutArgs(process.argv.slice(2), ["--set", "--signals"]);
const file = args.positional ?? fileURLToPath(new URL("../test/fixtures/risk-holdout.jsonl", import.meta.url));
const onlySet = args.valueOf("--set");
const signalsFile = args.valueOf("--signals");
const showErrors = args.has("--errors");

const readRows = (path: string): Row[] => readJsonl<Row>(path);

function corpusRows(): Row[] {
  return evalCorpusItems<Row>()
    .filter((r) => RISK_LEVELS.includes(r.risk))
    .map((r) => ({ ...r, id: `eval-${r.id}` }));
}

/** Options scoring with another risk-signals.json: its signals and its defusers (none if it has none). */
function optionsFrom(path: string | undefined): AssessRiskOptions {
  if (!path) return {};
  const raw: unknown = JSON.parse(readFileSync(path, "utf8"));
  const taxonomy = readTaxonomy();
  taxonomy.risk = RiskSignalsFileSchema.parse(raw);
  const matcher: CueMatcher = createCueMatcher(taxonomy);
  return { matcher, defusers: parseRiskDefusers(raw) };
}

const riskOptions = optionsFrom(signalsFile);
let rows: Row[] = args.has("--corpus") ? corpusRows() : readRows(file);
if (onlySet) rows = rows.filter((r) => r.id.startsWith(`${onlySet}-`));

/** 0 = red … 3 = green. */
const rank = (l: RiskLevel): number => RISK_LEVELS.indexOf(l);

const outcomes = rows.map((row) => {
  const p = prepareText(row.text);
  const risk = assessRisk(p, extractFacts(p), detectContestedPoints(p), riskOptions);
  return { row, level: risk.level, score: risk.score, codes: risk.reasons.map((r) => r.code) };
});

const n = outcomes.length;
const pct = (k: number): string => (n === 0 ? "-" : (k / n).toFixed(3));
const correct = outcomes.filter((o) => o.level === o.row.risk).length;
const under = outcomes.filter((o) => rank(o.level) > rank(o.row.risk)).length;
const over = outcomes.filter((o) => rank(o.level) < rank(o.row.risk)).length;
const reds = outcomes.filter((o) => o.row.risk === "red");
const redLow = reds.filter((o) => o.level === "green" || o.level === "yellow").length;
const highGold = outcomes.filter((o) => rank(o.row.risk) <= 1);
const highCaught = highGold.filter((o) => rank(o.level) <= 1).length;

console.log(`${signalsFile ? `signals=${signalsFile} ` : ""}n=${n}`);
console.log(`accuracy=${pct(correct)}  under-estimation=${pct(under)}  over-estimation=${pct(over)}`);
console.log(`red→green/yellow=${redLow} of ${reds.length}  red/orange recall (called red or orange)=${highGold.length ? (highCaught / highGold.length).toFixed(3) : "-"}`);
console.log(`confusion (rows gold, columns predicted):`);
console.log(`        ${RISK_LEVELS.map((l) => l.padStart(7)).join("")}`);
for (const gold of RISK_LEVELS) {
  const cells = RISK_LEVELS.map((pred) => String(outcomes.filter((o) => o.row.risk === gold && o.level === pred).length).padStart(7));
  console.log(`${gold.padEnd(8)}${cells.join("")}`);
}

if (showErrors) {
  for (const o of outcomes.filter((x) => x.level !== x.row.risk)) {
    const dir = rank(o.level) > rank(o.row.risk) ? "UNDER" : "over ";
    console.log(`  ${dir} ${o.row.id}: gold ${o.row.risk}, got ${o.level} (${o.score}; ${o.codes.join(",")}) — ${o.row.text.slice(0, 60).replace(/\s+/g, " ")}`);
  }
}
