import { describe, expect, it } from "vitest";
import { loadFixture } from "../../test/fixtures/fixtures.ts";
import { prepareText } from "../text/prepare-text.ts";
import { extractTimes } from "./extract-times.ts";

const times = (text: string) => extractTimes(prepareText(text));

describe("extractTimes", () => {
  it("reads dates with ISO forms", () => {
    const found = times(loadFixture("wage-arrears-chain"));
    expect(found[0]).toMatchObject({ kind: "date", iso: "2024-01-08", text: "2024年1月8日上午" });
    expect(found.find((t) => t.iso === "2023-03")?.text).toBe("2023年3月");
    expect(found.find((t) => t.kind === "duration")).toMatchObject({ text: "十个月", days: 300 });
  });

  it("reads relative times, month-day dates and periods", () => {
    const found = times(loadFixture("child-support-police"));
    expect(found[0]).toMatchObject({ kind: "date", text: "3月31日晚上9点左右" });
    expect(found.find((t) => t.text === "去年8月")?.kind).toBe("relative");
    expect(found.find((t) => t.text === "8个月")).toMatchObject({ kind: "duration", days: 240 });
    expect(found.find((t) => t.text === "第二天")?.kind).toBe("relative");
    expect(found.filter((t) => t.text === "每月")).toHaveLength(1);
  });

  it("turns durations into days", () => {
    const d = (s: string) => times(s).find((t) => t.kind === "duration")?.days;
    expect(d("拖欠了三个月")).toBe(90);
    expect(d("住院治疗15天")).toBe(15);
    expect(d("一个半月没回家")).toBe(45);
    expect(d("结婚十二年")).toBe(12 * 365);
    expect(d("经过十余天的疏导")).toBe(10);
    expect(d("半年没发工资")).toBe(182.5);
  });

  it("reads numeric dates written with - / and .", () => {
    const found = times("2023-05-12借款，约定2023/12/31前归还；2022.3.1入职，工资2023.5元");
    expect(found.map((t) => [t.text, t.iso])).toEqual([
      ["2023-05-12", "2023-05-12"],
      ["2023/12/31", "2023-12-31"],
      ["2022.3.1", "2022-03-01"],
    ]);
  });

  it("does not read ages, grades or bare months as durations", () => {
    expect(times("孩子马上要上三年级").filter((t) => t.kind === "duration")).toEqual([]);
    expect(times("今年6月").map((t) => t.kind)).toEqual(["relative"]);
  });

  it("works on traditional text with original spans", () => {
    const p = prepareText(loadFixture("wage-arrears-chain.trad"));
    const found = extractTimes(p);
    expect(found.some((t) => t.iso === "2024-01-08")).toBe(true);
    expect(found.some((t) => t.days === 300)).toBe(true);
    for (const t of found) expect(p.original.slice(t.start, t.end)).toBe(t.text);
  });
});
