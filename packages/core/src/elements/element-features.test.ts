import { describe, expect, it } from "vitest";
import { canonicalSentence, DEFAULT_FEATURE_CONFIG, sentenceFeatures } from "./element-features.ts";

describe("sentence features", () => {
  it("extracts char n-grams, jieba words and word bigrams, each once", () => {
    const f = sentenceFeatures("被告拖欠工资，拖欠工资。");
    expect(f).toContain("c:拖");
    expect(f).toContain("c:拖欠");
    expect(f).toContain("c:拖欠工");
    // jieba: 被告 / 拖欠工资 / ， / 拖欠工资 / 。
    expect(f).toContain("w:被告");
    expect(f).toContain("w:拖欠工资");
    expect(f).toContain("b:^|被告");
    expect(f).toContain("b:被告|拖欠工资");
    expect(f).toContain("b:拖欠工资|拖欠工资");
    expect(f).toContain("b:拖欠工资|$");
    expect(f.filter((x) => x === "w:拖欠工资")).toHaveLength(1);
    // Punctuation is not a word.
    expect(f).not.toContain("w:，");
    expect(new Set(f).size).toBe(f.length);
  });

  it("folds digits, full-width forms and spaces", () => {
    expect(canonicalSentence("２０１３年 5月　借款Ａ", DEFAULT_FEATURE_CONFIG)).toBe("0000年0月借款a");
    expect(sentenceFeatures("2013年借款")).toEqual(sentenceFeatures("2015年借款"));
  });

  it("follows the configured n-gram range and switches", () => {
    const f = sentenceFeatures("按月给付抚养费", { charNgrams: [2, 2], words: false, wordBigrams: false, foldDigits: true });
    expect(f.every((x) => x.startsWith("c:") && x.length === 4)).toBe(true);
    expect(f).toHaveLength("按月给付抚养费".length - 1);
    expect(sentenceFeatures("", DEFAULT_FEATURE_CONFIG)).toEqual([]);
  });
});
