// Negation scope: is a cue at [start, end) denied inside its own clause? Rules live in
// corpora/taxonomy/negation.json. `没有酗酒` is negated; in `他说自己没喝酒，但邻居都看见他
// 喝醉了` only the first clause is, because the comma (and 但) close the scope.
// One Aho-Corasick pass per text finds every negator, shield word and scope break; each cue
// is then checked against the few that sit right before (or after) it.
import { createAhoCorasick } from "./aho-corasick.ts";
import type { NegationRules } from "./load-taxonomy.ts";

export type NegationScope = {
  /** True when the cue whose meaningful part starts at `start` and ends at `end` is denied. */
  isNegated(text: string, start: number, end: number): boolean;
  /** Index `text` once; the returned function answers for any cue in it. */
  prepare(text: string): (start: number, end: number) => boolean;
};

type Kind = "negator" | "shield" | "breaker" | "post";
type Entry = { kind: Kind; window: number };
type Mark = { start: number; end: number; window: number };

export function createNegationScope(rules: NegationRules): NegationScope {
  const words: string[] = [];
  const entries: Entry[] = [];
  const add = (word: string, kind: Kind, window = 0) => {
    words.push(word);
    entries.push({ kind, window });
  };
  for (const n of rules.negators) add(n.word, "negator", n.window);
  for (const w of [...rules.pseudoNegations, ...rules.doubleNegations, ...rules.questions]) add(w, "shield");
  // Single-character scope breakers are too ambiguous (可 in 可以); keep words of 2+ chars
  // and 但/却, which close a clause wherever they stand.
  for (const w of rules.scopeBreakers) if (w.length > 1 || w === "但" || w === "却") add(w, "breaker");
  for (const w of rules.postNegators) add(w, "post");
  const automaton = createAhoCorasick(words);
  // Clause breaks by code unit: the per-character scan then reads a table, not strings.
  const breakChars = new Uint8Array(0x10000);
  for (const ch of rules.clauseBreaks) if (ch.length === 1) breakChars[ch.charCodeAt(0)] = 1;
  const maxWindow = Math.max(0, ...rules.negators.map((n) => n.window));

  function prepare(text: string): (start: number, end: number) => boolean {
    const negators: Mark[] = [];
    const shields: Mark[] = [];
    const posts: Mark[] = [];
    // scopeStarts[i] = a clause begins at i (after a break character or a breaker word).
    const scopeStarts: number[] = [];
    for (let i = 0; i < text.length; i++) if (breakChars[text.charCodeAt(i)] === 1) scopeStarts.push(i + 1);
    automaton.scan(text, (id, start, end) => {
      const e = entries[id] as Entry;
      if (e.kind === "breaker") {
        scopeStarts.push(end);
        return;
      }
      const mark = { start, end, window: e.window };
      if (e.kind === "negator") negators.push(mark);
      else if (e.kind === "shield") shields.push(mark);
      else posts.push(mark);
    });
    scopeStarts.sort((a, b) => a - b);
    // A negator inside a longer non-denying word (不仅, 有没有, 不是不) does not count.
    const live = negators.filter((n) => !shields.some((s) => s.start <= n.start && s.end >= n.end)).sort((a, b) => a.end - b.end);

    const clauseStart = (pos: number) => {
      const i = lastAtMost(scopeStarts, pos, (x) => x);
      return i < 0 ? 0 : (scopeStarts[i] as number);
    };

    return (start, end) => {
      const from = clauseStart(start);
      for (let i = lastAtMost(live, start, (n) => n.end); i >= 0; i--) {
        const n = live[i] as Mark;
        if (n.end < start - maxWindow) break;
        if (n.start >= from && start - n.end <= n.window) return true;
      }
      for (const p of posts) {
        if (p.start >= end && p.start - end <= rules.postWindow && clauseStart(p.start) <= end) return true;
      }
      return false;
    };
  }

  let lastText: string | undefined;
  let lastCheck: ((start: number, end: number) => boolean) | undefined;
  return {
    prepare,
    isNegated(text, start, end) {
      if (text !== lastText || !lastCheck) {
        lastText = text;
        lastCheck = prepare(text);
      }
      return lastCheck(start, end);
    },
  };
}

/** Index of the last item whose key is ≤ value in a list sorted by key, or -1. */
function lastAtMost<T>(list: readonly T[], value: number, key: (x: T) => number): number {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (key(list[mid] as T) <= value) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
