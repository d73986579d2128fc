// Contested points (争议焦点) from the cue lexicons of corpora/taxonomy/contested-points.json:
// negation-aware, each point with the sentences that show it and exact offsets.
import type { ContestedPoint } from "../schema/case-analysis.ts";
import type { PreparedText } from "../text/prepare-text.ts";
import { getCueMatcher, sentenceIndexAt, type CueHit, type CueMatcher, type CueTier } from "../taxonomy/cue-matcher.ts";
import { scoreDisputeTypes } from "../classify/classify-dispute.ts";

/** How much one distinct cue of each tier says that the point is really at issue. */
const TIER_SCORE: Record<CueTier, number> = { pattern: 1, strong: 1, medium: 0.6, weak: 0.25 };
/** Repeating the same cue adds a little, up to a cap. */
const REPEAT_SCORE = 0.1;
const REPEAT_CAP = 0.3;
/** Without a strong cue, medium and weak cues must add up to this much (two medium, four weak …). */
const WITHOUT_STRONG_THRESHOLD = 1.0;
/** A point this well attested stands whatever the domain of the rest of the text. */
const STANDS_ALONE = 2.0;
/** When the text has a clear domain (best type cue score ≥ CONTEXT_MIN), a weaker point needs
 * one of its types to reach DOMAIN_SHARE of that score; short texts give no such context. */
const CONTEXT_MIN = 4;
const DOMAIN_SHARE = 0.25;
const MAX_EVIDENCE = 5;

export type PointScore = { code: string; score: number; hits: CueHit[] };

export type DetectPointsOptions = {
  /** Matcher of another taxonomy (e.g. an older contested-points.json, to compare lexicons); default the checkout's. */
  matcher?: CueMatcher;
};

/** Scores every point with at least one affirmative cue (negated cues are ignored). */
export function scoreContestedPoints(p: PreparedText, options: DetectPointsOptions = {}): PointScore[] {
  const byCode = new Map<string, CueHit[]>();
  for (const h of (options.matcher ?? getCueMatcher()).match(p)) {
    if (h.group !== "point" || h.negated) continue;
    let list = byCode.get(h.code);
    if (!list) byCode.set(h.code, (list = []));
    list.push(h);
  }
  const scores: PointScore[] = [];
  for (const [code, hits] of byCode) {
    const perCue = new Map<string, { tier: CueTier; count: number }>();
    for (const h of hits) {
      const key = h.tier === "pattern" ? h.cue : p.normalized.slice(h.start, h.end);
      const seen = perCue.get(key);
      if (seen) seen.count++;
      else perCue.set(key, { tier: h.tier, count: 1 });
    }
    let distinct = 0;
    let repeats = 0;
    let affirmative = false;
    for (const { tier, count } of perCue.values()) {
      distinct += TIER_SCORE[tier];
      repeats += Math.min(REPEAT_CAP, (count - 1) * REPEAT_SCORE);
      if (tier === "strong" || tier === "pattern") affirmative = true;
    }
    // Repeats raise confidence but cannot make a point out of one vague word said often.
    if (affirmative || distinct >= WITHOUT_STRONG_THRESHOLD) scores.push({ code, score: distinct + repeats, hits });
  }
  return scores;
}

/** 0.35 for the weakest accepted evidence, ~0.73 for one strong cue, → 0.97 with more. */
export function pointConfidence(score: number): number {
  return round(Math.min(0.97, Math.max(0.35, 1 - Math.exp(-1.3 * score))));
}

export function detectContestedPoints(p: PreparedText, options: DetectPointsOptions = {}): ContestedPoint[] {
  const { pointByCode } = (options.matcher ?? getCueMatcher()).taxonomy;
  // A cue is read in the domain of the text: 小区 is a property-service point in a
  // property dispute, background in a wage dispute. Type scores from cues alone give the domains.
  const domain = new Map(scoreDisputeTypes(p, []).map((t) => [t.code as string, t.score]));
  const best = Math.max(0, ...[...domain.entries()].filter(([code]) => code !== "other").map(([, v]) => v));
  const domainFloor = best >= CONTEXT_MIN ? DOMAIN_SHARE * best : 0;
  const points: Array<ContestedPoint & { first: number }> = [];
  for (const s of scoreContestedPoints(p, options)) {
    const def = pointByCode.get(s.code);
    if (!def) continue;
    const support = Math.max(...def.types.map((t) => domain.get(t) ?? 0));
    if (s.score < STANDS_ALONE && support < domainFloor) continue;
    const evidence = evidenceOf(p, s.hits);
    if (evidence.length === 0) continue;
    points.push({
      code: s.code,
      name: def.name,
      confidence: pointConfidence(s.score),
      evidence,
      first: s.hits[0]?.start ?? 0,
    });
  }
  points.sort((a, b) => b.confidence - a.confidence || a.first - b.first);
  return points.map(({ first: _first, ...point }) => point);
}

/** One evidence item per sentence, named by the strongest cue in it; the strongest sentences, in text order. */
function evidenceOf(p: PreparedText, hits: CueHit[]): ContestedPoint["evidence"] {
  const bySentence = new Map<number, CueHit>();
  const loose: CueHit[] = [];
  for (const h of hits) {
    const i = sentenceIndexAt(p, h.start);
    if (i < 0) {
      loose.push(h);
      continue;
    }
    const best = bySentence.get(i);
    if (!best || TIER_SCORE[h.tier] > TIER_SCORE[best.tier]) bySentence.set(i, h);
  }
  const items = [...bySentence.entries()].map(([i, h]) => {
    const s = p.sentences[i] as { start: number; end: number };
    return { text: p.original.slice(s.start, s.end), start: s.start, end: s.end, cue: p.original.slice(h.start, h.end), weight: TIER_SCORE[h.tier] };
  });
  for (const h of loose) {
    items.push({ text: p.original.slice(h.start, h.end), start: h.start, end: h.end, cue: p.original.slice(h.start, h.end), weight: TIER_SCORE[h.tier] });
  }
  return items
    .sort((a, b) => b.weight - a.weight || a.start - b.start)
    .slice(0, MAX_EVIDENCE)
    .sort((a, b) => a.start - b.start)
    .map(({ weight: _w, ...e }) => e);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
