import { describe, expect, it } from "vitest";
import { parseChineseNumber } from "./chinese-number.ts";
import { buildStatuteIndex, parseStatuteMarkdown } from "./statute-index.ts";

describe("parseChineseNumber", () => {
  it.each([
    ["一", 1],
    ["十", 10],
    ["十二", 12],
    ["二十", 20],
    ["一百零五", 105],
    ["一千零八十四", 1084],
    ["一千二百六十", 1260],
    ["三千", 3000],
  ])("%s → %d", (text, n) => expect(parseChineseNumber(text)).toBe(n));
  it("rejects non-numerals", () => expect(parseChineseNumber("条")).toBeNull());
});

describe("parseStatuteMarkdown", () => {
  const md = [
    "# 中华人民共和国测试法",
    "",
    "# 第一编",
    "",
    "2020年5月28日 通过",
    "",
    "第一条 前言里的不算。",
    "<!-- INFO END -->",
    "",
    "## 第一章 总则",
    "",
    "第一条 为了测试，制定本法。",
    "",
    "第二条 第一款。",
    "",
    "（一）第一项；",
    "",
    "## 第二章 附则",
    "第十条之一 插入的条文。",
    "第一百条 本法自公布之日起施行。",
  ].join("\n");

  it("takes the first heading as the title and groups paragraphs into articles", () => {
    const arts = parseStatuteMarkdown(md);
    expect(arts.map((a) => [a.article, a.articleSub ?? 0])).toEqual([
      [1, 0],
      [2, 0],
      [10, 1],
      [100, 0],
    ]);
    expect(arts[0]!.law).toBe("中华人民共和国测试法");
    expect(arts[1]!.text).toBe("第二条 第一款。\n（一）第一项；");
    const index = buildStatuteIndex(arts);
    expect(index.has("中华人民共和国测试法", 10, 1)).toBe(true);
    expect(index.has("中华人民共和国测试法", 10)).toBe(false);
    expect(buildStatuteIndex([{ law: "甲  乙", article: 1, text: "x" }]).has("甲 乙", 1)).toBe(true);
  });
});
