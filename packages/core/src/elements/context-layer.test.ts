import { describe, expect, it } from "vitest";
import { applyContextLayer, CONTEXT_FEATURES, contextFeatures, fitLogistic, labelContextRows } from "./context-layer.ts";
import { mulberry32 } from "./linear-trainer.ts";

describe("context layer", () => {
  it("builds the features from the neighbours and the rest of the document", () => {
    const doc = [Float64Array.from([0.9]), Float64Array.from([0.2]), Float64Array.from([0.6])];
    const rows = labelContextRows([doc], 0);
    expect(rows).toHaveLength(3);
    expect(rows[1]![0]).toBeCloseTo(Math.log(0.2 / 0.8), 6);
    expect(rows[1]![1]).toBe(0.9);
    expect(rows[1]![2]).toBe(0.6);
    expect(rows[1]![3]).toBe(0.9); // best other sentence
    expect(rows[0]![3]).toBe(0.6); // the best sentence sees the second best
    expect(rows[0]![1]).toBe(0); // no previous sentence
    expect(rows[2]![2]).toBe(0); // no next sentence
    expect(contextFeatures([Float64Array.from([0.5])], 0, 0, 0)[4]).toBe(1);
  });

  it("learns that a weak sentence next to a confident one is labelled, and applies per label", () => {
    // Synthetic documents: the gold label runs over neighbouring sentences; the first stage is
    // confident only on the run's first sentence and lukewarm on the rest.
    const rand = mulberry32(7);
    const docs: Float64Array[][] = [];
    const gold: number[] = [];
    for (let d = 0; d < 200; d++) {
      const doc: Float64Array[] = [];
      const start = Math.floor(rand() * 6);
      for (let i = 0; i < 8; i++) {
        const inRun = i >= start && i < start + 2;
        const p = i === start ? 0.9 : 0.3 + 0.1 * rand();
        doc.push(Float64Array.from([p, 0.5]));
        gold.push(inRun ? 1 : 0);
      }
      docs.push(doc);
    }
    const w = fitLogistic(labelContextRows(docs, 0), Uint8Array.from(gold), 1e-4);
    expect(w).toHaveLength(CONTEXT_FEATURES);
    expect(w[1]).toBeGreaterThan(1); // previous sentence's probability raises this one's
    const out = applyContextLayer({ weights: [w, undefined] }, docs[0]!);
    const start = docs[0]!.findIndex((p) => p[0] === 0.9);
    expect(out[start + 1]![0]).toBeGreaterThan(0.5);
    expect(out[start + 1]![0]).toBeGreaterThan(docs[0]![start + 1]![0]!);
    // Labels without a layer keep the first stage's probability.
    out.forEach((p) => expect(p[1]).toBe(0.5));
  });
});
