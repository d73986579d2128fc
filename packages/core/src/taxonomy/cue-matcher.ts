// One compiled matcher for every cue of the taxonomy (contested points, dispute types,
// risk signals): literals go into a single Aho-Corasick automaton, patterns are compiled
// once. A text is scanned once and the hits are shared by all analysers (cached per
// PreparedText), so adding cues costs almost nothing at analysis time. Each pattern also
// puts its necessary literals (required-literals.ts) into the automaton and runs only on
// texts that contain one: the result is the same, without a regex scan per pattern.
import type { PreparedText } from "../text/prepare-text.ts";
import { createAhoCorasick, type AhoCorasick } from "./aho-corasick.ts";
import { loadTaxonomy, type CueSet, type Taxonomy } from "./load-taxonomy.ts";
import { createNegationScope, type NegationScope } from "./negation-scope.ts";
import { requiredLiterals } from "./required-literals.ts";

export type CueGroup = "point" | "type" | "risk";
export type CueTier = "strong" | "medium" | "weak" | "pattern";

export type CueHit = {
  group: CueGroup;
  code: string;
  tier: CueTier;
  /** Offsets into the text (normalised and original are index-aligned). */
  start: number;
  end: number;
  /** The cue as listed in the taxonomy (simplified), or the pattern source. */
  cue: string;
  negated: boolean;
};

type Owner = { entry: number; tier: CueTier | "exclude"; negatable: boolean };
type Entry = { group: CueGroup; code: string };
type CompiledPattern = { re: RegExp; owner: Owner; source: string };
type RawHit = { owner: Owner; start: number; end: number; negStart: number; cue: string; tier: CueTier };

export type CueMatcher = {
  match(p: PreparedText): CueHit[];
  taxonomy: Taxonomy;
};

const TIER_RANK: Record<CueTier, number> = { pattern: 4, strong: 3, medium: 2, weak: 1 };

export type CueMatcherOptions = {
  /** Run a pattern only on texts holding one of its necessary literals (default true; off only to test that it changes nothing). */
  prefilter?: boolean;
};

export function createCueMatcher(taxonomy: Taxonomy, options: CueMatcherOptions = {}): CueMatcher {
  const prefilter = options.prefilter ?? true;
  const literals: string[] = [];
  const literalIndex = new Map<string, number>();
  const owners: Owner[][] = [];
  /** Per literal: the patterns it may trigger (indexes into `patterns`). */
  const triggers: number[][] = [];
  const patterns: CompiledPattern[] = [];
  /** Patterns with no derivable literal: they run on every text. */
  const alwaysRun: number[] = [];
  const entries: Entry[] = [];

  const literalId = (cue: string): number => {
    let id = literalIndex.get(cue);
    if (id === undefined) {
      id = literals.length;
      literals.push(cue);
      literalIndex.set(cue, id);
      owners.push([]);
      triggers.push([]);
    }
    return id;
  };
  const addLiteral = (cue: string, owner: Owner) => {
    (owners[literalId(cue)] as Owner[]).push(owner);
  };
  const addPattern = (source: string, owner: Owner) => {
    const index = patterns.length;
    // `d` gives group indices so a `(?<cue>…)` group can mark the part negation applies to.
    patterns.push({ re: new RegExp(source, "gd"), owner, source });
    const required = prefilter ? requiredLiterals(source, "gd") : undefined;
    if (!required) alwaysRun.push(index);
    else for (const lit of required) (triggers[literalId(lit)] as number[]).push(index);
  };
  const addSet = (group: CueGroup, code: string, negatable: boolean, cues: CueSet, exclude: string[]) => {
    const entry = entries.length;
    entries.push({ group, code });
    for (const tier of ["strong", "medium", "weak"] as const) {
      for (const cue of cues[tier]) addLiteral(cue, { entry, tier, negatable });
    }
    for (const source of cues.patterns) addPattern(source, { entry, tier: "pattern", negatable });
    for (const cue of exclude) addLiteral(cue, { entry, tier: "exclude", negatable: false });
  };

  for (const p of taxonomy.points) addSet("point", p.code, p.negatable, p.cues, p.exclude);
  for (const t of taxonomy.types.types) addSet("type", t.code, false, t.cues, t.exclude);
  for (const s of taxonomy.risk.signals) addSet("risk", s.code, s.negatable, s.cues, s.exclude);

  const automaton: AhoCorasick = createAhoCorasick(literals);
  const negation: NegationScope = createNegationScope(taxonomy.negation);
  const cache = new WeakMap<PreparedText, CueHit[]>();

  /** Hits grouped by entry (one list per point, type or signal that has any). */
  function rawHits(text: string): Map<number, RawHit[]> {
    const byEntry = new Map<number, RawHit[]>();
    const push = (h: RawHit) => {
      const list = byEntry.get(h.owner.entry);
      if (list) list.push(h);
      else byEntry.set(h.owner.entry, [h]);
    };
    const triggered = new Uint8Array(patterns.length);
    for (const i of alwaysRun) triggered[i] = 1;
    automaton.scan(text, (id, start, end) => {
      for (const i of triggers[id] as number[]) triggered[i] = 1;
      const list = owners[id] as Owner[];
      if (list.length === 0) return;
      const cue = literals[id] as string;
      for (const owner of list) push({ owner, start, end, negStart: start, cue, tier: owner.tier as CueTier });
    });
    // Patterns run in taxonomy order, as before; the skipped ones cannot match.
    for (let i = 0; i < patterns.length; i++) {
      if (triggered[i] === 0) continue;
      const { re, owner, source } = patterns[i] as CompiledPattern;
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text)) !== null) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        const core = m.indices?.groups?.["cue"];
        push({ owner, start: m.index, end: m.index + m[0].length, negStart: core ? core[0] : m.index, cue: source, tier: "pattern" });
      }
    }
    return byEntry;
  }

  function match(p: PreparedText): CueHit[] {
    const hit = cache.get(p);
    if (hit) return hit;
    const text = p.normalized;
    const result: CueHit[] = [];
    let negatedAt: ((start: number, end: number) => boolean) | undefined;
    for (const [entryId, list] of rawHits(text)) {
      const entry = entries[entryId] as Entry;
      let kept = list;
      if (list.some((h) => h.owner.tier === "exclude")) {
        const excludes = list.filter((h) => h.owner.tier === "exclude");
        kept = list.filter((h) => h.owner.tier !== "exclude" && !excludes.some((x) => x.start < h.end && h.start < x.end));
      }
      // Type cues are topic words: a literal inside a pattern hit still says something.
      if (entry.group !== "type") kept = dropContained(kept);
      for (const h of kept) {
        const negated = h.owner.negatable && (negatedAt ??= negation.prepare(text))(h.negStart, h.end);
        result.push({ group: entry.group, code: entry.code, tier: h.tier, start: h.start, end: h.end, cue: h.cue, negated });
      }
    }
    result.sort((a, b) => a.start - b.start || b.end - a.end);
    cache.set(p, result);
    return result;
  }

  return { match, taxonomy };
}

/** Within one owner, a hit inside a longer (or equal, stronger) hit adds nothing: 不给工资 ⊃ 工资. */
function dropContained<T extends { start: number; end: number; tier: CueTier }>(hits: T[]): T[] {
  if (hits.length < 2) return hits;
  const sorted = [...hits].sort((a, b) => a.start - b.start || b.end - a.end || TIER_RANK[b.tier] - TIER_RANK[a.tier]);
  const out: T[] = [];
  let coverEnd = -1;
  let coverStart = -1;
  for (const h of sorted) {
    if (h.start >= coverStart && h.end <= coverEnd) continue;
    out.push(h);
    if (h.end > coverEnd) {
      coverEnd = h.end;
      coverStart = h.start;
    }
  }
  return out;
}

let shared: CueMatcher | undefined;

/** The matcher for the checkout's taxonomy, compiled once per process. */
export function getCueMatcher(): CueMatcher {
  shared ??= createCueMatcher(loadTaxonomy());
  return shared;
}

/** Index of the sentence containing `offset`, or -1 (binary search over sorted spans). */
export function sentenceIndexAt(p: PreparedText, offset: number): number {
  let lo = 0;
  let hi = p.sentences.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = p.sentences[mid];
    if (!s) break;
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}
