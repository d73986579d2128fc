// Dispute type (类型) by weighted lexicon scoring over corpora/taxonomy/dispute-types.json,
// plus the evidence of the contested points already found and a per-type prior. Works the
// same on a one-line kiosk question and on a long narrative: the type with the most and
// strongest evidence wins, the others become alternatives. A cue nested in a longer cue of
// the same type counts once, and a tie goes to the type with the more specific single cue.
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
  const strongest = new Map(file.types.map((t, i) => [t.code, fromCues.strongest[i] ?? 0]));
  const scores: TypeScore[] = file.types.map((t, i) => {
    let score = fromCues.scores[i] as number;
    const w = weights.get(t.code);
    for (const point of points) score += (w?.get(point.code) ?? 0) * point.confidence;
    return { code: t.code, score };
  });
  return rankTypeScores(applyYields(file, scores), strongest);
}

/**
 * Best first. On a tie, the type whose strongest single cue weighs more wins: one specific
 * word (钢结构) says more than two generic ones (老板 + 质量) of the same total.
 */
export function rankTypeScores(scores: TypeScore[], strongest: ReadonlyMap<string, number>): TypeScore[] {
  return [...scores].sort((a, b) => b.score - a.score || (strongest.get(b.code) ?? 0) - (strongest.get(a.code) ?? 0));
}

// Contested points and the classifier both score types for the same text: the cue part
// depends on the text alone, so it is computed once per PreparedText.
type CueScores = { scores: number[]; strongest: number[] };
const cueScoreCache = new WeakMap<PreparedText, CueScores>();

/**
 * Per type (in file order): prior plus the weight of its cues, repeats log-damped; and the
 * weight of its strongest single cue, which breaks ties.
 */
function cueScores(p: PreparedText, matcher: CueMatcher): CueScores {
  const cached = cueScoreCache.get(p);
  if (cached) return cached;
  const file = matcher.taxonomy.types;
  const cueCounts = new Map<string, Map<string, { weight: number; count: number }>>();
  for (const h of withoutNestedHits(matcher.match(p).filter((x) => x.group === "type"))) {
    let perCue = cueCounts.get(h.code);
    if (!perCue) cueCounts.set(h.code, (perCue = new Map()));
    const key = h.tier === "pattern" ? `re:${h.cue}` : h.cue;
    const weight = file.tierWeights[h.tier];
    const seen = perCue.get(key);
    if (seen) {
      seen.count++;
      seen.weight = Math.max(seen.weight, weight);
    } else perCue.set(key, { weight, count: 1 });
  }
  const scores: number[] = [];
  const strongest: number[] = [];
  for (const t of file.types) {
    let score = t.prior;
    let top = 0;
    for (const { weight, count } of cueCounts.get(t.code)?.values() ?? []) {
      score += weight * (1 + REPEAT_GAIN * Math.log(count));
      top = Math.max(top, weight);
    }
    scores.push(score);
    strongest.push(top);
  }
  const result = { scores, strongest };
  cueScoreCache.set(p, result);
  return result;
}

/**
 * Within one type, a hit lying inside a longer hit of the same kind is the same evidence
 * counted twice (邻居 in 邻居家, 拆迁 in 拆迁款; two patterns over 砸断了脚): only the
 * outermost counts. A literal inside a pattern stays additive: the pattern says how the
 * words relate, which the literal alone does not.
 */
export function withoutNestedHits<T extends { code: string; tier: string; start: number; end: number }>(hits: T[]): T[] {
  const groups = new Map<string, T[]>();
  for (const h of hits) {
    const key = `${h.code}|${h.tier === "pattern" ? "p" : "l"}`;
    const list = groups.get(key);
    if (list) list.push(h);
    else groups.set(key, [h]);
  }
  const out: T[] = [];
  for (const list of groups.values()) {
    // Sorted by start, longest first: a hit is nested iff an earlier one reaches its end.
    list.sort((x, y) => x.start - y.start || y.end - x.end);
    let reach = -1;
    for (const h of list) {
      if (h.end <= reach) continue;
      out.push(h);
      reach = h.end;
    }
  }
  return out;
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
