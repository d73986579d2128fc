import { describe, expect, it } from "vitest";
import { classificationMetrics } from "./classification.ts";

describe("classificationMetrics", () => {
  it("computes accuracy, per-label F1, macro-F1 and the confusion matrix by hand", () => {
    // gold a,a,b,c ; predicted a,b,b,a
    const m = classificationMetrics(
      [
        { gold: "a", predicted: "a" },
        { gold: "a", predicted: "b" },
        { gold: "b", predicted: "b" },
        { gold: "c", predicted: "a" },
      ],
      ["a", "b", "c"],
    );
    expect(m.accuracy).toBe(0.5);
    // a: tp1 fp1 fn1 → P .5 R .5 F .5 ; b: tp1 fp1 fn0 → P .5 R 1 F 2/3 ; c: 0
    expect(m.perLabel.a!.f1).toBeCloseTo(0.5);
    expect(m.perLabel.b!.f1).toBeCloseTo(2 / 3);
    expect(m.perLabel.c!.f1).toBe(0);
    expect(m.macroF1).toBeCloseTo((0.5 + 2 / 3 + 0) / 3);
    expect(m.confusion.labels).toEqual(["a", "b", "c"]);
    expect(m.confusion.counts).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 0],
    ]);
  });

  it("leaves labels that never occur out of macro-F1 and appends unseen labels", () => {
    const m = classificationMetrics([{ gold: "x", predicted: "y" }], ["a"]);
    expect(m.confusion.labels).toEqual(["a", "x", "y"]);
    expect(Object.keys(m.perLabel).sort()).toEqual(["x", "y"]);
    expect(m.macroF1).toBe(0);
    expect(classificationMetrics([]).accuracy).toBe(0);
  });
});
