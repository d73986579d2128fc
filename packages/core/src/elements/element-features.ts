// Sentence features for the CAIL2019 element classifier: hashed character n-grams (and,
// optionally, jieba words), computed from one sentence alone so the model works on new
// narratives. Ids are 32-bit hashes, so inference needs no string building or Map lookups.
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict";

export type ElementFeatureConfig = {
  /** Character n-gram orders, inclusive range. */
  charNgrams: [min: number, max: number];
  /** Fold every digit to 0 so 2013年 and 2015年 share features. */
  foldDigits: boolean;
  /** Term weight before IDF: presence (binary) or 1 + ln(count) (log). */
  tf: "binary" | "log";
  /** Add jieba words (default dictionary, HMM off). Costs ≈ 30 µs per sentence. */
  words: boolean;
  /**
   * Document context (only where the sentence's neighbours are known, see documentFeatureIds):
   * the previous and next sentences' character n-grams as features of their own, and the
   * sentence's relative position in `positionBuckets` buckets (0 = off). Absent = no context.
   */
  context?: ContextConfig;
};

export type ContextConfig = {
  ngrams: [min: number, max: number];
  positionBuckets: number;
  /** Training only: context features' IDF is multiplied by this, so they don't crowd out the sentence's own. */
  weight?: number;
};

export const DEFAULT_FEATURE_CONFIG: ElementFeatureConfig = {
  charNgrams: [1, 4],
  foldDigits: true,
  tf: "log",
  words: false,
};

let jieba: Jieba | undefined;
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x3000 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0xfeff;
}

/**
 * Canonical UTF-16 code units of a sentence: whitespace dropped, full-width ASCII folded to
 * half-width (the part of NFKC that matters here), ASCII lower-cased, digits optionally 0.
 */
export function canonicalCodes(text: string, config: Pick<ElementFeatureConfig, "foldDigits">): Uint16Array {
  const out = new Uint16Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (isSpace(c)) continue;
    if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    else if (config.foldDigits && c >= 0x30 && c <= 0x39) c = 0x30;
    out[n++] = c;
  }
  return out.subarray(0, n);
}

/** The canonical form as a string (tests, debugging, word segmentation). */
export function canonicalSentence(text: string, config: Pick<ElementFeatureConfig, "foldDigits">): string {
  return codesToString(canonicalCodes(text, config));
}

// Chunked: spreading a very long sentence into one call would overflow the argument stack.
function codesToString(codes: Uint16Array): string {
  let out = "";
  for (let i = 0; i < codes.length; i += 8192) out += String.fromCharCode(...codes.subarray(i, i + 8192));
  return out;
}

// murmur3 finaliser: spreads FNV's low-entropy high bits so ids hash well in open addressing.
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const WORD_SEED = 0x5bd1e995;

/** Hash of one n-gram (code units) — the id `sentenceFeatureIds` emits for it. */
export function ngramId(codes: ArrayLike<number>, seed = FNV_OFFSET): number {
  let h = seed;
  for (let k = 0; k < codes.length; k++) h = Math.imul(h ^ codes[k]!, FNV_PRIME);
  return fmix((h + codes.length) >>> 0);
}

// Distinct seeds keep a neighbour's n-grams apart from the sentence's own.
const PREV_SEED = 0x2545f491;
const NEXT_SEED = 0x9e3779b9;
const POSITION_SEED = 0x68e31da4;

/** Hashed character n-grams of orders lo..hi (the seed distinguishes feature families). */
function charNgramIds(s: Uint16Array, lo: number, hi: number, seed: number): Uint32Array {
  const out = new Uint32Array(s.length * Math.max(0, hi - lo + 1));
  let m = 0;
  for (let i = 0; i < s.length; i++) {
    let h = seed;
    const top = Math.min(hi, s.length - i);
    for (let n = 1; n <= top; n++) {
      h = Math.imul(h ^ s[i + n - 1]!, FNV_PRIME);
      if (n >= lo) out[m++] = fmix((h + n) >>> 0);
    }
  }
  return out.subarray(0, m);
}

/** Every feature occurrence of a sentence as a 32-bit id (repeats kept: they are the term counts). */
export function sentenceFeatureIds(text: string, config: ElementFeatureConfig = DEFAULT_FEATURE_CONFIG): Uint32Array {
  const s = canonicalCodes(text, config);
  const [lo, hi] = config.charNgrams;
  const chars = charNgramIds(s, lo, hi, FNV_OFFSET);
  const m = chars.length;
  if (!config.words) return chars;
  const ids: number[] = Array.from(chars.subarray(0, m));
  if (s.length > 0) {
    for (const w of segmenter().cut(codesToString(s), false)) {
      const c = w.charCodeAt(0);
      // Words of one character duplicate the unigram; punctuation is no word.
      if (w.length < 2 || !((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a))) continue;
      const codes: number[] = [];
      for (let k = 0; k < w.length; k++) codes.push(w.charCodeAt(k));
      ids.push(ngramId(codes, WORD_SEED));
    }
  }
  return Uint32Array.from(ids);
}

/** Id of the relative-position feature for sentence i of n (bucket of i/n). */
export function positionFeatureId(i: number, n: number, buckets: number): number {
  const b = Math.min(buckets - 1, Math.floor((i * buckets) / Math.max(1, n)));
  return ngramId([b], POSITION_SEED);
}

/**
 * Features of every sentence of one document, in order: the sentence's own features plus,
 * when `config.context` is set, its neighbours' n-grams and its position. Without context this
 * is sentenceFeatureIds per sentence.
 */
export function documentFeatureIds(sentences: string[], config: ElementFeatureConfig = DEFAULT_FEATURE_CONFIG, ownCounts?: number[]): Uint32Array[] {
  const own = sentences.map((t) => sentenceFeatureIds(t, config));
  ownCounts?.push(...own.map((x) => x.length));
  const ctx = config.context;
  if (!ctx) return own;
  const [lo, hi] = ctx.ngrams;
  const codes = sentences.map((t) => canonicalCodes(t, config));
  const n = sentences.length;
  return own.map((ids, i) => {
    const prev = i > 0 ? charNgramIds(codes[i - 1]!, lo, hi, PREV_SEED) : new Uint32Array(0);
    const next = i + 1 < n ? charNgramIds(codes[i + 1]!, lo, hi, NEXT_SEED) : new Uint32Array(0);
    const pos = ctx.positionBuckets > 0 ? 1 : 0;
    const out = new Uint32Array(ids.length + prev.length + next.length + pos);
    out.set(ids, 0);
    out.set(prev, ids.length);
    out.set(next, ids.length + prev.length);
    if (pos) out[out.length - 1] = positionFeatureId(i, n, ctx.positionBuckets);
    return out;
  });
}
