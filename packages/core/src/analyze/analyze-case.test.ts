import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FIXTURE_NAMES, loadFixture, loadKioskQuestions } from "../../test/fixtures/fixtures.ts";
import { DEFAULT_ELEMENT_MODEL_PATH } from "../elements/classify-elements.ts";
import { isMediateError } from "../errors/mediate-error.ts";
import { CaseAnalysisSchema } from "../schema/case-analysis.ts";
import { analyzeCase } from "./analyze-case.ts";

// Element classification needs the trained weights, committed by the elements work.
const hasModel = existsSync(DEFAULT_ELEMENT_MODEL_PATH);

describe("analyzeCase", () => {
  it.each([...FIXTURE_NAMES, "wage-arrears-chain.trad", "long-ledger"] as const)("returns a schema-valid analysis for %s", (name) => {
    const text = loadFixture(name);
    const a = CaseAnalysisSchema.parse(analyzeCase(text, { id: name, schemas: [] }));
    expect(a.id).toBe(name);
    expect(a.engine).toBe("offline");
    expect(a.textLength).toBe(text.length);
    expect(a.sentences.length).toBeGreaterThan(2);
    for (const s of a.sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
    for (const p of a.contestedPoints) for (const e of p.evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
    for (const r of a.risk.reasons) for (const e of r.evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
  });

  it("assembles facts, type and risk for the wage-arrears chain", () => {
    const a = analyzeCase(loadFixture("wage-arrears-chain"), { schemas: [] });
    expect(a.type.code).toBe("labor");
    expect(a.type.alternatives.length).toBeLessThanOrEqual(3);
    expect(a.facts.amounts.some((x) => x.value === 3_700_000)).toBe(true);
    expect(a.facts.headCounts.some((h) => h.count === 103)).toBe(true);
    expect(["red", "orange"]).toContain(a.risk.level);
    expect(a.elements).toEqual([]);
  });

  it("analyses traditional text like its simplified twin, offsets into the original", () => {
    const simp = analyzeCase(loadFixture("child-support-police"), { schemas: [] });
    const trad = analyzeCase(loadFixture("child-support-police.trad"), { schemas: [] });
    expect(trad.script).toBe("traditional");
    expect(trad.type.code).toBe(simp.type.code);
    expect(trad.contestedPoints.map((p) => p.code)).toEqual(simp.contestedPoints.map((p) => p.code));
    expect(trad.facts.amounts.map((x) => x.value)).toEqual(simp.facts.amounts.map((x) => x.value));
  });

  it("handles every one-line kiosk question", () => {
    for (const q of loadKioskQuestions()) {
      const a = CaseAnalysisSchema.parse(analyzeCase(q.text, { id: q.id, schemas: [] }));
      expect(a.sentences.length).toBeGreaterThan(0);
    }
  });

  it("throws MediateError for bad input", () => {
    for (const [text, code] of [["", "empty_text"], ["\u0000\u0000", "binary_input"], ["欠".repeat(40_000), "text_too_long"]] as const) {
      try {
        analyzeCase(text);
        expect.unreachable();
      } catch (e) {
        expect(isMediateError(e) && e.code).toBe(code);
      }
    }
  });

  it.skipIf(!hasModel)("returns CAIL elements for the schema asked, or the one the type implies", () => {
    const text = loadFixture("child-support-police");
    const chosen = analyzeCase(text);
    expect(chosen.elements.every((e) => e.schema === "divorce")).toBe(true);
    const labor = analyzeCase(loadFixture("wage-arrears-chain"), { schemas: ["labor"] });
    expect(labor.elements.length).toBeGreaterThan(0);
    for (const e of labor.elements) {
      expect(e.schema).toBe("labor");
      expect(e.code).toMatch(/^LB\d+$/);
      for (const s of e.evidence) expect(s.text.length).toBeGreaterThan(0);
    }
  });
});
