// Offsets helpers: extractors search `normalized` and report spans of `original`.
import type { Span } from "../schema/case-analysis.ts";
import type { PreparedText } from "../text/prepare-text.ts";

export function spanOf(p: PreparedText, start: number, end: number): Span {
  return { text: p.original.slice(start, end), start, end };
}

/** Index of the sentence holding `offset` (binary search; sentences are sorted). */
export function sentenceIndexAt(p: PreparedText, offset: number): number {
  let lo = 0;
  let hi = p.sentences.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = p.sentences[mid] as Span;
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

// Clause breaks (，,：:；;。！？!?\n) by code unit: the scans below run per character.
const CLAUSE_BREAK = new Uint8Array(0x10000);
for (const ch of "，,：:；;。！？!?\n") CLAUSE_BREAK[ch.charCodeAt(0)] = 1;

/**
 * The clause (between commas and stops) around [start,end), trimmed of spaces. `maxReach`
 * caps how far it extends on each side: callers that run once per match pass it so that a
 * long text without punctuation stays linear, not quadratic.
 */
export function clauseAround(p: PreparedText, start: number, end: number, maxReach = Infinity): { start: number; end: number } {
  const t = p.normalized;
  let s = start;
  const sMin = Math.max(0, start - maxReach);
  while (s > sMin && CLAUSE_BREAK[t.charCodeAt(s - 1)] !== 1) s--;
  let e = end;
  const eMax = Math.min(t.length, end + maxReach);
  while (e < eMax && CLAUSE_BREAK[t.charCodeAt(e)] !== 1) e++;
  while (s < e && /\s/.test(t[s] as string)) s++;
  while (e > s && /\s/.test(t[e - 1] as string)) e--;
  return { start: s, end: e };
}

/** Bounds of the sentence around an offset, or the whole text when it falls between sentences. */
export function sentenceBounds(p: PreparedText, offset: number): { start: number; end: number } {
  const i = sentenceIndexAt(p, offset);
  const s = i >= 0 ? p.sentences[i] : undefined;
  return s ? { start: s.start, end: s.end } : { start: 0, end: p.normalized.length };
}

/** All matches of a global regex over `text`. */
export function* matchAll(re: RegExp, text: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    yield m;
  }
}

/** Interval bookkeeping so later extractors skip text an earlier one already claimed. */
export class Claimed {
  private readonly ranges: Array<[number, number]> = [];
  overlaps(start: number, end: number): boolean {
    return this.ranges.some(([s, e]) => start < e && end > s);
  }
  add(start: number, end: number): void {
    this.ranges.push([start, end]);
  }
}
