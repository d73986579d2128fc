import { describe, expect, it } from "vitest";
import { loadFixture } from "../../test/fixtures/fixtures.ts";
import { prepareText } from "../text/prepare-text.ts";
import { extractPlaces } from "./extract-places.ts";

const places = (text: string) => extractPlaces(prepareText(text)).map((s) => s.text);

describe("extractPlaces", () => {
  it("reads administrative chains, estates and buildings", () => {
    expect(places(loadFixture("water-leak-neighbors"))).toContain("幸福社区阳光小区3号楼6楼");
    expect(places(loadFixture("child-support-police"))).toContain("临夏市城郊镇派出所");
    const village = places(loadFixture("elderly-support-household-split"));
    expect(village).toContain("清水县白驼镇杨坪村");
  });

  it("reads sites and offices", () => {
    const found = places(loadFixture("wage-arrears-chain"));
    expect(found).toEqual(expect.arrayContaining(["城关区综治中心", "项目部", "市政府"]));
    expect(places(loadFixture("freight-fee"))).toContain("黄桥街道综治中心");
  });

  it("reads roads with house numbers", () => {
    expect(places("位于朝阳路15号2单元301室的房屋")).toEqual(["朝阳路15号2单元301室"]);
    expect(places("走在马路上，一路上")).toEqual([]);
  });

  it("does not read 村民, 上报了村民 or generic words as places", () => {
    expect(places("网格员上报了村民高某的纠纷，辖区各街道都有小区")).toEqual([]);
  });

  it("works on traditional text", () => {
    const p = prepareText(loadFixture("child-support-police.trad"));
    const found = extractPlaces(p);
    expect(found.map((s) => s.text)).toContain("臨夏市城郊鎮派出所");
    for (const s of found) expect(p.original.slice(s.start, s.end)).toBe(s.text);
  });
});
