import { describe, expect, it } from "vitest";
import { canonicalSentence, DEFAULT_FEATURE_CONFIG, documentFeatureIds, ngramId, positionFeatureId, sentenceFeatureIds, type ElementFeatureConfig } from "./element-features.ts";

const codes = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
const charsOnly: ElementFeatureConfig = { charNgrams: [1, 3], foldDigits: true, tf: "binary", words: false };

describe("sentence features", () => {
  it("emits one hashed id per character n-gram occurrence, repeats included", () => {
    const ids = Array.from(sentenceFeatureIds("拖欠工资，拖欠", charsOnly));
    // 7 characters: 7 unigrams + 6 bigrams + 5 trigrams.
    expect(ids).toHaveLength(18);
    expect(ids.filter((x) => x === ngramId(codes("拖欠")))).toHaveLength(2);
    expect(ids).toContain(ngramId(codes("欠工资")));
    expect(ids).not.toContain(ngramId(codes("拖欠工资")));
  });

  it("gives distinct n-grams distinct ids", () => {
    const grams = ["借", "借款", "款借", "借款人", "人款借", "抚养费", "抚养", "养费"];
    expect(new Set(grams.map((g) => ngramId(codes(g)))).size).toBe(grams.length);
  });

  it("folds digits, full-width forms, case and spaces", () => {
    expect(canonicalSentence("２０１３年 5月　借款Ａb", DEFAULT_FEATURE_CONFIG)).toBe("0000年0月借款ab");
    expect(sentenceFeatureIds("2013年借款")).toEqual(sentenceFeatureIds("２０１５年 借款"));
    expect(sentenceFeatureIds("2013年借款", { ...charsOnly, foldDigits: false })).not.toEqual(sentenceFeatureIds("2015年借款", { ...charsOnly, foldDigits: false }));
  });

  it("follows the configured n-gram range and adds jieba words when asked", () => {
    const two = sentenceFeatureIds("按月给付抚养费", { ...charsOnly, charNgrams: [2, 2] });
    expect(two).toHaveLength("按月给付抚养费".length - 1);
    const withWords = sentenceFeatureIds("按月给付抚养费", { ...charsOnly, charNgrams: [2, 2], words: true });
    expect(withWords.length).toBeGreaterThan(two.length);
    expect(sentenceFeatureIds("", DEFAULT_FEATURE_CONFIG)).toHaveLength(0);
  });
});

describe("document features", () => {
  const doc = ["原告诉称", "被告拖欠工资", "请求判决"];

  it("are the sentence features when the config has no context", () => {
    expect(documentFeatureIds(doc, charsOnly)).toEqual(doc.map((t) => sentenceFeatureIds(t, charsOnly)));
  });

  it("add the neighbours' n-grams as distinct features, and the position bucket", () => {
    const config: ElementFeatureConfig = { ...charsOnly, context: { ngrams: [1, 2], positionBuckets: 3 } };
    const [first, middle, last] = documentFeatureIds(doc, config);
    const own = sentenceFeatureIds(doc[1]!, config);
    // Own + previous (4 chars: 4 + 3) + next (4 chars: 4 + 3) + position.
    expect(middle).toHaveLength(own.length + 7 + 7 + 1);
    expect(Array.from(middle!.subarray(0, own.length))).toEqual(Array.from(own));
    const neighbourIds = new Set(middle!.subarray(own.length));
    // A neighbour's n-gram never collides with the same n-gram of the sentence itself.
    for (const x of sentenceFeatureIds(doc[0]!, config)) expect(neighbourIds.has(x)).toBe(false);
    // The first sentence has only a next neighbour (6 chars: 6 + 5).
    expect(first).toHaveLength(sentenceFeatureIds(doc[0]!, config).length + 11 + 1);
    expect(last!.at(-1)).toBe(positionFeatureId(2, 3, 3));
    expect(positionFeatureId(0, 3, 3)).not.toBe(positionFeatureId(2, 3, 3));
  });
});

describe("long input", () => {
  it("handles a 200,000-character sentence", () => {
    const long = "被告拖欠工资".repeat(200_000 / 6);
    expect(canonicalSentence(long, DEFAULT_FEATURE_CONFIG)).toHaveLength(long.length);
    expect(sentenceFeatureIds(long, charsOnly)).toHaveLength(long.length * 3 - 3);
  });
});
