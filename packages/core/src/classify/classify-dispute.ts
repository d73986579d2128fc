// Dispute type (类型) by weighted lexicon scoring over corpora/taxonomy/dispute-types.json,
// plus the evidence of the contested points already found and a per-type prior. Works the
// same on a one-line kiosk question and on a long narrative: the type with the most and
// strongest evidence wins, the others become alternatives.
import type { ContestedPoint, DisputeType } from "../schema/case-analysis.ts";
import { disputeTypeName, type DisputeTypeCode } from "../schema/codes.ts";
import type { PreparedText } from "../text/prepare-text.ts";
import { getCueMatcher, type CueMatcher } from "../taxonomy/cue-matcher.ts";
import type { DisputeTypesFile } from "../taxonomy/load-taxonomy.ts";

export type TypeScore = { code: DisputeTypeCode; score: number };

/** Each repeat of a cue adds this share of its weight (log-damped, so long texts do not run away). */
const REPEAT_GAIN = 0.25;
/** Evidence (in score units) at which confidence stops being damped. */
const EVIDENCE_SCALE = 3;
const MAX_ALTERNATIVES = 3;

type PointWeights = Map<DisputeTypeCode, Map<string, number>>;
const pointWeightCache = new WeakMap<DisputeTypesFile, PointWeights>();

function pointWeights(file: DisputeTypesFile, points: ReadonlyArray<{ code: string; types: readonly string[] }>): PointWeights {
  let cached = pointWeightCache.get(file);
  if (cached) return cached;
  cached = new Map();
  const pointTypes = new Map(points.map((d) => [d.code, d.types]));
  for (const t of file.types) {
    const m = new Map<string, number>();
    for (const [code, types] of pointTypes) if (types.includes(t.code)) m.set(code, file.defaultPointWeight);
    for (const ref of t.points) m.set(ref.code, ref.weight);
    cached.set(t.code, m);
  }
  pointWeightCache.set(file, cached);
  return cached;
}

/** Raw scores of every type, best first. */
export function scoreDisputeTypes(p: PreparedText, points: ContestedPoint[]): TypeScore[] {
  const matcher = getCueMatcher();
  const file = matcher.taxonomy.types;
  const weights = pointWeights(file, matcher.taxonomy.points);
  const fromCues = cueScores(p, matcher);
  const scores: TypeScore[] = file.types.map((t, i) => {
    let score = fromCues[i] as number;
    const w = weights.get(t.code);
    for (const point of points) score += (w?.get(point.code) ?? 0) * point.confidence;
    return { code: t.code, score };
  });
  return applyYields(file, scores).sort((a, b) => b.score - a.score);
}

// Contested points and the classifier both score types for the same text: the cue part
// depends on the text alone, so it is computed once per PreparedText.
const cueScoreCache = new WeakMap<PreparedText, number[]>();

/** Per type (in file order): prior plus the weight of its cues, repeats log-damped. */
function cueScores(p: PreparedText, matcher: CueMatcher): number[] {
  const cached = cueScoreCache.get(p);
  if (cached) return cached;
  const file = matcher.taxonomy.types;
  const cueCounts = new Map<string, Map<string, { weight: number; count: number }>>();
  for (const h of matcher.match(p)) {
    if (h.group !== "type") continue;
    let perCue = cueCounts.get(h.code);
    if (!perCue) cueCounts.set(h.code, (perCue = new Map()));
    const key = h.tier === "pattern" ? `re:${h.cue}` : h.cue;
    const seen = perCue.get(key);
    if (seen) seen.count++;
    else perCue.set(key, { weight: file.tierWeights[h.tier], count: 1 });
  }
  const scores = file.types.map((t) => {
    let score = t.prior;
    for (const { weight, count } of cueCounts.get(t.code)?.values() ?? []) {
      score += weight * (1 + REPEAT_GAIN * Math.log(count));
    }
    return score;
  });
  cueScoreCache.set(p, scores);
  return scores;
}

/** A generic type gives way when a more specific type it yields to has comparable evidence. */
function applyYields(file: DisputeTypesFile, scores: TypeScore[]): TypeScore[] {
  const raw = new Map(scores.map((s) => [s.code, s.score]));
  return scores.map((s) => {
    const yieldsTo = file.types.find((t) => t.code === s.code)?.yieldsTo ?? [];
    const rival = Math.max(0, ...yieldsTo.map((c) => raw.get(c) ?? 0));
    return s.score > 0 && rival >= file.yield.share * s.score ? { code: s.code, score: s.score * file.yield.factor } : s;
  });
}

export function classifyDispute(p: PreparedText, points: ContestedPoint[]): DisputeType {
  const { temperature } = getCueMatcher().taxonomy.types;
  const scores = scoreDisputeTypes(p, points).filter((s) => s.score > 0);
  const top = scores[0];
  if (!top) return { code: "other", name: disputeTypeName("other"), confidence: 0.2, alternatives: [] };

  // Softmax over the types that have any evidence; damped when the winner's evidence is thin.
  const exps = scores.map((s) => Math.exp((s.score - top.score) / temperature));
  const total = exps.reduce((a, b) => a + b, 0);
  const damp = 1 - Math.exp(-top.score / EVIDENCE_SCALE);
  const prob = (i: number) => round(((exps[i] as number) / total) * damp);

  return {
    code: top.code,
    name: disputeTypeName(top.code),
    confidence: prob(0),
    alternatives: scores.slice(1, 1 + MAX_ALTERNATIVES).map((s, i) => ({
      code: s.code,
      name: disputeTypeName(s.code),
      confidence: prob(i + 1),
    })),
  };
}

function round(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
}
