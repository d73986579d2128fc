import { describe, expect, it } from "vitest";
import { loadFixture } from "../../test/fixtures/fixtures.ts";
import { prepareText } from "../text/prepare-text.ts";
import { extractHeadCounts } from "./extract-head-counts.ts";

const counts = (text: string) => extractHeadCounts(prepareText(text));

describe("extractHeadCounts", () => {
  it("counts the 103 migrant workers and the 40-odd workmates", () => {
    const found = counts(loadFixture("wage-arrears-chain"));
    expect(found).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ count: 103, who: "农民工", approximate: false }),
        expect.objectContaining({ count: 40, who: "工友", approximate: true }),
      ]),
    );
  });

  it("reads Chinese numerals and approximate markers", () => {
    expect(counts("二十多户村民联名反映")[0]).toMatchObject({ count: 20, who: "村民", approximate: true, text: "二十多户村民" });
    expect(counts("十余名亲属在门口聚集")[0]).toMatchObject({ count: 10, who: "亲属", approximate: true });
    expect(counts("沈某等26名职工反映")[0]).toMatchObject({ count: 26, who: "职工" });
    expect(counts("高某兄弟三人")[0]).toMatchObject({ count: 3, who: "兄弟" });
    expect(counts("家里还有两个孩子要上学")[0]).toMatchObject({ count: 2, who: "孩子" });
  });

  it("does not count months, departments or a lone person", () => {
    expect(counts("拖欠三个月，集成27个区级部门、26个中心机构")).toEqual([]);
    expect(counts("自己一个人打零工")).toEqual([]);
    expect(counts("第3名")).toEqual([]);
  });
});
