import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DisputeTypeSchema } from "../schema/case-analysis.ts";
import { prepareText } from "../text/prepare-text.ts";
import { detectContestedPoints } from "../contested/detect-contested-points.ts";
import { loadFixture, loadKioskQuestions } from "../../test/fixtures/fixtures.ts";
import { classifyDispute, rankTypeScores, scoreDisputeTypes, withoutNestedHits, type TypeScore } from "./classify-dispute.ts";

function classify(text: string) {
  const p = prepareText(text);
  return classifyDispute(p, detectContestedPoints(p));
}

type Row = { id: string; text: string; type: string };
const devSet: Row[] = readFileSync(new URL("../../test/fixtures/type-dev.jsonl", import.meta.url), "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Row);

describe("classifyDispute on one-liners", () => {
  it.each([
    ["老板拖了三个月工资不给", "labor"],
    ["楼上漏水把我家天花板泡了", "neighbor"],
    ["我老公喝醉了就打我", "marriage-family"],
    ["借给朋友5万块钱不还", "private-lending"],
    ["老闆拖欠了三個月工資不給", "labor"],
    ["樓上漏水把我家天花板泡壞了", "neighbor"],
    ["當家的喝大了就動手打我", "marriage-family"],
    ["朋友找我借了兩萬塊錢，到現在都不還", "private-lending"],
  ])("%s → %s", (text, code) => {
    const t = classify(text);
    expect(t.code).toBe(code);
    expect(DisputeTypeSchema.safeParse(t).success).toBe(true);
  });

  it("classifies the kiosk questions of the shared fixtures", () => {
    const rows = loadKioskQuestions();
    const wrong = rows.filter((r) => classify(r.text).code !== r.type).map((r) => r.id);
    expect(wrong.length / rows.length).toBeLessThanOrEqual(0.1);
  });

  it("classifies the development one-liners (one per type or more)", () => {
    // dev3…dev12 were each measured fresh (0.58–0.92) and then used for error analysis; their
    // ambiguous items (装修 as 消费 or 建设工程, 帮工 injuries …) stay in, so the bar is 0.06.
    const wrong = devSet.filter((r) => classify(r.text).code !== r.type).map((r) => `${r.id}→${classify(r.text).code}`);
    expect(devSet.length).toBeGreaterThanOrEqual(600);
    expect(wrong.length / devSet.length, wrong.join(", ")).toBeLessThanOrEqual(0.06);
  });

  it("falls back to 其他纠纷 with low confidence when nothing points anywhere", () => {
    const t = classify("请问一下，这个东西怎么弄？");
    expect(t.code).toBe("other");
    expect(t.confidence).toBeLessThan(0.5);
  });
});

describe("classifyDispute on narratives", () => {
  it.each([
    ["wage-arrears-chain", "labor"],
    ["wage-arrears-chain.trad", "labor"],
    ["child-support-police", "support"],
    ["child-support-police.trad", "support"],
    ["water-leak-neighbors", "neighbor"],
    ["freight-fee", "contract"],
    ["elderly-support-household-split", "support"],
  ] as const)("%s → %s", (name, code) => {
    const t = classify(loadFixture(name));
    expect(t.code).toBe(code);
    expect(t.confidence).toBeGreaterThan(0.5);
  });

  it("picks the main dispute of a story with several and lists the others as alternatives", () => {
    const text =
      "申请人王某（女）与丈夫李某2015年结婚，婚后育有一子。李某长期酗酒，喝醉后多次殴打王某，王某多次回娘家居住，" +
      "现坚决要求离婚，并要求儿子由自己抚养、分割婚后共同购买的住房。另外，李某三年前向王某的表哥借款5万元用于买车，" +
      "约定一年内归还，至今未还，表哥也来找王某要钱。";
    const t = classify(text);
    expect(t.code).toBe("marriage-family");
    expect(t.alternatives.map((a) => a.code)).toContain("private-lending");
  });

  it("returns at most three alternatives, best first, below the winner", () => {
    const t = classify(loadFixture("water-leak-neighbors"));
    expect(t.alternatives.length).toBeLessThanOrEqual(3);
    for (const a of t.alternatives) expect(a.confidence).toBeLessThanOrEqual(t.confidence);
    for (let i = 1; i < t.alternatives.length; i++) {
      expect(t.alternatives[i - 1]!.confidence).toBeGreaterThanOrEqual(t.alternatives[i]!.confidence);
    }
  });

  it("is more confident with more evidence", () => {
    const short = classify("工资没发");
    const long = classify("老板拖欠我们三个月工资，包工头跑了，我们去劳动监察反映，要求公司支付拖欠的工资和加班费");
    expect(short.code).toBe("labor");
    expect(long.confidence).toBeGreaterThan(short.confidence);
  });
});

describe("hold-out sets (regression guard)", () => {
  // Figures measured when each set was fresh are in the closing report; the sets have since
  // been used for error analysis, so this only guards against regressions.
  it("keeps type accuracy on the hold-out file above 0.85", () => {
    const rows: Row[] = readFileSync(new URL("../../test/fixtures/type-holdout.jsonl", import.meta.url), "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Row);
    expect(rows.length).toBeGreaterThanOrEqual(280);
    const correct = rows.filter((r) => classify(r.text).code === r.type).length;
    expect(correct / rows.length).toBeGreaterThanOrEqual(0.85);
  });
});

describe("scoreDisputeTypes per-text cache", () => {
  it("gives the same scores for a reused and a fresh PreparedText, whatever the points", () => {
    const text = loadFixture("water-leak-neighbors");
    const reused = prepareText(text);
    const points = detectContestedPoints(reused);
    expect(points.length).toBeGreaterThan(0);
    const cueOnly = scoreDisputeTypes(reused, []);
    const withPoints = scoreDisputeTypes(reused, points);
    expect(withPoints).toEqual(scoreDisputeTypes(prepareText(text), points));
    expect(scoreDisputeTypes(reused, [])).toEqual(cueOnly);
    // Points add evidence on top of the cached cue scores.
    const score = (list: typeof cueOnly, code: string) => list.find((s) => s.code === code)?.score ?? 0;
    expect(score(withPoints, withPoints[0]!.code)).toBeGreaterThan(score(cueOnly, withPoints[0]!.code));
  });
});

describe("scoring details", () => {
  const hit = (code: string, tier: string, start: number, end: number) => ({ code, tier, start, end });

  it("counts a literal inside a longer literal of the same type once", () => {
    const kept = withoutNestedHits([hit("neighbor", "strong", 0, 3), hit("neighbor", "strong", 0, 2), hit("neighbor", "medium", 1, 2)]);
    expect(kept).toEqual([hit("neighbor", "strong", 0, 3)]);
  });

  it("keeps nested hits of other types, literals inside patterns, and overlapping (not nested) hits", () => {
    const hits = [
      hit("labor", "strong", 0, 3),
      hit("e-commerce", "strong", 1, 3),
      hit("labor", "pattern", 0, 8),
      hit("labor", "medium", 2, 5),
    ];
    expect(withoutNestedHits(hits)).toHaveLength(4);
  });

  it("counts one of two patterns of a type over the same words", () => {
    const kept = withoutNestedHits([hit("personal-injury", "pattern", 2, 6), hit("personal-injury", "pattern", 0, 6)]);
    expect(kept).toEqual([hit("personal-injury", "pattern", 0, 6)]);
  });

  it("breaks a tie in favour of the type with the stronger single cue", () => {
    const scores: TypeScore[] = [
      { code: "consumer", score: 3 },
      { code: "construction", score: 3 },
      { code: "labor", score: 1.5 },
    ];
    const strongest = new Map([["consumer", 1.5], ["construction", 3], ["labor", 1.5]]);
    expect(rankTypeScores(scores, strongest).map((s) => s.code)).toEqual(["construction", "consumer", "labor"]);
  });

  it("does not let a relation word outweigh a described damage (楼上 + 砸坏 → 损害赔偿纠纷)", () => {
    expect(classify("停在楼下的车被楼上掉下来的花盆砸坏了，修车要两千").code).toBe("damages");
  });

  it("reads a spouse hitting across a comma as domestic violence, not a stranger's assault", () => {
    const t = classify("我男人一喝酒就发疯，上个月把我胳膊都打青了，我想离了");
    expect(t.code).toBe("marriage-family");
  });
});
