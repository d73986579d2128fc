import { describe, expect, it } from "vitest";
import { prepareText } from "./prepare-text.ts";
import { segmentWords, segmentWordSpans, wordsOf } from "./segment-words.ts";

describe("segmentWords", () => {
  it("keeps domain words from the user dictionary whole", () => {
    const words = segmentWords("103名农民工被包工头欠薪，孩子的抚养费和赡养费都没给，派出所出警");
    for (const w of ["农民工", "包工头", "欠薪", "抚养费", "赡养费", "出警"]) expect(words).toContain(w);
  });

  it("returns offsets that slice back to each word", () => {
    const text = "项目部拒付工程款 370万元\n😀 done";
    const spans = segmentWordSpans(text);
    expect(spans.length).toBeGreaterThan(3);
    for (const s of spans) expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(spans.map((s) => s.text).join("")).toBe(text);
  });

  it("segments traditional text through the normalized form and reports original spans", () => {
    const p = prepareText("老闆拖欠農民工工資");
    const spans = wordsOf(p);
    expect(spans.map((s) => s.text)).toContain("農民工");
    for (const s of spans) expect(p.original.slice(s.start, s.end)).toBe(s.text);
    expect(wordsOf(p)).toBe(spans); // one jieba pass per PreparedText
  });

  it("handles the empty string", () => {
    expect(segmentWords("")).toEqual([]);
  });
});
