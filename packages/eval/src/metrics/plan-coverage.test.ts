import { describe, expect, it } from "vitest";
import { planCoverage } from "./plan-coverage.ts";

describe("planCoverage", () => {
  it("measures the share of gold plan elements present", () => {
    const m = planCoverage([
      { gold: { approaches: ["a", "b"], departments: ["court"], timeLimit: "simple" }, predicted: { approaches: ["a", "z"], departments: [], timeLimit: "simple" } },
      { gold: { approaches: ["c"], departments: ["police", "court"], timeLimit: "complex" }, predicted: { approaches: ["c"], departments: ["court"], timeLimit: "simple" } },
    ]);
    expect(m.approaches).toBeCloseTo(2 / 3);
    expect(m.departments).toBeCloseTo(1 / 3);
    expect(m.timeLimit).toBe(0.5);
    expect(m.overall).toBeCloseTo((2 / 3 + 1 / 3 + 0.5) / 3);
  });
});
