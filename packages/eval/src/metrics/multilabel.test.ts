import { describe, expect, it } from "vitest";
import { cailScore, meanItemF1, multiLabelMetrics } from "./multilabel.ts";

describe("multiLabelMetrics", () => {
  it("computes micro, macro and per-label P/R/F1", () => {
    // item1 gold {a,b} pred {a}; item2 gold {b} pred {b,c}; item3 gold {} pred {}
    const m = multiLabelMetrics([
      { gold: ["a", "b"], predicted: ["a"] },
      { gold: ["b"], predicted: ["b", "c"] },
      { gold: [], predicted: [] },
    ]);
    // a tp1; b tp1 fn1; c fp1 → micro tp2 fp1 fn1: P 2/3 R 2/3
    expect(m.micro.precision).toBeCloseTo(2 / 3);
    expect(m.micro.recall).toBeCloseTo(2 / 3);
    expect(m.micro.f1).toBeCloseTo(2 / 3);
    expect(m.perLabel.a).toMatchObject({ tp: 1, fp: 0, fn: 0, f1: 1 });
    expect(m.perLabel.b).toMatchObject({ tp: 1, fp: 0, fn: 1, precision: 1, recall: 0.5 });
    expect(m.perLabel.b!.f1).toBeCloseTo(2 / 3);
    expect(m.perLabel.c).toMatchObject({ tp: 0, fp: 1, fn: 0, f1: 0 });
    expect(m.macro.f1).toBeCloseTo((1 + 2 / 3 + 0) / 3);
    expect(cailScore(m)).toBeCloseTo((2 / 3 + 5 / 9) / 2);
  });

  it("with a full label set, scores never-seen labels 1 in the macro average (CAIL judger)", () => {
    const m = multiLabelMetrics([{ gold: ["a"], predicted: ["b"] }], { labels: ["a", "b", "z"] });
    // a: fn1 → 0 ; b: fp1 → 0 ; z: untouched → 1
    expect(m.perLabel.z).toMatchObject({ precision: 1, recall: 1, f1: 1 });
    expect(m.macro.f1).toBeCloseTo(1 / 3);
    expect(m.micro.f1).toBe(0);
  });

  it("averages per-item F1 over items with gold labels", () => {
    // {a,b} vs {a}: 2·1/3 ; {} vs {c}: skipped ; {c} vs {}: 0
    expect(meanItemF1([{ gold: ["a", "b"], predicted: ["a"] }, { gold: [], predicted: ["c"] }, { gold: ["c"], predicted: [] }])).toBeCloseTo(1 / 3);
  });

  it("counts duplicates once and handles no labels at all", () => {
    const m = multiLabelMetrics([{ gold: ["a", "a"], predicted: ["a", "a"] }]);
    expect(m.perLabel.a).toMatchObject({ tp: 1 });
    const empty = multiLabelMetrics([{ gold: [], predicted: [] }]);
    expect(empty.micro.f1).toBe(0);
    expect(empty.macro.f1).toBe(0);
  });
});
