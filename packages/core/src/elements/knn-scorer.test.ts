import { describe, expect, it } from "vitest";
import { applyKnn, buildKnnIndex, combineKnn, knnScores } from "./knn-scorer.ts";
import type { SparseRow } from "./element-model.ts";

const unit = (entries: Array<[number, number]>): SparseRow => {
  const norm = Math.hypot(...entries.map(([, v]) => v));
  return { idx: Int32Array.from(entries, ([i]) => i), val: Float32Array.from(entries, ([, v]) => v / norm) };
};

describe("kNN scorer", () => {
  // 6 features, 3 labels; label 2 has no positives.
  const positives = [
    { label: 0, row: unit([[0, 1], [1, 1]]) },
    { label: 0, row: unit([[4, 1]]) },
    { label: 1, row: unit([[2, 1], [3, 1]]) },
  ];
  const index = buildKnnIndex(positives, 6, ["max", "mean", undefined]);

  it("scores each label by its most similar positive (cosine of unit vectors)", () => {
    const s = knnScores(index, unit([[0, 1], [1, 1]]), 3);
    expect(s[0]).toBeCloseTo(1, 6);
    expect(s[1]).toBe(0);
    expect(s[2]).toBe(0);
    const half = knnScores(index, unit([[1, 1], [2, 1]]), 3);
    expect(half[0]).toBeCloseTo(0.5, 6);
    expect(half[1]).toBeCloseTo(0.5, 6);
    // The second positive of label 0 wins when it is the closer one.
    expect(knnScores(index, unit([[4, 1], [5, 1]]), 3)[0]).toBeCloseTo(Math.SQRT1_2, 6);
    // A reused scratch buffer gives the same result.
    const scratch = new Float64Array(8).fill(9);
    expect(Array.from(knnScores(index, unit([[1, 1], [2, 1]]), 3, scratch))).toEqual(Array.from(half));
  });

  it("combines with the linear probability per label mode, leaving other labels alone", () => {
    expect(combineKnn("max", 0.2, 0.7)).toBe(0.7);
    expect(combineKnn("mean", 0.2, 0.7)).toBeCloseTo(0.45, 10);
    const p = applyKnn(index, unit([[1, 1], [2, 1]]), Float64Array.from([0.1, 0.1, 0.3]));
    expect(p[0]).toBeCloseTo(0.5, 6);
    expect(p[1]).toBeCloseTo(0.3, 6);
    expect(p[2]).toBe(0.3);
  });
});
