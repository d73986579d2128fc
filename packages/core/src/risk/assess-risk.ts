// Risk level (红/橙/黄/绿) from the signals the centres use against 民转刑 escalation:
// threats, violence, weapons, self-harm, many claimants, large sums, repeated complaints,
// police involvement, vulnerable people. Signals, weights and thresholds are data
// (corpora/taxonomy/risk-signals.json); denied cues (没有动手) do not count.
import type { ContestedPoint, Facts, Risk, RiskReason, Span } from "../schema/case-analysis.ts";
import { RISK_LEVELS, type RiskLevel } from "../schema/codes.ts";
import type { PreparedText } from "../text/prepare-text.ts";
import { loadRiskDefusers, type RiskDefusers } from "./risk-defusers.ts";
import { getCueMatcher, sentenceIndexAt, type CueHit, type CueMatcher } from "../taxonomy/cue-matcher.ts";

const MAX_EVIDENCE = 5;

type Fired = RiskReason & { minLevel?: RiskLevel; defused?: boolean };

const DEFUSED_NOTE = "（当事人称系气话、玩笑或旧事，仍需核实）";

export type AssessRiskOptions = {
  /** Matcher built from another taxonomy (e.g. an older risk-signals.json, to compare lexicons); default the checkout's. */
  matcher?: CueMatcher;
  /** Defusers to apply; default those of the matcher's taxonomy directory (risk-defusers.ts). */
  defusers?: RiskDefusers;
};

export function assessRisk(p: PreparedText, facts: Facts, points: ContestedPoint[], options: AssessRiskOptions = {}): Risk {
  const matcher = options.matcher ?? getCueMatcher();
  const { risk } = matcher.taxonomy;
  const defusers = options.defusers ?? loadRiskDefusers(matcher.taxonomy.dir);
  const fired: Fired[] = [
    ...cueSignals(p, points, matcher, defusers),
    ...tierSignal(risk.headCounts, maxBy(facts.headCounts, (h) => h.count), (h) => h.count),
    ...tierSignal(risk.amounts, maxBy(facts.amounts, (a) => a.value), (a) => a.value),
  ];

  const score = round(fired.reduce((sum, r) => sum + r.weight, 0));
  let level = levelOfScore(score, risk.levels);
  for (const r of fired) if (r.minLevel) level = higher(level, r.minLevel);
  // A defused signal still scores (stepped down) but starts no combo.
  const codes = new Set(fired.filter((r) => !r.defused).map((r) => r.code));
  const reasons: RiskReason[] = fired.map(({ minLevel: _m, defused: _d, ...r }) => r);
  for (const combo of risk.combos) {
    if (!combo.all.every((c) => codes.has(c))) continue;
    level = higher(level, combo.minLevel);
    reasons.push({ code: `combo:${combo.all.join("+")}`, label: combo.label, weight: 0, evidence: [] });
  }
  reasons.sort((a, b) => b.weight - a.weight);
  return { level, score, reasons };
}

function cueSignals(p: PreparedText, points: ContestedPoint[], matcher: CueMatcher, defusers: RiskDefusers): Fired[] {
  const { risk } = matcher.taxonomy;
  const hitsBySignal = new Map<string, CueHit[]>();
  for (const h of matcher.match(p)) {
    if (h.group !== "risk" || h.negated) continue;
    let list = hitsBySignal.get(h.code);
    if (!list) hitsBySignal.set(h.code, (list = []));
    list.push(h);
  }
  const out: Fired[] = [];
  for (const signal of risk.signals) {
    const hits = hitsBySignal.get(signal.code) ?? [];
    const fromPoints = points.filter((pt) => signal.points.includes(pt.code));
    const strongHits = hits.filter((h) => h.tier !== "weak");
    // Weak cues (多次, 争吵) only count alongside another cue of the same signal.
    const counted = strongHits.length > 0 || fromPoints.length > 0 ? hits : distinctCues(p, hits).size >= 2 ? hits : [];
    if (counted.length === 0 && fromPoints.length === 0) continue;
    const distinct = distinctCues(p, counted).size;
    const weight = signal.weight + Math.min(risk.repeatBonus.max, Math.max(0, distinct - 1) * risk.repeatBonus.perCue);
    const evidence = [...sentencesOf(p, counted), ...fromPoints.flatMap((pt) => pt.evidence.map(({ cue: _c, ...s }) => s))];
    const reason: Fired = { code: signal.code, label: signal.label, weight: round(weight), evidence: dedupeSpans(evidence).slice(0, MAX_EVIDENCE) };
    if (signal.minLevel) reason.minLevel = signal.minLevel;
    const defused = fromPoints.length === 0 && defusers.signals.includes(signal.code) && counted.every((h) => inDefusedSentence(p, h, defusers));
    out.push(defused ? stepDown(reason) : reason);
  }
  return out;
}

function inDefusedSentence(p: PreparedText, h: CueHit, defusers: RiskDefusers): boolean {
  const i = sentenceIndexAt(p, h.start);
  const s = i >= 0 ? p.sentences[i] : undefined;
  const text = s ? p.normalized.slice(s.start, s.end) : p.normalized;
  return defusers.cues.some((c) => text.includes(c));
}

/** Half the weight and one level less forced (red → orange, orange → none). */
function stepDown(r: Fired): Fired {
  const { minLevel, ...rest } = r;
  const out: Fired = { ...rest, label: r.label + DEFUSED_NOTE, weight: round(r.weight / 2), defused: true };
  if (minLevel === "red") out.minLevel = "orange";
  return out;
}

type Tiered = { code: string; label: string; tiers: Array<{ min: number; weight: number; minLevel?: RiskLevel | undefined }> };

function tierSignal<T extends Span>(def: Tiered, item: T | undefined, value: (x: T) => number): Fired[] {
  if (!item) return [];
  const tier = [...def.tiers].sort((a, b) => b.min - a.min).find((t) => value(item) >= t.min);
  if (!tier) return [];
  const reason: Fired = {
    code: def.code,
    label: def.label,
    weight: tier.weight,
    evidence: [{ text: item.text, start: item.start, end: item.end }],
  };
  if (tier.minLevel) reason.minLevel = tier.minLevel;
  return [reason];
}

function distinctCues(p: PreparedText, hits: CueHit[]): Set<string> {
  return new Set(hits.map((h) => (h.tier === "pattern" ? h.cue : p.normalized.slice(h.start, h.end))));
}

function sentencesOf(p: PreparedText, hits: CueHit[]): Span[] {
  const spans: Span[] = [];
  for (const h of hits) {
    const i = sentenceIndexAt(p, h.start);
    const s = i >= 0 ? p.sentences[i] : undefined;
    const start = s ? s.start : h.start;
    const end = s ? s.end : h.end;
    spans.push({ text: p.original.slice(start, end), start, end });
  }
  return spans;
}

function dedupeSpans(spans: Span[]): Span[] {
  const seen = new Set<string>();
  return spans
    .filter((s) => {
      const k = `${s.start}:${s.end}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => a.start - b.start);
}

function levelOfScore(score: number, levels: { red: number; orange: number; yellow: number }): RiskLevel {
  if (score >= levels.red) return "red";
  if (score >= levels.orange) return "orange";
  if (score >= levels.yellow) return "yellow";
  return "green";
}

/** RISK_LEVELS runs from most to least urgent. */
function higher(a: RiskLevel, b: RiskLevel): RiskLevel {
  return RISK_LEVELS.indexOf(a) <= RISK_LEVELS.indexOf(b) ? a : b;
}

function maxBy<T>(items: readonly T[], key: (x: T) => number): T | undefined {
  let best: T | undefined;
  for (const x of items) if (best === undefined || key(x) > key(best)) best = x;
  return best;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
