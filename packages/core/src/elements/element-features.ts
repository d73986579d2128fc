// Sentence features for the CAIL2019 element classifier. Everything here is computed from
// one sentence alone (no document context), so the model works on new narratives.
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict";

export type ElementFeatureConfig = {
  /** Character n-gram orders, inclusive range. */
  charNgrams: [min: number, max: number];
  /** jieba words (default dictionary, no HMM, so segmentation is stable across versions). */
  words: boolean;
  /** Adjacent word pairs, including sentence-boundary pairs. */
  wordBigrams: boolean;
  /** Fold every digit to 0 so 2013年 and 2015年 share features. */
  foldDigits: boolean;
};

export const DEFAULT_FEATURE_CONFIG: ElementFeatureConfig = {
  charNgrams: [1, 3],
  words: true,
  wordBigrams: true,
  foldDigits: true,
};

let jieba: Jieba | undefined;
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

const SKIP_CHARS = /[\s\u3000]/gu;
// Punctuation tokens carry little signal as words but do mark clause boundaries for n-grams.
const PUNCT_ONLY = /^[\p{P}\p{S}\s]+$/u;
function isPunctuation(w: string): boolean {
  // Fast path: a CJK ideograph or letter/digit first means not punctuation-only.
  const c = w.charCodeAt(0);
  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a)) return false;
  return PUNCT_ONLY.test(w);
}

/** Canonical form of a sentence before feature extraction (also used for word segmentation). */
export function canonicalSentence(text: string, config: ElementFeatureConfig): string {
  // NFKC folds full-width digits/letters (２０１３ → 2013) so they share features.
  let s = text.normalize("NFKC").replace(SKIP_CHARS, "").toLowerCase();
  if (config.foldDigits) s = s.replace(/[0-9]/g, "0");
  return s;
}

/** Distinct feature strings of one sentence, prefixed by kind (c: chars, w: words, b: word pairs). */
export function sentenceFeatures(text: string, config: ElementFeatureConfig = DEFAULT_FEATURE_CONFIG): string[] {
  const s = canonicalSentence(text, config);
  const out = new Set<string>();
  // UTF-16 code units: every CJK character in the data is one unit; the rare astral character
  // is split the same way in training and inference.
  const [lo, hi] = config.charNgrams;
  for (let n = lo; n <= hi; n++) {
    for (let i = 0; i + n <= s.length; i++) out.add("c:" + s.slice(i, i + n));
  }
  if ((config.words || config.wordBigrams) && s.length > 0) {
    let prev = "^";
    for (const w of segmenter().cut(s, false)) {
      if (isPunctuation(w)) continue;
      if (config.words) out.add("w:" + w);
      if (config.wordBigrams) out.add("b:" + prev + "|" + w);
      prev = w;
    }
    if (config.wordBigrams) out.add("b:" + prev + "|$");
  }
  return [...out];
}
