import { describe, expect, it } from "vitest";
import { lexicalTokens, parseLexemeList, parseTsvector, termFrequencies, toLexemeList, toTsvectorLiteral } from "./lexical-tokens.ts";

describe("lexicalTokens", () => {
  it("yields jieba words and prefixed CJK bigrams, not across punctuation", () => {
    const t = lexicalTokens("老板拖欠工资，劳动合同法");
    expect(t).toEqual(expect.arrayContaining(["老板", "工资", "劳动", "合同", "_老板", "_拖欠", "_工资", "_劳动", "_同法"]));
    expect(t).not.toContain("_资，");
    expect(t).not.toContain("_资劳");
  });
  it("normalises full-width and case", () => {
    expect(lexicalTokens("ＡＢＣ１２")).toEqual(["abc12"]);
  });
  it("is empty for punctuation only", () => {
    expect(lexicalTokens("，。！？  ")).toEqual([]);
  });
});

describe("token encodings", () => {
  const tokens = lexicalTokens("工资工资工资，拖欠工资 it's");
  it("tsvector literal and lexeme list round-trip term frequencies", () => {
    const tf = termFrequencies(tokens);
    expect(parseTsvector(toTsvectorLiteral(tokens))).toEqual(tf);
    expect(parseLexemeList(toLexemeList(tokens))).toEqual(tf);
    expect(tf.get("_工资")).toBe(4);
  });
  it("escapes quotes in tsvector literals", () => {
    expect(parseTsvector(toTsvectorLiteral(["a'b", "a'b", "c\\d"]))).toEqual(new Map([["a'b", 2], ["c\\d", 1]]));
  });
});
