import { describe, expect, it } from "vitest";
import { articleLabel, parseChineseNumeral, toChineseNumeral } from "./chinese-numeral.ts";

describe("parseChineseNumeral", () => {
  it.each([
    ["一", 1], ["十", 10], ["十一", 11], ["二十", 20], ["一百零八", 108], ["一百一十", 110],
    ["一千零八十四", 1084], ["一千二百六十", 1260], ["两千", 2000], ["三万", 30000], ["一万零一", 10001], ["〇", 0],
  ])("%s → %d", (text, n) => expect(parseChineseNumeral(text)).toBe(n));

  it.each(["", "十十", "一二", "一百一千", "百", "万", "abc", "一万万"])("rejects %j", (text) => expect(parseChineseNumeral(text)).toBeNull());

  it("round-trips 1..3000 through toChineseNumeral", () => {
    for (let n = 1; n <= 3000; n++) expect(parseChineseNumeral(toChineseNumeral(n))).toBe(n);
  });

  it("renders labels in statute style", () => {
    expect(articleLabel(1084)).toBe("第一千零八十四条");
    expect(articleLabel(10, 1)).toBe("第十条之一");
    expect(articleLabel(110)).toBe("第一百一十条");
  });
});
