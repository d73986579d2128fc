import { describe, expect, it } from "vitest";
import { rankingMetrics } from "./ranking.ts";

const r = (article: number) => ({ law: "L", article });

describe("rankingMetrics", () => {
  it("computes hit@k, full@k, recall, MRR@10 and citation precision", () => {
    const m = rankingMetrics(
      [
        // gold {1,2}: 1 at rank 2, 2 at rank 3
        { gold: [r(1), r(2)], ranked: [r(9), r(1), r(2)] },
        // gold {5}: not found
        { gold: [r(5)], ranked: [r(6), r(7)] },
        // no gold: skipped
        { gold: [], ranked: [r(1)] },
      ],
      3,
    );
    expect(m.n).toBe(2);
    expect(m.hitAtK).toEqual([0, 0.5, 0.5]);
    expect(m.fullAtK).toEqual([0, 0, 0.5]);
    expect(m.recallAtK).toBeCloseTo((1 + 0) / 2);
    expect(m.mrrAt10).toBeCloseTo((1 / 2 + 0) / 2);
    // cited 3 + 2 = 5, gold among them 2
    expect(m.citationPrecision).toBeCloseTo(2 / 5);
  });

  it("counts a repeated article once", () => {
    const m = rankingMetrics([{ gold: [r(1)], ranked: [r(1), r(1), r(1)] }], 3);
    expect(m.citationPrecision).toBe(1);
    expect(m.hitAtK).toEqual([1, 1, 1]);
  });
});
