import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FIXTURE_NAMES, loadFixture } from "../../test/fixtures/fixtures.ts";
import { isMediateError } from "../errors/mediate-error.ts";
import { FactsSchema, type Facts, type Span } from "../schema/case-analysis.ts";
import { prepareText } from "../text/prepare-text.ts";
import { extractFacts } from "./extract-facts.ts";

function allSpans(f: Facts): Span[] {
  return [
    ...f.parties.flatMap((x) => x.spans),
    ...f.events,
    ...f.places,
    ...f.times,
    ...f.causes,
    ...f.amounts,
    ...f.headCounts,
    ...f.demands,
  ];
}

describe("extractFacts", () => {
  it.each([...FIXTURE_NAMES, "wage-arrears-chain.trad", "child-support-police.trad", "long-ledger"] as const)(
    "gives schema-valid facts with exact spans for %s",
    (name) => {
      const p = prepareText(loadFixture(name));
      const facts = FactsSchema.parse(extractFacts(p));
      expect(facts.parties.length).toBeGreaterThan(0);
      expect(facts.events.length).toBeGreaterThan(0);
      for (const s of allSpans(facts)) expect(p.original.slice(s.start, s.end)).toBe(s.text);
    },
  );

  it("extracts the same facts from the traditional and the simplified narrative", () => {
    const simp = extractFacts(prepareText(loadFixture("wage-arrears-chain")));
    const trad = extractFacts(prepareText(loadFixture("wage-arrears-chain.trad")));
    expect(trad.amounts.map((a) => [a.value, a.purpose])).toEqual(simp.amounts.map((a) => [a.value, a.purpose]));
    expect(trad.headCounts.map((h) => h.count)).toEqual(simp.headCounts.map((h) => h.count));
    expect(trad.times.map((t) => t.iso ?? t.days ?? t.kind)).toEqual(simp.times.map((t) => t.iso ?? t.days ?? t.kind));
    expect(trad.parties.map((x) => [x.role, x.relation])).toEqual(simp.parties.map((x) => [x.role, x.relation]));
  });

  it("never throws anything but MediateError on random input and keeps spans exact (property)", () => {
    const pieces = fc.constantFrom(
      "张某某", "老王", "要求", "希望", "370万元", "一万二", "十几", "二十多户村民", "因为", "以", "为由", "导致",
      "2023年5月", "去年", "三个月", "每月", "阳光小区", "3号楼", "村", "。", "，", "！", "“", "”", "\n", "我", "欠薪",
      "老闆", "錢", "１２", "\uD800", "\u0000", "\uFFFD", "😀", " ",
    );
    const inputs = fc.oneof(fc.array(pieces, { maxLength: 40 }).map((a) => a.join("")), fc.string({ unit: "grapheme", maxLength: 80 }));
    fc.assert(
      fc.property(inputs, (s) => {
        let facts: Facts;
        let p;
        try {
          p = prepareText(s);
          facts = extractFacts(p);
        } catch (e) {
          expect(isMediateError(e)).toBe(true);
          return;
        }
        for (const sp of allSpans(facts)) expect(sp.text).toBe(p.original.slice(sp.start, sp.end));
      }),
      { numRuns: 300 },
    );
  });
});
