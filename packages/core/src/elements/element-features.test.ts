import { describe, expect, it } from "vitest";
import { canonicalSentence, DEFAULT_FEATURE_CONFIG, ngramId, sentenceFeatureIds, type ElementFeatureConfig } from "./element-features.ts";

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

describe("long input", () => {
  it("handles a 200,000-character sentence", () => {
    const long = "被告拖欠工资".repeat(200_000 / 6);
    expect(canonicalSentence(long, DEFAULT_FEATURE_CONFIG)).toHaveLength(long.length);
    expect(sentenceFeatureIds(long, charsOnly)).toHaveLength(long.length * 3 - 3);
  });
});
