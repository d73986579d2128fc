// Contested-point (争议焦点) figures on the hold-out sets of packages/core/test/fixtures/points-holdout.jsonl
// (p1-…, p2-…, p3-…: everyday, colloquial and elderly wording written from the list of point codes and
// names only, before looking at the lexicon changes they measure) or, with --corpus, on the gold
// `points` of corpora/eval/*.jsonl. Reports micro and macro precision/recall/F1 over points
// (macro over the points that occur in gold or prediction), and with --errors the missed (FN) and
// false (FP) points per item and a per-point table. Fresh figures (micro F1 / macro F1; docs/taxonomy.md):
//   p1 on the start lexicon (a6d3520): 0.717 / 0.604;  p2 after rounds 1–3: 0.523 / 0.396 (start: 0.457 / 0.328);
//   p3 on the final lexicon: 0.447 / 0.321 (start: 0.384 / 0.263). p1 and p2 were then used for error analysis.
// Usage: pnpm exec tsx packages/core/scripts/eval-points-holdout.ts [file.jsonl] [--set p1] [--corpus] [--errors]
//        [--points /tmp/cp0.json]   (score with another contested-points.json, e.g. `git show a6d3520:corpora/taxonomy/contested-points.json`, the start of the 2026-11 round)
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { prepareText } from "../src/text/prepare-text.ts";
import { detectContestedPoints, type DetectPointsOptions } from "../src/contested/detect-contested-points.ts";
import { createCueMatcher } from "../src/taxonomy/cue-matcher.ts";
import { evalCorpusItems, holdoutArgs, readJsonl } from "./holdout-data.ts";
import { ContestedPointsFileSchema, readTaxonomy } from "../src/taxonomy/load-taxonomy.ts";

type Row = { id: string; text: string; points: string[] };

const args = holdoutArgs(process.argv.slice(2), ["--set", "--points"]);
const file = args.positional ?? fileURLToPath(new URL("../test/fixtures/points-holdout.jsonl", import.meta.url));
const onlySet = args.valueOf("--set");
const pointsFile = args.valueOf("--points");
const showErrors = args.has("--errors");

const readRows = (path: string): Row[] => readJsonl<Row>(path);

function corpusRows(): Row[] {
  return evalCorpusItems<Row>()
    .filter((r) => Array.isArray(r.points))
    .map((r) => ({ ...r, id: `eval-${r.id}` }));
}

/** Options scoring with another contested-points.json (the other three taxonomy files stay the checkout's). */
function optionsFrom(path: string | undefined): DetectPointsOptions {
  if (!path) return {};
  const taxonomy = readTaxonomy();
  const points = ContestedPointsFileSchema.parse(JSON.parse(readFileSync(path, "utf8"))).points;
  taxonomy.points = points;
  taxonomy.pointByCode = new Map(points.map((p) => [p.code, p]));
  return { matcher: createCueMatcher(taxonomy) };
}

const options = optionsFrom(pointsFile);
let rows: Row[] = args.has("--corpus") ? corpusRows() : readRows(file);
if (onlySet) rows = rows.filter((r) => r.id.startsWith(`${onlySet}-`));

type Count = { tp: number; fp: number; fn: number };
const perPoint = new Map<string, Count>();
const countOf = (code: string): Count => {
  let c = perPoint.get(code);
  if (!c) perPoint.set(code, (c = { tp: 0, fp: 0, fn: 0 }));
  return c;
};
const errors: string[] = [];
let exact = 0;

for (const row of rows) {
  const gold = new Set(row.points);
  const got = new Set(detectContestedPoints(prepareText(row.text), options).map((p) => p.code));
  const missed = [...gold].filter((c) => !got.has(c));
  const extra = [...got].filter((c) => !gold.has(c));
  for (const c of gold) countOf(c)[got.has(c) ? "tp" : "fn"]++;
  for (const c of extra) countOf(c).fp++;
  if (missed.length === 0 && extra.length === 0) exact++;
  else errors.push(`${row.id}  FN[${missed.join(",")}] FP[${extra.join(",")}]  ${row.text.slice(0, 90).replace(/\s+/g, " ")}`);
}

const prf = ({ tp, fp, fn }: Count): [number, number, number] => {
  const p = tp + fp === 0 ? 0 : tp / (tp + fp);
  const r = tp + fn === 0 ? 0 : tp / (tp + fn);
  return [p, r, p + r === 0 ? 0 : (2 * p * r) / (p + r)];
};
const total = [...perPoint.values()].reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), { tp: 0, fp: 0, fn: 0 });
const [mp, mr, mf] = prf(total);
const per = [...perPoint.entries()].map(([code, c]) => ({ code, c, s: prf(c) }));
const avg = (i: 0 | 1 | 2): number => (per.length === 0 ? 0 : per.reduce((a, x) => a + x.s[i], 0) / per.length);
const f3 = (x: number): string => x.toFixed(3);

if (showErrors) {
  for (const e of errors) console.log(e);
  console.log("\npoint                          tp  fp  fn   P     R     F1");
  for (const { code, c, s } of per.sort((a, b) => b.c.fn + b.c.fp - (a.c.fn + a.c.fp))) {
    console.log(`${code.padEnd(30)} ${String(c.tp).padStart(3)} ${String(c.fp).padStart(3)} ${String(c.fn).padStart(3)}  ${f3(s[0])} ${f3(s[1])} ${f3(s[2])}`);
  }
  console.log("");
}
console.log(
  `items ${rows.length}  gold points ${total.tp + total.fn}  distinct points ${per.length}  exact ${f3(rows.length ? exact / rows.length : 0)}\n` +
    `micro P ${f3(mp)} R ${f3(mr)} F1 ${f3(mf)}   macro P ${f3(avg(0))} R ${f3(avg(1))} F1 ${f3(avg(2))}` +
    (pointsFile ? `   (points from ${pointsFile})` : ""),
);
