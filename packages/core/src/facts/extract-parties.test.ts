import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadFixture } from "../../test/fixtures/fixtures.ts";
import type { Party } from "../schema/case-analysis.ts";
import { prepareText } from "../text/prepare-text.ts";
import { extractHeadCounts } from "./extract-head-counts.ts";
import { extractParties, firstTwoClauses } from "./extract-parties.ts";

function parties(text: string): Party[] {
  const p = prepareText(text);
  return extractParties(p, extractHeadCounts(p));
}
const byMention = (list: Party[], mention: string) => list.find((x) => x.mention === mention);

describe("extractParties", () => {
  it("reads the wage chain: workers, the foreman, the project department", () => {
    const list = parties(loadFixture("wage-arrears-chain"));
    expect(byMention(list, "张某某")).toMatchObject({ label: "农民工", role: "applicant", relation: "contractor-worker" });
    expect(byMention(list, "刘某")).toMatchObject({ label: "包工头", relation: "contractor-worker" });
    expect(byMention(list, "王某")).toMatchObject({ label: "项目部" });
    expect(byMention(list, "项目部")?.role).toBe("respondent");
    expect(byMention(list, "农民工")).toMatchObject({ count: 103 });
  });

  it("reads the child-support dispute: the caller and her ex-husband", () => {
    const list = parties(loadFixture("child-support-police"));
    expect(byMention(list, "贾某某")).toMatchObject({ label: "报警人", role: "applicant" });
    expect(byMention(list, "薛某某")).toMatchObject({ label: "前夫", role: "respondent", relation: "ex-spouse" });
    expect(byMention(list, "薛小某")).toMatchObject({ label: "儿子", relation: "parent-child" });
    // Officials handle the case; they are not parties.
    expect(list.some((x) => x.label === "民警" || x.label === "调解员")).toBe(false);
  });

  it("reads neighbours in the water leak", () => {
    const list = parties(loadFixture("water-leak-neighbors"));
    expect(byMention(list, "王某")).toMatchObject({ relation: "neighbor", role: "respondent" });
    expect(byMention(list, "赵某")).toMatchObject({ relation: "neighbor", role: "applicant" });
    expect(byMention(list, "物业公司")?.relation).toBe("owner-property-manager");
    expect(byMention(list, "孙阿姨")).toBeDefined();
  });

  it("reads carrier and shipper in the freight dispute", () => {
    const list = parties(loadFixture("freight-fee"));
    expect(byMention(list, "张某")).toMatchObject({ label: "货车司机", role: "applicant", relation: "carrier-shipper" });
    expect(byMention(list, "陈某")).toMatchObject({ role: "respondent", relation: "carrier-shipper" });
  });

  it("reads spouses, siblings and parents in the household split", () => {
    const list = parties(loadFixture("elderly-support-household-split"));
    expect(byMention(list, "李某某")).toMatchObject({ label: "妻子", relation: "spouse" });
    expect(byMention(list, "兄弟")).toMatchObject({ count: 3, relation: "sibling" });
    expect(byMention(list, "父母")).toMatchObject({ count: 2, relation: "parent-child" });
  });

  it("reads a visitor's one-line question", () => {
    const list = parties("老板欠我三个月工资不给怎么办");
    expect(byMention(list, "我")).toMatchObject({ role: "applicant", label: "来访人" });
    expect(byMention(list, "老板")).toMatchObject({ role: "respondent", relation: "employer-worker" });
    expect(byMention(parties("我儿子不给我养老钱"), "我")?.relation).toBe("parent-child");
    expect(byMention(parties("借给朋友五万块钱，现在他不还了"), "朋友")?.relation).toBe("lender-borrower");
  });

  it("does not read ordinary words as names", () => {
    const list = parties("他给我养老钱，公司老板说小区里的老公们都很忙");
    expect(list.map((x) => x.mention)).not.toEqual(expect.arrayContaining(["老钱"]));
    expect(list.some((x) => x.mention === "司老板" || x.mention === "小区")).toBe(false);
    expect(byMention(parties("邻居老王和小李吵架"), "老王")).toBeDefined();
  });

  it("reads 申请人/被申请人 markers and refers bare markers to the marked person", () => {
    const list = parties("申请人王某于2022年入职，被申请人陈某某公司拖欠工资。申请人要求被申请人支付工资。");
    expect(byMention(list, "王某")).toMatchObject({ label: "申请人", role: "applicant" });
    expect(byMention(list, "陈某某")).toMatchObject({ label: "被申请人", role: "respondent" });
    expect(byMention(list, "王某")!.spans.length).toBe(2);
    expect(list.some((x) => x.mention === "申请人")).toBe(false);
  });

  it("infers spouses from a marriage and the applicant from a clear respondent", () => {
    const marriage = parties("申请人李某与被申请人赵某于2015年登记结婚。赵某长期酗酒，李某要求离婚。");
    expect(byMention(marriage, "李某")).toMatchObject({ relation: "spouse", role: "applicant" });
    expect(byMention(marriage, "赵某")).toMatchObject({ relation: "spouse", role: "respondent" });
    const rent = parties("租客刘某租住房东黄某的房屋。黄某以墙面被熏黑为由拒绝退还押金，刘某认为是正常使用造成的。");
    expect(byMention(rent, "黄某")).toMatchObject({ role: "respondent", relation: "landlord-tenant" });
    expect(byMention(rent, "刘某")).toMatchObject({ role: "applicant", relation: "landlord-tenant" });
  });

  it("reads placeholder names and does not read 借款人民币 as 借款人", () => {
    const list = parties("张三向李四借款人民币5万元，于三月归还");
    expect(list.map((x) => x.mention).sort()).toEqual(["张三", "李四"].sort());
  });

  it("keeps every span exact on traditional text", () => {
    const p = prepareText(loadFixture("child-support-police.trad"));
    const list = extractParties(p);
    expect(list.find((x) => x.label === "前夫")?.mention).toBe("薛某某");
    for (const x of list) for (const s of x.spans) expect(p.original.slice(s.start, s.end)).toBe(s.text);
  });
});

describe("firstTwoClauses", () => {
  // The split/join it replaces, kept here as the reference.
  const reference = (t: string, from: number, limit: number) =>
    (t.slice(from, limit).split(/[。！？!?；;\n]/)[0] ?? "").split(/[，,]/).slice(0, 2).join("，");

  it("cuts at the sentence end and keeps two comma clauses", () => {
    const t = "王某拖欠工资，一直不给,还说没钱，以后再说。李某报警";
    expect(firstTwoClauses(t, 2, 40)).toBe("拖欠工资，一直不给");
    expect(firstTwoClauses(t, 2, 5)).toBe("拖欠工");
    expect(firstTwoClauses(t, 12, 40)).toBe("还说没钱，以后再说");
    expect(firstTwoClauses(t, 22, 60)).toBe("李某报警");
  });

  it("agrees with split/join on random text (property)", () => {
    const chars = fc.constantFrom(..."王某欠薪，,。！？!?；;\n要求打".split(""));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 40 }), fc.nat(45), fc.nat(60), (a, from, len) => {
        const t = a.join("");
        expect(firstTwoClauses(t, from, from + len)).toBe(reference(t, from, from + len));
      }),
      { numRuns: 500 },
    );
  });
});
