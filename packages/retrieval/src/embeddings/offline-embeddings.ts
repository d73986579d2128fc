// Offline default embeddings: no model download. A text becomes a signed feature-hashed bag of
// jieba words, character bigrams and lexicon concepts. Concept features carry most weight, so
// 老板拖工资 and 拖欠劳动报酬 share coordinates although they share no word.
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict";
import { MediateError } from "@mediate/core";
import type { Embeddings } from "../types.ts";
import { defaultLexiconMatcher, type LexiconMatcher } from "../search/lexicon.ts";
import { toSimplified } from "../search/normalize-query.ts";

export const OFFLINE_EMBEDDINGS_VERSION = "v1";

export type OfflineEmbeddingsSettings = {
  /** Vector size (64..4096); default OFFLINE_DEFAULT_DIMENSIONS. */
  dimensions?: number;
  /** Lexicon matcher; default the project lexicon. */
  lexicon?: LexiconMatcher;
  /** Feature weights; defaults favour concepts over surface words. */
  weights?: Partial<FeatureWeights>;
};

export type FeatureWeights = { word: number; bigram: number; concept: number; generic: number };

const DEFAULT_WEIGHTS: FeatureWeights = { word: 1, bigram: 0.35, concept: 2.5, generic: 0.15 };

// Words that occur in most statutes and in many questions without telling articles apart.
const GENERIC_WORDS = new Set(
  "应当 可以 或者 以及 规定 本法 本条例 依照 依法 有关 其他 相应 按照 国家 人民 法律 行政法规 不得 没有 情形 下列 之一 责任 承担 进行 单位 个人 组织 部门 可能 需要 什么 怎么 怎么办 咋办 为什么 还是 就是 这个 那个 我们 他们 你们 自己 现在 已经 一直 知道 觉得 可是 但是 因为 所以 如果 一个 一下 请问 能不能 可不可以 是不是 有没有 应该 要求".split(" "),
);

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const WORD_OK = /^(?:[\u3400-\u9fff\uf900-\ufaff]{2,}|[a-z0-9]{2,})$/;

let jieba: Jieba | undefined;
const getJieba = () => (jieba ??= Jieba.withDict(dict));

/** FNV-1a, 32 bit. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Named features of a text with their raw weights (exported for tests and diagnostics). */
export function offlineFeatures(text: string, lexicon: LexiconMatcher, weights: FeatureWeights = DEFAULT_WEIGHTS): Map<string, number> {
  const normalized = text.normalize("NFKC").toLowerCase();
  const features = new Map<string, number>();
  const add = (key: string, w: number) => features.set(key, (features.get(key) ?? 0) + w);
  for (const w of getJieba().cut(normalized, true)) {
    if (WORD_OK.test(w)) add(`w:${w}`, GENERIC_WORDS.has(w) ? weights.generic : weights.word);
  }
  const chars = [...normalized];
  for (let i = 0; i + 1 < chars.length; i++) {
    const a = chars[i]!;
    const b = chars[i + 1]!;
    if (CJK.test(a) && CJK.test(b)) add(`b:${a}${b}`, weights.bigram);
  }
  for (const c of lexicon.match(normalized)) add(`c:${c.id}`, weights.concept);
  // Sublinear term frequency: a long article repeating a word should not drown the rest.
  for (const [k, v] of features) features.set(k, Math.sign(v) * Math.log1p(Math.abs(v)));
  return features;
}

export type OfflineEmbeddings = Embeddings & {
  /** Synchronous embedding of one text, as stored for documents (no script folding). */
  embedSync(text: string): number[];
};

/**
 * Default vector size. 384 keeps hybrid Recall@10 and MRR@10 of 1024 on corpora/retrieval-eval
 * (the vectors only break ties, weight 0.25) with half the store and a much faster HNSW build
 * (docs/performance.md).
 */
export const OFFLINE_DEFAULT_DIMENSIONS = 384;

export function createOfflineEmbeddings(settings: OfflineEmbeddingsSettings = {}): OfflineEmbeddings {
  const dimensions = settings.dimensions ?? OFFLINE_DEFAULT_DIMENSIONS;
  if (!Number.isInteger(dimensions) || dimensions < 64 || dimensions > 4096) {
    throw new MediateError("invalid_input", `offline embeddings: dimensions must be an integer in 64..4096 (got ${dimensions})`);
  }
  const weights = { ...DEFAULT_WEIGHTS, ...settings.weights };
  const lexicon = settings.lexicon ?? defaultLexiconMatcher();

  const embed = (text: string): number[] => {
    const v = new Float64Array(dimensions);
    for (const [key, w] of offlineFeatures(text, lexicon, weights)) {
      const h = hash32(key);
      // Signed hashing: colliding features cancel on average instead of piling up.
      v[h % dimensions]! += (h & 0x80000000) !== 0 ? -w : w;
    }
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm);
    return Array.from(v, (x) => (norm > 0 ? x / norm : 0));
  };

  return {
    model: `mediate-offline-hash-${OFFLINE_EMBEDDINGS_VERSION}-${dimensions}`,
    dimensions,
    embedSync: embed,
    async embedDocuments(texts) {
      return texts.map(embed);
    },
    async embedQuery(text) {
      // Queries may be in traditional characters; statutes are simplified.
      return embed(toSimplified(text));
    },
  };
}
