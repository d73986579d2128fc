import { describe, expect, it } from "vitest";
import { predictVector } from "./element-model.ts";
import { DEFAULT_TRAINER_OPTIONS, NEVER_THRESHOLD, thresholdGrid, trainOneVsRest, tuneThresholds, type SparseRow } from "./linear-trainer.ts";

// Toy problem: feature 0 → label 0, feature 1 → label 1, feature 2 is noise.
function toy(n: number): { rows: SparseRow[]; y: Uint8Array[] } {
  const rows: SparseRow[] = [];
  const y: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const a = i % 3 === 0;
    const b = i % 4 === 0;
    const idx = [2, ...(a ? [0] : []), ...(b ? [1] : [])];
    const norm = Math.sqrt(idx.length);
    rows.push({ idx: Int32Array.from(idx), val: Float32Array.from(idx, () => 1 / norm) });
    y.push(Uint8Array.from([a ? 1 : 0, b ? 1 : 0]));
  }
  return { rows, y };
}

describe.each(["adagrad", "sgd"] as const)("one-vs-rest logistic regression (%s)", (optimizer) => {
  const options = { ...DEFAULT_TRAINER_OPTIONS, optimizer, epochs: 10, l2: 1e-4 };

  it("learns a separable multi-label problem", () => {
    const { rows, y } = toy(240);
    const m = trainOneVsRest(rows, y, 3, 2, options);
    let errors = 0;
    rows.forEach((r, i) => {
      const p = predictVector(m.weights, m.bias, 2, r);
      for (let l = 0; l < 2; l++) if ((p[l]! >= 0.5 ? 1 : 0) !== y[i]![l]) errors++;
    });
    expect(errors).toBe(0);
  });

  it("is deterministic for a seed", () => {
    const { rows, y } = toy(60);
    const a = trainOneVsRest(rows, y, 3, 2, options);
    const b = trainOneVsRest(rows, y, 3, 2, options);
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
    const c = trainOneVsRest(rows, y, 3, 2, { ...options, seed: 7 });
    expect(Array.from(c.weights)).not.toEqual(Array.from(a.weights));
  });
});

describe("threshold tuning", () => {
  it("picks the F1-best threshold per label and 0.5 when positives are too few", () => {
    const probs = [0.9, 0.35, 0.3, 0.1, 0.05].map((p, i) => Float64Array.from([p, i === 0 ? 0.9 : 0.1]));
    const y = [1, 1, 1, 0, 0].map((t, i) => Uint8Array.from([t, i === 0 ? 1 : 0]));
    const t = tuneThresholds(probs, y, 2);
    expect(t[0]).toBeGreaterThan(0.1);
    expect(t[0]).toBeLessThanOrEqual(0.3 + 1e-6);
    expect(t[1]).toBe(0.5);
  });
});

describe("threshold tuning per fold", () => {
  it("never predicts a label when every threshold loses to predicting nothing on the folds", () => {
    // Label 0: one positive in fold 0 that scores low; high-scoring negatives in the other folds.
    const probs = [0.1, 0.9, 0.8, 0.2].map((p) => Float64Array.from([p]));
    const y = [1, 0, 0, 0].map((t) => Uint8Array.from([t]));
    const groups = { of: Int32Array.from([0, 1, 2, 3]), count: 4 };
    const t = tuneThresholds(probs, y, 1, { minPositives: 3, grid: thresholdGrid(), groups });
    expect(t[0]).toBe(NEVER_THRESHOLD);
  });

  it("keeps a working threshold for a label that is found", () => {
    const probs = [0.9, 0.8, 0.2, 0.1].map((p) => Float64Array.from([p]));
    const y = [1, 1, 0, 0].map((t) => Uint8Array.from([t]));
    const groups = { of: Int32Array.from([0, 1, 0, 1]), count: 2 };
    const t = tuneThresholds(probs, y, 1, { minPositives: 3, grid: thresholdGrid(), groups });
    expect(t[0]).toBeGreaterThan(0.2);
    expect(t[0]).toBeLessThanOrEqual(0.8);
  });
});

describe("NB feature scaling", () => {
  it("trains on scaled features and folds the scale into the weights", () => {
    const { rows, y } = toy(120);
    const scale = Float32Array.from([2, 1, 1, 2, 0.5, 0.5]);
    const m = trainOneVsRest(rows, y, 3, 2, { ...DEFAULT_TRAINER_OPTIONS, epochs: 10, l2: 1e-4 }, scale);
    let errors = 0;
    rows.forEach((r, i) => {
      const p = predictVector(m.weights, m.bias, 2, r);
      for (let l = 0; l < 2; l++) if ((p[l]! >= 0.5 ? 1 : 0) !== y[i]![l]) errors++;
    });
    expect(errors).toBe(0);
  });
});
