import { describe, expect, it } from "vitest";
import { scoreElements } from "./element-metrics.ts";

describe("CAIL element scoring", () => {
  it("computes micro, macro, the CAIL score and mean sentence F1", () => {
    const labels = ["A", "B", "C"];
    const gold = [["A"], ["A", "B"], [], ["B"]];
    const pred = [["A"], ["A"], ["B"], []];
    const s = scoreElements(labels, gold, pred);
    // A: tp 2; B: tp 0 fp 1 fn 2; C: nothing anywhere → 1 (official judger).
    expect(s.perLabel.map((p) => p.f1)).toEqual([1, 0, 1]);
    expect(s.microF1).toBeCloseTo((2 * 2) / (2 * 2 + 1 + 2), 10);
    expect(s.macroF1).toBeCloseTo(2 / 3, 10);
    expect(s.cailScore).toBeCloseTo((s.microF1 + s.macroF1) / 2, 10);
    // Labelled sentences: 1, 2/3, 0.
    expect(s.meanSentenceF1).toBeCloseTo((1 + 2 / 3 + 0) / 3, 10);
  });

  it("rejects mismatched lengths", () => {
    expect(() => scoreElements(["A"], [[]], [])).toThrow();
  });
});
