// Nearest-neighbour scorer for labels with few training sentences: the label's score for a
// sentence is its highest cosine similarity to one of the label's training sentences (same
// TF-IDF vectors as the linear model). Judgments are heavily templated, so a close match to a
// labelled sentence is evidence a linear model with few positives misses. Only the positives of
// the labels CV chose are kept, so scoring is a short inverted-index scan.
import type { SparseRow } from "./element-model.ts";

/** How the kNN score s is combined with the linear probability p for a label. */
export type KnnMode = "max" | "mean";

export type KnnIndex = {
  /** Label index of every stored positive. */
  labelOf: Int32Array;
  /** CSR inverted index over vocabulary features: postings of feature f are offsets[f]..offsets[f+1]. */
  offsets: Int32Array;
  positive: Int32Array;
  value: Float32Array;
  /** Per label: how to combine (undefined = kNN not used for the label). */
  modes: Array<KnnMode | undefined>;
};

/** Builds the index from labelled positives (vectors in the model's vocabulary of F features). */
export function buildKnnIndex(positives: Array<{ label: number; row: SparseRow }>, featureCount: number, modes: Array<KnnMode | undefined>): KnnIndex {
  const counts = new Int32Array(featureCount + 1);
  for (const p of positives) for (const f of p.row.idx) counts[f + 1]!++;
  for (let f = 0; f < featureCount; f++) counts[f + 1]! += counts[f]!;
  const offsets = Int32Array.from(counts);
  const fill = Int32Array.from(counts);
  const positive = new Int32Array(offsets[featureCount]!);
  const value = new Float32Array(positive.length);
  positives.forEach((p, k) => {
    for (let j = 0; j < p.row.idx.length; j++) {
      const at = fill[p.row.idx[j]!]!++;
      positive[at] = k;
      value[at] = p.row.val[j]!;
    }
  });
  return { labelOf: Int32Array.from(positives, (p) => p.label), offsets, positive, value, modes };
}

/** Per label, the highest cosine similarity of x to one of its stored positives (0 if none). */
export function knnScores(index: KnnIndex, x: SparseRow, labelCount: number, scratch?: Float64Array): Float64Array {
  const P = index.labelOf.length;
  const dots = scratch && scratch.length >= P ? scratch.fill(0, 0, P) : new Float64Array(P);
  const { offsets, positive, value } = index;
  for (let k = 0; k < x.idx.length; k++) {
    const f = x.idx[k]!;
    const v = x.val[k]!;
    for (let j = offsets[f]!; j < offsets[f + 1]!; j++) dots[positive[j]!]! += v * value[j]!;
  }
  const out = new Float64Array(labelCount);
  for (let p = 0; p < P; p++) {
    const l = index.labelOf[p]!;
    if (dots[p]! > out[l]!) out[l] = dots[p]!;
  }
  return out;
}

export function combineKnn(mode: KnnMode, p: number, s: number): number {
  return mode === "max" ? Math.max(p, s) : (p + s) / 2;
}

/** Combines the kNN scores into the probabilities (in place) for the labels that use kNN. */
export function applyKnn(index: KnnIndex, x: SparseRow, probs: Float64Array, scratch?: Float64Array): Float64Array {
  const s = knnScores(index, x, probs.length, scratch);
  index.modes.forEach((m, l) => {
    if (m) probs[l] = combineKnn(m, probs[l]!, s[l]!);
  });
  return probs;
}
