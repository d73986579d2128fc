import { describe, expect, it } from "vitest";
import { createQueryUnderstander } from "./understand-query.ts";
import type { QueryAnalyzer } from "./taxonomy-analyzer.ts";

const understand = createQueryUnderstander();
const refs = (r: { priorRefs: Array<{ law: string; article: number }> }) => r.priorRefs.map((a) => `${a.law}#${a.article}`);

describe("query understanding", () => {
  it("expands colloquial questions with legal wordings and keeps the question weighted twice", () => {
    const u = understand("老公喝醉了就打我");
    expect(u.expansion).toEqual(expect.arrayContaining(["家庭暴力", "配偶", "殴打"]));
    expect(u.expandedText.startsWith("老公喝醉了就打我 老公喝醉了就打我 ")).toBe(true);
    expect(u.expansion).not.toContain("老公");
  });

  it("detects contested points and the dispute type, and links their core articles as a prior", () => {
    const u = understand("老板拖了三个月工资不给");
    expect(u.points.map((p) => p.code)).toContain("wage-arrears");
    expect(u.typeCode).toBe("labor");
    expect(refs(u)).toContain("中华人民共和国劳动合同法#30");
    expect(u.typeLaws).toContain("中华人民共和国劳动合同法");
  });

  it("reads traditional characters", () => {
    const t = understand("結婚時男方給的彩禮要退嗎");
    expect(t.text).toBe("结婚时男方给的彩礼要退吗");
    expect(t.points.map((p) => p.code)).toContain("bride-price");
    expect(t.expansion).toContain("借婚姻索取财物");
  });

  it("lets the caller's dispute type and points win", () => {
    const u = understand("他不还钱", { typeCode: "private-lending", points: ["guarantee"] });
    expect(u.typeCode).toBe("private-lending");
    expect(u.points[0]!.code).toBe("guarantee");
    expect(refs(u)[0]).toBe("中华人民共和国民法典#681");
  });

  it("caps the expansion and interleaves points so each contributes its most central article first", () => {
    const analyzer: QueryAnalyzer = {
      detectPoints: () => [{ code: "p", score: 2 }, { code: "q", score: 1 }],
      classify: () => null,
      pointArticles: (c) => (c === "p" ? [{ law: "L", article: 1 }, { law: "L", article: 2 }] : [{ law: "M", article: 9 }]),
      typeLaws: () => [],
      typeArticles: () => [],
      pointName: () => undefined,
    };
    const u = createQueryUnderstander({ analyzer, maxExpansionTerms: 3 })("老公打我，老板欠工资，房东不修");
    expect(u.expansion).toHaveLength(3);
    expect(refs(u)).toEqual(["L#1", "M#9", "L#2"]);
    expect(u.typeLaws).toEqual([]);
  });

  it("finds no point and adds no wording for a question outside every concept", () => {
    const u = understand("今天天气不错");
    expect(u.points).toEqual([]);
    expect(u.expansion).toEqual([]);
    expect(u.concepts).toEqual([]);
  });
});
