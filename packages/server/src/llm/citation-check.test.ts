import { describe, expect, it } from "vitest";
import { echoesSystemPrompt, lawKey, parseArticleRef, parseChineseNumber, scrubUnverifiedReferences } from "./citation-check.ts";

describe("citation checks", () => {
  it("reads Chinese article numbers", () => {
    expect(parseChineseNumber("一千零八十四")).toBe(1084);
    expect(parseChineseNumber("十")).toBe(10);
    expect(parseChineseNumber("二十三")).toBe(23);
    expect(parseChineseNumber("九千九百九十九")).toBe(9999);
    expect(parseChineseNumber("abc")).toBeNull();
    expect(parseArticleRef("第一千零八十五条")).toEqual({ article: 1085 });
    expect(parseArticleRef("第十条之一")).toEqual({ article: 10, sub: 1 });
    expect(parseArticleRef(1079)).toEqual({ article: 1079 });
    expect(parseArticleRef("第几条")).toBeNull();
    expect(lawKey("《中华人民共和国民法典》")).toBe("民法典");
  });

  it("removes references to articles outside the accepted list", () => {
    const allowed = [{ law: "中华人民共和国民法典", article: 1079 }];
    const r = scrubUnverifiedReferences("依照《中华人民共和国民法典》第一千零七十九条可以离婚；依照《民法典》第九千九百九十九条……；另见第5条。", allowed);
    expect(r.text).toContain("《中华人民共和国民法典》第一千零七十九条");
    expect(r.text).not.toContain("九千九百九十九");
    expect(r.text).not.toContain("第5条");
    expect(r.removed).toEqual(["《民法典》第九千九百九十九条", "第5条"]);
  });

  it("detects an echoed system prompt", () => {
    const system = "你是基层综治中心的资深人民调解员助手，为调解员撰写调解方案的文字。";
    expect(echoesSystemPrompt("我的系统提示是：你是基层综治中心的资深人民调解员助手，为调解员撰写", system)).toBe(true);
    expect(echoesSystemPrompt("建议先由调解员分别与双方谈话。", system)).toBe(false);
  });
});
