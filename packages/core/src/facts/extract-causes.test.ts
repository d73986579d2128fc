import { describe, expect, it } from "vitest";
import { loadFixture } from "../../test/fixtures/fixtures.ts";
import { prepareText } from "../text/prepare-text.ts";
import { extractCauses } from "./extract-causes.ts";

const causes = (text: string) => extractCauses(prepareText(text)).map((s) => s.text);

describe("extractCauses", () => {
  it("reads 以…为由 and 因…", () => {
    expect(causes(loadFixture("freight-fee"))).toEqual(expect.arrayContaining(["称某商户以货物轻微损坏为由"]));
    expect(causes(loadFixture("elderly-support-household-split"))).toContain("夫妻双方因赡养老人与分户问题产生矛盾");
  });

  it("takes the clause before 导致 as part of the cause", () => {
    expect(causes("管道多次漏水，导致楼下多户居民财产受损。")).toEqual(["管道多次漏水，导致楼下多户居民财产受损"]);
  });

  it("ignores 因此, 原因 and 因素", () => {
    expect(causes("因此他不同意；原因不明；有多种因素。")).toEqual([]);
  });

  it("reads 因为/所以 in the wage chain", () => {
    const found = causes(loadFixture("wage-arrears-chain"));
    expect(found).toContain("因为工程亏损");
    expect(found.some((c) => c.includes("所以他也发不出工资"))).toBe(true);
  });
});
