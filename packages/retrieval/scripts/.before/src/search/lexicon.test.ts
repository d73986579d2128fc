import { describe, expect, it } from "vitest";
import { createLexiconMatcher, loadLexicon, parseLexicon } from "./lexicon.ts";

describe("colloquial ↔ legal lexicon", () => {
  const lexicon = loadLexicon();

  it("is broad: hundreds of expressions over many concepts", () => {
    expect(lexicon.concepts.length).toBeGreaterThanOrEqual(150);
    const terms = lexicon.concepts.reduce((n, c) => n + c.legal.length + c.colloquial.length, 0);
    expect(terms).toBeGreaterThanOrEqual(1000);
    for (const c of lexicon.concepts) expect(c.legal.length, c.id).toBeGreaterThan(0);
  });

  it("has no one-character legal terms (they would match everywhere)", () => {
    const short = lexicon.concepts.flatMap((c) => c.legal.filter((t) => [...t].length < 2).map((t) => `${c.id}:${t}`));
    expect(short).toEqual([]);
  });

  it("maps everyday wordings to the concepts statutes use", () => {
    const m = createLexiconMatcher(lexicon);
    const ids = (t: string) => m.match(t).map((c) => c.id);
    expect(ids("老公喝醉了就打我")).toEqual(expect.arrayContaining(["spouse", "domestic-violence"]));
    expect(ids("老板拖了三个月工资")).toEqual(expect.arrayContaining(["employer", "wage"]));
    expect(ids("楼上漏水")).toEqual(expect.arrayContaining(["water-leak"]));
    expect(ids("借钱不还")).toEqual(expect.arrayContaining(["loan"]));
    expect(ids("房东不退押金")).toEqual(expect.arrayContaining(["landlord", "deposit-return"]));
    // Legal wordings land on the same concepts.
    expect(ids("用人单位拖欠劳动报酬")).toEqual(expect.arrayContaining(["employer", "wage", "wage-arrears"]));
    expect(ids("今天天气不错")).toEqual([]);
  });

  it("counts repeated hits and reports concepts in order of first occurrence", () => {
    const m = createLexiconMatcher(parseLexicon({ concepts: [
      { id: "a", group: "", legal: ["劳动报酬"], colloquial: ["工资"] },
      { id: "b", group: "", legal: ["出租人"], colloquial: ["房东"] },
    ] }));
    expect(m.match("房东扣了工资，工资没了")).toEqual([{ id: "b", hits: 1 }, { id: "a", hits: 2 }]);
  });

  it("rejects malformed lexicon data", () => {
    expect(() => parseLexicon({})).toThrow(/concepts/);
    expect(() => parseLexicon({ concepts: [{ id: "x", legal: "not a list", colloquial: [] }] })).toThrow(/concept #0/);
    expect(() => parseLexicon({ concepts: [{ id: "x", legal: ["a"], colloquial: [] }, { id: "x", legal: ["b"], colloquial: [] }] })).toThrow(/unique/);
  });
});
