import { describe, expect, it } from "vitest";
import { loadFixture } from "../../test/fixtures/fixtures.ts";
import { prepareText } from "../text/prepare-text.ts";
import { extractAmounts } from "./extract-amounts.ts";

const amounts = (text: string) => extractAmounts(prepareText(text));

describe("extractAmounts", () => {
  it("reads the wage-arrears chain: 370万元 of wages and 620万元 of project money", () => {
    const found = amounts(loadFixture("wage-arrears-chain"));
    const wages = found.filter((a) => a.value === 3_700_000);
    expect(wages.length).toBe(2);
    expect(wages.every((a) => a.purpose === "工资" && !a.approximate && a.text === "370万元")).toBe(true);
    expect(found.find((a) => a.value === 6_200_000)?.purpose).toBe("工程款");
    const approx = found.find((a) => a.value === 800_000);
    expect(approx).toMatchObject({ approximate: true, text: "80余万元", purpose: "材料款" });
  });

  it("finds the refused 8000元 freight fee", () => {
    const found = amounts(loadFixture("freight-fee"));
    expect(found[0]).toMatchObject({ value: 8000, purpose: "运费", approximate: false });
    expect(found.some((a) => a.value === 1000 && a.approximate)).toBe(true); // 不超过1000元
  });

  it("reads colloquial and approximate forms", () => {
    expect(amounts("他借了我一万二，说好年底还")[0]).toMatchObject({ value: 12000, purpose: "借款" });
    expect(amounts("赔偿1.5万元左右")[0]).toMatchObject({ value: 15000, approximate: true, purpose: "赔偿" });
    expect(amounts("工程欠款800余万元")[0]).toMatchObject({ value: 8_000_000, approximate: true, purpose: "工程款" });
    expect(amounts("只给了两千块就不管了")[0]).toMatchObject({ value: 2000 });
    expect(amounts("借给朋友五万块钱")[0]).toMatchObject({ value: 50000, purpose: "借款" });
    expect(amounts("每月抚养费１５００元")[0]).toMatchObject({ value: 1500, purpose: "抚养费", text: "１５００元" });
  });

  it("reads currency signs, 人民币 and a space before 元", () => {
    expect(amounts("公司拖欠工资￥15000").map((a) => [a.value, a.purpose])).toEqual([[15000, "工资"]]);
    expect(amounts("借款人民币50,000元")[0]).toMatchObject({ value: 50000, purpose: "借款" });
    expect(amounts("月工资5000 元")[0]).toMatchObject({ value: 5000, purpose: "工资" });
    expect(amounts("赡养费每月叁仟元")[0]).toMatchObject({ value: 3000, purpose: "赡养费" });
  });

  it("ignores counts, measure words and vague sums", () => {
    expect(amounts("全省划分网格3.5万个，化解纠纷2.84万件")).toEqual([]);
    expect(amounts("多分一块宅基地，三块地")).toEqual([]);
    expect(amounts("损失了几千元，还有数万元的货")).toEqual([]);
    expect(amounts("2024年3月，103名农民工")).toEqual([]);
  });

  it("gives spans of the original traditional text", () => {
    const p = prepareText(loadFixture("child-support-police.trad"));
    const found = extractAmounts(p);
    expect(found.map((a) => a.value)).toEqual(expect.arrayContaining([1500, 12000, 800]));
    expect(found.find((a) => a.value === 1500)?.purpose).toBe("抚养费");
    for (const a of found) expect(p.original.slice(a.start, a.end)).toBe(a.text);
  });
});
