import { describe, expect, it } from "vitest";
import { riskMetrics } from "./risk.ts";

describe("riskMetrics", () => {
  it("counts under-estimation separately and the red→green worst case", () => {
    const m = riskMetrics([
      { gold: "red", predicted: "green" }, // under by 3
      { gold: "red", predicted: "yellow" }, // under by 2
      { gold: "red", predicted: "red" },
      { gold: "orange", predicted: "red" }, // over
      { gold: "yellow", predicted: "green" }, // under by 1
    ]);
    expect(m.accuracy).toBeCloseTo(1 / 5);
    expect(m.underEstimated).toBe(3);
    expect(m.underRate).toBeCloseTo(3 / 5);
    expect(m.overEstimated).toBe(1);
    expect(m.redToGreen).toBe(1);
    expect(m.redToYellowOrGreen).toBe(2);
    expect(m.meanUnderSteps).toBeCloseTo((3 + 2 + 1) / 3);
    expect(m.confusion.labels).toEqual(["red", "orange", "yellow", "green"]);
    expect(m.confusion.counts[0]).toEqual([1, 0, 1, 1]);
  });
});
