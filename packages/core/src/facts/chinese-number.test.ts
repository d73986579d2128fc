import { describe, expect, it } from "vitest";
import { parseChineseNumber } from "./chinese-number.ts";

describe("parseChineseNumber", () => {
  it.each([
    ["370", 370],
    ["1.5", 1.5],
    ["12,000", 12000],
    ["一百零三", 103],
    ["十五", 15],
    ["二十", 20],
    ["两千五", 2500],
    ["三千五百", 3500],
    ["一万二", 12000],
    ["一万二千", 12000],
    ["一万零二", 10002],
    ["370万", 3700000],
    ["1.5万", 15000],
    ["1.2万", 12000],
    ["1万2", 12000],
    ["一亿两千万", 120000000],
    ["1.5亿", 150000000],
    ["壹仟贰佰", 1200],
    ["二〇二三", 2023],
    ["廿", 20],
    ["十", 10],
    ["零", 0],
  ])("%s → %d", (s, v) => {
    expect(parseChineseNumber(s)).toBe(v);
  });

  it.each(["", "万", "几", "abc", "三个", "1.2.3", "五五万五"])("rejects %j", (s) => {
    expect(parseChineseNumber(s)).toBeUndefined();
  });
});
