import { describe, expect, it } from "vitest";
import { RiskSchema, type Facts } from "../schema/case-analysis.ts";
import { prepareText } from "../text/prepare-text.ts";
import { detectContestedPoints } from "../contested/detect-contested-points.ts";
import { loadFixture } from "../../test/fixtures/fixtures.ts";
import { assessRisk } from "./assess-risk.ts";

const noFacts = (): Facts => ({ parties: [], events: [], places: [], times: [], causes: [], amounts: [], headCounts: [], demands: [] });

function risk(text: string, facts: Facts = noFacts()) {
  const p = prepareText(text);
  const r = assessRisk(p, facts, detectContestedPoints(p));
  expect(RiskSchema.safeParse(r).success).toBe(true);
  for (const reason of r.reasons) for (const e of reason.evidence) expect(e.text).toBe(p.original.slice(e.start, e.end));
  return r;
}
const codes = (text: string, facts?: Facts) => risk(text, facts).reasons.map((r) => r.code);

describe("assessRisk signals", () => {
  it.each([
    ["他扬言要弄死对方，大不了同归于尽", "threat-to-kill", "red"],
    ["对方说不给钱就找人收拾他", "threat", "yellow"],
    ["两家为地界吵起来，对方动手打了他", "violence", "yellow"],
    ["男方拿着菜刀站在门口骂", "weapon", "orange"],
    ["老人说儿子再不管她，她就喝农药", "self-harm", "orange"],
    ["工人们说要去市政府门口拉横幅", "collective-action", "orange"],
    ["已经多次投诉，调解未果", "repeated-complaints", "yellow"],
  ] as const)("%s → %s (at least %s)", (text, code, level) => {
    const r = risk(text);
    expect(r.reasons.map((x) => x.code)).toContain(code);
    const order = ["red", "orange", "yellow", "green"];
    expect(order.indexOf(r.level)).toBeLessThanOrEqual(order.indexOf(level));
  });

  it("a calm one-line question is green", () => {
    const r = risk("楼上漏水把我家天花板泡了，想问问怎么处理");
    expect(r.level).toBe("green");
    expect(r.reasons).toEqual([]);
  });

  it("is negation-aware: 没有动手 is not violence, 没有报警 is not police involvement", () => {
    expect(codes("两人吵了几句，都没有动手")).not.toContain("violence");
    expect(codes("我们没有报警，想先调解")).not.toContain("police-involved");
    expect(codes("他从来没说过要跳楼")).not.toContain("self-harm");
  });

  it("a weak cue alone does not raise a signal", () => {
    expect(codes("我们多次去找他")).not.toContain("repeated-complaints");
  });

  it("a weapon with a threat is red", () => {
    const r = risk("他拿着刀说要砍死对方");
    expect(r.level).toBe("red");
    expect(r.reasons.some((x) => x.code.startsWith("combo:"))).toBe(true);
  });

  it("domestic violence found as a contested point counts as violence", () => {
    const r = risk("我老公一喝醉了就打我");
    expect(r.reasons.find((x) => x.code === "violence")?.evidence.length).toBeGreaterThan(0);
  });
});

describe("facts-based signals", () => {
  /** Facts as the extractor gives them for "<count>名农民工，<amount>工资被拖欠". */
  const withCounts = (text: string, count: number, value: number): Facts => {
    const head = `${count}名农民工`;
    const money = text.slice(head.length + 1, text.indexOf("工资"));
    return {
      ...noFacts(),
      headCounts: [{ text: head, start: 0, end: head.length, count, who: "农民工", approximate: false }],
      amounts: [{ text: money, start: head.length + 1, end: head.length + 1 + money.length, value, currency: "CNY", approximate: false }],
    };
  };

  it("many claimants and a large sum raise the level (一事多人)", () => {
    const text = "103名农民工，370万元工资被拖欠";
    const r = risk(text, withCounts(text, 103, 3_700_000));
    expect(r.reasons.map((x) => x.code)).toEqual(expect.arrayContaining(["many-claimants", "large-sum"]));
    expect(["orange", "red"]).toContain(r.level);
  });

  it("a handful of people and a small sum add nothing", () => {
    const text = "3名农民工，5000元工资被拖欠";
    const r = risk(text, withCounts(text, 3, 5000));
    expect(r.reasons.map((x) => x.code)).not.toContain("many-claimants");
    expect(r.reasons.map((x) => x.code)).not.toContain("large-sum");
  });

  it("the score is the sum of reason weights and the level follows the thresholds", () => {
    const r = risk("对方说不给钱就找人收拾他，之前已经报过警");
    expect(r.score).toBeCloseTo(r.reasons.reduce((s, x) => s + x.weight, 0), 5);
    expect(r.level).toBe("orange");
  });
});

describe("fixture narratives", () => {
  it("child-support dispute after a police call with a push: violence and police, not red", () => {
    const r = risk(loadFixture("child-support-police"));
    expect(r.reasons.map((x) => x.code)).toEqual(expect.arrayContaining(["violence", "police-involved"]));
    expect(r.level).toBe("orange");
  });

  it("water leak with a near-fight is yellow, and 差点动手 is not violence", () => {
    const r = risk(loadFixture("water-leak-neighbors"));
    expect(r.reasons.map((x) => x.code)).not.toContain("violence");
    expect(r.level).toBe("yellow");
  });
});
