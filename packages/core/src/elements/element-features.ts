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
  charNgrams: [1, 4],
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

/** Canonical form of a sentence before feature extraction (also used for word segmentation). */
export function canonicalSentence(text: string, config: ElementFeatureConfig): string {
  let s = text.normalize("NFKC").replace(SKIP_CHARS, "").toLowerCase();
  if (config.foldDigits) s = s.replace(/[0-9]/g, "0");
  return s;
}

/** Distinct feature strings of one sentence, prefixed by kind (c: chars, w: words, b: word pairs). */
export function sentenceFeatures(text: string, config: ElementFeatureConfig = DEFAULT_FEATURE_CONFIG): string[] {
  const s = canonicalSentence(text, config);
  const out = new Set<string>();
  const chars = Array.from(s);
  const [lo, hi] = config.charNgrams;
  for (let n = lo; n <= hi; n++) {
    for (let i = 0; i + n <= chars.length; i++) out.add("c:" + chars.slice(i, i + n).join(""));
  }
  if ((config.words || config.wordBigrams) && s.length > 0) {
    const words = segmenter()
      .cut(s, false)
      .filter((w) => !PUNCT_ONLY.test(w));
    if (config.words) for (const w of words) out.add("w:" + w);
    if (config.wordBigrams) {
      let prev = "^";
      for (const w of words) {
        out.add("b:" + prev + "|" + w);
        prev = w;
      }
      out.add("b:" + prev + "|$");
    }
  }
  return [...out];
}
