import { describe, expect, it } from "vitest";
import { loadFixture } from "../../test/fixtures/fixtures.ts";
import { prepareText } from "../text/prepare-text.ts";
import { extractDemands } from "./extract-demands.ts";
import { extractHeadCounts } from "./extract-head-counts.ts";
import { extractParties } from "./extract-parties.ts";

function demands(text: string) {
  const p = prepareText(text);
  return extractDemands(p, extractParties(p, extractHeadCounts(p)));
}

describe("extractDemands", () => {
  it("reads who wants what in the wage chain", () => {
    const found = demands(loadFixture("wage-arrears-chain"));
    expect(found[0]).toMatchObject({ by: "张某某" });
    expect(found[0]!.summary).toContain("支付拖欠的全部工资370万元");
    expect(found.find((d) => d.by === "刘某")?.summary).toContain("工程款500万元");
  });

  it("resolves 她 to the party named before and reads both sides", () => {
    const found = demands(loadFixture("child-support-police"));
    expect(found.find((d) => d.summary.includes("一次性付清"))?.by).toBe("贾某某");
    expect(found.find((d) => d.summary.includes("800元"))?.by).toBe("薛某某");
  });

  it("stops at a threat or condition", () => {
    const [d] = demands("贾某某要求薛某某付清抚养费，否则就不让他见孩子。");
    expect(d?.text).toBe("贾某某要求薛某某付清抚养费");
  });

  it("reads a visitor's wish and the freight demand", () => {
    expect(demands("老公喝了酒就打我，我想离婚")[0]).toMatchObject({ by: "我", summary: "离婚" });
    const freight = demands(loadFixture("freight-fee"));
    expect(freight.some((d) => d.by === "张某" && d.summary.includes("付清运费"))).toBe(true);
    expect(freight.some((d) => d.by === "张某" && d.summary === "评判")).toBe(true); // 请中心评判
    expect(freight.some((d) => d.by === "陈某" && d.summary.includes("扣除维修费"))).toBe(true);
  });

  it("does not read 要求 as a noun or a question as a demand", () => {
    expect(demands("按照上级的要求，符合要求的材料。")).toEqual([]);
    expect(demands("我想问一下离婚怎么办")).toEqual([]);
  });
});
