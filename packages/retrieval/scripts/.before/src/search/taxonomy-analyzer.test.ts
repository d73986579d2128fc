import { describe, expect, it } from "vitest";
import { createTaxonomyAnalyzer } from "./taxonomy-analyzer.ts";
import { createCoreAnalyzer } from "./core-analyzer.ts";

describe.each([
  ["taxonomy", createTaxonomyAnalyzer()],
  ["core", createCoreAnalyzer()],
])("%s query analyzer", (_name, analyzer) => {
  it("detects contested points and the dispute type of an everyday question", () => {
    const points = analyzer.detectPoints("老板拖欠了我三个月工资");
    expect(points.map((p) => p.code)).toContain("wage-arrears");
    expect(analyzer.classify("老板拖欠了我三个月工资", points)).toBe("labor");
  });

  it("links points and types to articles and laws from the taxonomy", () => {
    expect(analyzer.pointArticles("domestic-violence")).toContainEqual({ law: "中华人民共和国反家庭暴力法", article: 2 });
    expect(analyzer.typeLaws("labor")).toContain("中华人民共和国劳动合同法");
    expect(analyzer.pointName("domestic-violence")).toBe("家庭暴力");
    expect(analyzer.pointArticles("no-such-point")).toEqual([]);
  });

  it("finds nothing in a text without cues", () => {
    expect(analyzer.detectPoints("今天天气不错")).toEqual([]);
  });
});
