// One compiled matcher for every cue of the taxonomy (contested points, dispute types,
// risk signals): literals go into a single Aho-Corasick automaton, patterns are compiled
// once. A text is scanned once and the hits are shared by all analysers (cached per
// PreparedText), so adding cues costs almost nothing at analysis time.
import type { PreparedText } from "../text/prepare-text.ts";
import { createAhoCorasick, type AhoCorasick } from "./aho-corasick.ts";
import { loadTaxonomy, type CueSet, type Taxonomy } from "./load-taxonomy.ts";
import { createNegationScope, type NegationScope } from "./negation-scope.ts";

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

type Owner = { group: CueGroup; code: string; tier: CueTier | "exclude"; negatable: boolean };
type CompiledPattern = { re: RegExp; owner: Owner; source: string };

export type CueMatcher = {
  match(p: PreparedText): CueHit[];
  taxonomy: Taxonomy;
};

const TIER_RANK: Record<CueTier, number> = { pattern: 4, strong: 3, medium: 2, weak: 1 };

export function createCueMatcher(taxonomy: Taxonomy): CueMatcher {
  const literals: string[] = [];
  const literalIndex = new Map<string, number>();
  const owners: Owner[][] = [];
  const patterns: CompiledPattern[] = [];

  const addLiteral = (cue: string, owner: Owner) => {
    let id = literalIndex.get(cue);
    if (id === undefined) {
      id = literals.length;
      literals.push(cue);
      literalIndex.set(cue, id);
      owners.push([]);
    }
    (owners[id] as Owner[]).push(owner);
  };
  const addSet = (group: CueGroup, code: string, negatable: boolean, cues: CueSet, exclude: string[]) => {
    for (const tier of ["strong", "medium", "weak"] as const) {
      for (const cue of cues[tier]) addLiteral(cue, { group, code, tier, negatable });
    }
    for (const source of cues.patterns) {
      // `d` gives group indices so a `(?<cue>…)` group can mark the part negation applies to.
      patterns.push({ re: new RegExp(source, "gd"), owner: { group, code, tier: "pattern", negatable }, source });
    }
    for (const cue of exclude) addLiteral(cue, { group, code, tier: "exclude", negatable: false });
  };

  for (const p of taxonomy.points) addSet("point", p.code, p.negatable, p.cues, p.exclude);
  for (const t of taxonomy.types.types) addSet("type", t.code, false, t.cues, t.exclude);
  for (const s of taxonomy.risk.signals) addSet("risk", s.code, s.negatable, s.cues, s.exclude);

  const automaton: AhoCorasick = createAhoCorasick(literals);
  const negation: NegationScope = createNegationScope(taxonomy.negation);
  const cache = new WeakMap<PreparedText, CueHit[]>();

  function rawHits(text: string): Array<CueHit & { owner: Owner; negStart: number }> {
    const out: Array<CueHit & { owner: Owner; negStart: number }> = [];
    for (const m of automaton.search(text)) {
      for (const owner of owners[m.id] as Owner[]) {
        out.push({ ...hitBase(owner, m.start, m.end, literals[m.id] as string), owner, negStart: m.start });
      }
    }
    for (const { re, owner, source } of patterns) {
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text)) !== null) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        const core = m.indices?.groups?.["cue"];
        out.push({ ...hitBase(owner, m.index, m.index + m[0].length, source), owner, negStart: core ? core[0] : m.index });
      }
    }
    return out;
  }

  function match(p: PreparedText): CueHit[] {
    const hit = cache.get(p);
    if (hit) return hit;
    const text = foldForCues(p.normalized);
    const byOwner = new Map<string, Array<CueHit & { owner: Owner; negStart: number }>>();
    for (const h of rawHits(text)) {
      const key = `${h.owner.group}\u0000${h.owner.code}`;
      let list = byOwner.get(key);
      if (!list) byOwner.set(key, (list = []));
      list.push(h);
    }
    const result: CueHit[] = [];
    let negatedAt: ((start: number, end: number) => boolean) | undefined;
    for (const list of byOwner.values()) {
      const excludes = list.filter((h) => h.owner.tier === "exclude");
      const kept = list.filter((h) => h.owner.tier !== "exclude" && !excludes.some((x) => x.start < h.end && h.start < x.end));
      // Type cues are topic words: a literal inside a pattern hit still says something.
      const deduped = kept[0]?.group === "type" ? kept : dropContained(kept);
      for (const h of deduped) {
        const negated = h.owner.negatable && (negatedAt ??= negation.prepare(text))(h.negStart, h.end);
        result.push({ group: h.group, code: h.code, tier: h.tier, start: h.start, end: h.end, cue: h.cue, negated });
      }
    }
    result.sort((a, b) => a.start - b.start || b.end - a.end);
    cache.set(p, result);
    return result;
  }

  return { match, taxonomy };
}

/** Traditional→simplified conversion maps 么 to 幺 (怎么 → 怎幺); cues are written with 么.
 * One-to-one, so offsets stay aligned. */
function foldForCues(text: string): string {
  return text.includes("幺") ? text.replaceAll("幺", "么") : text;
}

function hitBase(owner: Owner, start: number, end: number, cue: string): CueHit {
  return { group: owner.group, code: owner.code, tier: owner.tier as CueTier, start, end, cue, negated: false };
}

/** Within one owner, a hit inside a longer (or equal, stronger) hit adds nothing: 不给工资 ⊃ 工资. */
function dropContained<T extends CueHit>(hits: T[]): T[] {
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
