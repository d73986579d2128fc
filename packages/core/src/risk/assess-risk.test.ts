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

describe("how people voice danger (dialect, euphemism, indirect speech)", () => {
  const order = ["red", "orange", "yellow", "green"];
  const atLeast = (text: string, level: string) => expect(order.indexOf(risk(text).level)).toBeLessThanOrEqual(order.indexOf(level));

  it.each([
    ["这事不给个说法，俺就点了他家房子", "threat-to-kill"],
    ["兄弟几个商量好了，今晚去把他家剁了", "threat-to-kill"],
    ["他再逼我，我就带着孩子一起跳河", "threat-to-kill"],
    ["他还威胁要杀了我", "threat-to-kill"],
  ] as const)("%s → %s, red", (text, code) => {
    const r = risk(text);
    expect(r.reasons.map((x) => x.code)).toContain(code);
    expect(r.level).toBe("red");
  });

  it.each([
    ["我活够了，钱要不回来就一了百了", "self-harm", "orange"],
    ["他放话说让我走夜路小心点", "threat-harm", "orange"],
    ["上个月他喝了酒把我打了一顿", "violence", "orange"],
    ["我们二十多个工友商量好了，一起去劳动局", "collective-action", "orange"],
    ["开发商要强行施工，把我家地推平", "forced-eviction", "orange"],
    ["儿子把我赶出来了，现在住在亲戚家", "shelter-lost", "orange"],
    ["公司拖欠我两个月工资了", "wage-arrears", "yellow"],
    ["这事我来过三回了，一直没解决", "repeated-complaints", "yellow"],
    ["婆婆天天骂我，我们吵得很凶", "escalating-emotion", "yellow"],
  ] as const)("%s → %s (at least %s)", (text, code, level) => {
    expect(codes(text)).toContain(code);
    atLeast(text, level);
  });

  it("intent plus preparation or presence is red (imminent combos)", () => {
    expect(risk("农药我都放在床头了，再逼我搬我就喝下去").level).toBe("red");
    expect(risk("他已经在楼顶上坐了两个小时，说不给工资就跳下去").level).toBe("red");
    expect(risk("工人们说明天一早去市政府门口拉横幅").level).toBe("red");
  });

  it("many claimants gathering without threats or a date stays orange, not red", () => {
    const r = risk("三十多名村民联名到镇综治中心反映问题，要求公开账目");
    expect(r.level).not.toBe("red");
  });

  it("euphemisms for killing and maiming, and a tool named in passing", () => {
    expect(risk("他要是再敢来闹，我就让他横着出去").level).toBe("red");
    expect(codes("放高利贷的说不还钱就卸我一条胳膊")).toContain("threat-harm");
    // A kitchen knife bought in a shop is no weapon; one picked up in a quarrel is.
    expect(codes("菜刀是在他店里买的，用了一周就崩口了")).not.toContain("weapon");
    expect(codes("他抄起菜刀追出来")).toContain("weapon");
  });

  it("conditional threats with a harm verb, and online exposure kept apart from gatherings", () => {
    expect(codes("他说谁再投诉他装修就让谁家出点事")).toContain("threat-harm");
    const exposure = risk("他说要把我的丑事发到网上，让我在单位混不下去");
    expect(exposure.reasons.map((x) => x.code)).toEqual(expect.arrayContaining(["public-exposure", "threat-harm"]));
    expect(exposure.level).toBe("orange");
    expect(risk("族里放出话来，谁拦就跟谁拼命，我们这边也在召集人").level).toBe("red");
  });

  it("suing is not a threat", () => {
    expect(codes("他说如果不还钱就去法院起诉我")).not.toContain("threat");
    expect(codes("装修公司拖了三个月没完工")).not.toContain("threat");
  });

  it("a cue in the same sentence as 开玩笑/气话/旧事 is stepped down, not dropped", () => {
    const joke = risk("他开玩笑说要打死我，我们是老朋友");
    expect(joke.level).not.toBe("red");
    const r = joke.reasons.find((x) => x.code === "threat-to-kill");
    expect(r?.label).toContain("气话");
    expect(r?.weight).toBe(2.5);
    // Stepped down from red, the death threat still forces orange.
    expect(joke.level).toBe("orange");
    const past = risk("他小时候跟我打过架，那都是二十年前的事了，现在关系挺好");
    expect(order.indexOf(past.level)).toBeGreaterThan(order.indexOf("orange"));
    // A defuser in another sentence does not touch the cue.
    expect(risk("他说要打死我。我以为他是开玩笑。").level).toBe("red");
  });
});

describe("options", () => {
  it("takes a matcher built from another taxonomy and explicit defusers", async () => {
    const { readTaxonomy } = await import("../taxonomy/load-taxonomy.ts");
    const { createCueMatcher } = await import("../taxonomy/cue-matcher.ts");
    const { NO_DEFUSERS } = await import("./risk-defusers.ts");
    const taxonomy = readTaxonomy();
    taxonomy.risk = { ...taxonomy.risk, signals: taxonomy.risk.signals.filter((s) => s.code !== "threat-to-kill"), combos: [] };
    const p = prepareText("他开玩笑说要打死我");
    const without = assessRisk(p, noFacts(), [], { matcher: createCueMatcher(taxonomy), defusers: NO_DEFUSERS });
    expect(without.reasons.map((x) => x.code)).not.toContain("threat-to-kill");
    const noDefusers = assessRisk(p, noFacts(), [], { defusers: NO_DEFUSERS });
    expect(noDefusers.level).toBe("red");
  });
});
