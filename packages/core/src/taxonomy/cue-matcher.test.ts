import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FIXTURE_NAMES, loadFixture } from "../../test/fixtures/fixtures.ts";
import { prepareText } from "../text/prepare-text.ts";
import { createCueMatcher, getCueMatcher } from "./cue-matcher.ts";
import { loadTaxonomy } from "./load-taxonomy.ts";

describe("createCueMatcher", () => {
  const fast = getCueMatcher();
  const plain = createCueMatcher(loadTaxonomy(), { prefilter: false });

  it("finds exactly the same hits with and without the literal prefilter", () => {
    const texts = [
      ...FIXTURE_NAMES.map((n) => loadFixture(n)),
      loadFixture("wage-arrears-chain.trad"),
      "老公天天喝酒，喝醉了就打我，还说要杀了我全家。",
      "他没有酗酒，也没打人，但是拿着刀在门口转。",
      "楼上漏水把我家天花板泡坏了，物业不管不修。",
    ];
    for (const text of texts) {
      const hits = fast.match(prepareText(text));
      expect(hits.length).toBeGreaterThan(0);
      expect(hits).toEqual(plain.match(prepareText(text)));
    }
  });

  it("agrees with the unfiltered matcher on random text made of cue characters (property)", () => {
    const t = loadTaxonomy();
    const cues = [...t.points, ...t.types.types, ...t.risk.signals].flatMap((x) => [...x.cues.strong, ...x.cues.medium]).slice(0, 400);
    const piece = fc.oneof(fc.constantFrom(...cues), fc.constantFrom("，", "。", "没有", "不", "他", "我", "打", "了", "3万元"));
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 30 }), (parts) => {
        const text = parts.join("");
        expect(fast.match(prepareText(text))).toEqual(plain.match(prepareText(text)));
      }),
      { numRuns: 200 },
    );
  });

  it("caches the hits per prepared text", () => {
    const p = prepareText("拖欠工资三个月。");
    expect(fast.match(p)).toBe(fast.match(p));
  });
});
