import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FIXTURE_NAMES, loadFixture } from "../../test/fixtures/fixtures.ts";
import { loadTaxonomy } from "./load-taxonomy.ts";
import { requiredLiterals } from "./required-literals.ts";

const taxonomyPatterns = (() => {
  const t = loadTaxonomy();
  return [...t.points, ...t.types.types, ...t.risk.signals].flatMap((x) => x.cues.patterns);
})();

describe("requiredLiterals", () => {
  it("combines adjacent fixed parts into longer literals", () => {
    expect(requiredLiterals("离[了]?婚")?.sort()).toEqual(["离了婚", "离婚"]);
    expect(requiredLiterals("(医药|医疗|误工)费")?.sort()).toEqual(["医疗费", "医药费", "误工费"]);
  });

  it("picks the most selective part of a sequence", () => {
    // Either group is necessary; the one of two-character words is the better trigger.
    expect(requiredLiterals("(拒付|不付|扣)[^，。]{0,6}(运费|货款)")?.sort()).toEqual(["货款", "运费"]);
    expect(requiredLiterals("被[^，。]{0,4}打得")).toEqual(["打得"]);
  });

  it("unions the alternatives of a disjunction and gives up when one is open", () => {
    expect(requiredLiterals("欠薪|拖欠工资")?.sort()).toEqual(["拖欠工资", "欠薪"]);
    expect(requiredLiterals("欠薪|[^，]+工资")).toEqual(["欠薪", "工资"]);
    expect(requiredLiterals("欠薪|.{2}")).toBeUndefined();
  });

  it("has no requirement for optional, negated, wildcard or case-insensitive patterns", () => {
    expect(requiredLiterals("(欠薪)?")).toBeUndefined();
    expect(requiredLiterals("[^，。]{2,}")).toBeUndefined();
    expect(requiredLiterals(".+")).toBeUndefined();
    expect(requiredLiterals("ktv", "gi")).toBeUndefined();
    expect(requiredLiterals("(?<=欠)[^，]+")).toBeUndefined();
    expect(requiredLiterals("(unclosed")).toBeUndefined();
  });

  it("derives a requirement for every taxonomy pattern", () => {
    for (const source of taxonomyPatterns) expect(requiredLiterals(source, "gd"), source).toBeDefined();
  });

  it("is sound: every match of a taxonomy pattern contains one of its literals (fixtures and random text)", () => {
    const check = (text: string) => {
      for (const source of taxonomyPatterns) {
        const req = requiredLiterals(source, "gd") ?? [];
        for (const m of text.matchAll(new RegExp(source, "g"))) {
          expect(req.some((lit) => m[0].includes(lit)), `${source} on ${m[0]}`).toBe(true);
        }
      }
    };
    for (const name of FIXTURE_NAMES) check(loadFixture(name));
    // Characters the patterns are made of, so random strings do match some of them.
    const chars = [...new Set(taxonomyPatterns.join("").replace(/[\\\[\]{}()?*+|^$.,:<>!=0-9]/g, ""))];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars, "，", "。", "3", "万"), { maxLength: 60 }), (a) => check(a.join(""))),
      { numRuns: 150 },
    );
  });
});
