// Dispute-type accuracy on the hold-out sets of packages/core/test/fixtures/type-holdout.jsonl:
// one-liners (ids with -s-) and narratives (-n-) written after the lexicons were frozen.
// Each set was written after a lexicon freeze and measured once while fresh (accuracy overall;
// one-liners / narratives):
//   ho on v1: 0.800; h2 on v2: 0.830; h3 on v3: 0.787 (0.734 / 0.900);
//   h4 on r0 (the lexicon at the start of the 2026-11 round): 0.818 (0.785 / 0.917), top-3 0.917;
//   h5 on r1 (first freeze of that round): 0.733 (0.719 / 0.792), top-3 0.842 — r0 scores 0.717 on it;
//   h6 on r2: 0.767 (0.750 / 0.833), top-3 0.950 — r0: 0.725;
//   h7 on r3: 0.783 (0.771 / 0.833), top-3 0.958 — r0: 0.758;
//   h8 on r4: 0.875 (0.854 / 0.958), top-3 0.967 — r0: 0.850.
// Each set was then used for error analysis, so the figures printed today are no longer
// held-out. Write a new set (h9-…) for a fresh check (docs/taxonomy.md, "Measuring generalisation").
// Usage: pnpm exec tsx packages/core/scripts/eval-type-holdout.ts [file.jsonl] [--errors]
//        pnpm exec tsx packages/core/scripts/eval-type-holdout.ts --corpus [--errors]
// --corpus scores the type labels of corpora/eval/*.jsonl instead (sets by `form`: question/narrative).
import { fileURLToPath } from "node:url";
import { prepareText } from "../src/text/prepare-text.ts";
import { detectContestedPoints } from "../src/contested/detect-contested-points.ts";
import { classifyDispute } from "../src/classify/classify-dispute.ts";
import { evalCorpusItems, holdoutArgs, readJsonl } from "./holdout-data.ts";

type Row = { id: string; text: string; type: string };
type Outcome = { row: Row; code: string; confidence: number; inTop3: boolean };

const args = holdoutArgs(process.argv.slice(2), []);
const file = args.positional ?? fileURLToPath(new URL("../test/fixtures/type-holdout.jsonl", import.meta.url));
const showErrors = args.has("--errors");

/** Eval-corpus items, the set name being the form so the report groups questions and narratives. */
function corpusRows(): Row[] {
  return evalCorpusItems<Row & { form?: string }>().map(({ form, ...r }) => ({ ...r, id: `eval-${form === "narrative" ? "n" : "s"}-${r.id}` }));
}

const rows: Row[] = args.has("--corpus") ? corpusRows() : readJsonl<Row>(file);

const outcomes: Outcome[] = rows.map((row) => {
  const p = prepareText(row.text);
  const t = classifyDispute(p, detectContestedPoints(p));
  const top3 = [t.code, ...t.alternatives.slice(0, 2).map((a) => a.code)];
  return { row, code: t.code, confidence: t.confidence, inTop3: top3.includes(row.type as (typeof top3)[number]) };
});

function report(name: string, list: Outcome[]): void {
  if (list.length === 0) return;
  const correct = list.filter((o) => o.code === o.row.type).length;
  const top3 = list.filter((o) => o.inTop3).length;
  const meanConf = list.reduce((s, o) => s + o.confidence, 0) / list.length;
  console.log(
    `${name.padEnd(12)} n=${String(list.length).padStart(3)}  accuracy=${(correct / list.length).toFixed(3)}  top3=${(top3 / list.length).toFixed(3)}  mean confidence=${meanConf.toFixed(3)}`,
  );
}

const sets = [...new Set(outcomes.map((o) => o.row.id.split("-")[0] as string))];
for (const set of sets) {
  const inSet = outcomes.filter((o) => o.row.id.startsWith(`${set}-`));
  console.log(`set ${set}`);
  report("one-liners", inSet.filter((o) => o.row.id.includes("-s-")));
  report("narratives", inSet.filter((o) => o.row.id.includes("-n-")));
  report("all", inSet);
}

if (showErrors) {
  for (const o of outcomes.filter((x) => x.code !== x.row.type)) {
    console.log(`  ${o.row.id}: expected ${o.row.type}, got ${o.code} (${o.confidence}) — ${o.row.text.slice(0, 40)}`);
  }
}
