// One-vs-rest L2 logistic regression trained by AdaGrad over sparse TF-IDF rows. Small,
// deterministic (seeded shuffle) and fast enough to cross-validate in seconds.
import { predictVector, sigmoid, type SparseRow } from "./element-model.ts";

export type { SparseRow };

export type TrainerOptions = {
  /**
   * "adagrad": per-weight adaptive steps, L2 applied to touched weights only.
   * "sgd": plain SGD with exact (lazy, scaled) L2 over all weights and the 1/(λ(t0+t)) schedule.
   */
  optimizer: "adagrad" | "sgd";
  epochs: number;
  /** AdaGrad base learning rate. */
  learningRate: number;
  /** L2 penalty applied to touched weights at every step. */
  l2: number;
  /** Positive-class weight = min(maxPositiveWeight, (neg/pos)^positiveWeightPower). */
  positiveWeightPower: number;
  maxPositiveWeight: number;
  seed: number;
  /** sgd only: average the end-of-epoch weights from this epoch on (0-based; ≥ epochs = no averaging). */
  averageFrom?: number;
};

// Chosen by 5-fold CV on the training split (docs/elements-model.md).
export const DEFAULT_TRAINER_OPTIONS: TrainerOptions = {
  optimizer: "sgd",
  epochs: 15,
  averageFrom: 5,
  learningRate: 0.5,
  l2: 1e-5,
  positiveWeightPower: 0.5,
  maxPositiveWeight: 10,
  seed: 20190701,
};

export type LinearModel = { weights: Float32Array; bias: Float32Array; labels: number };

/** Deterministic PRNG (mulberry32) so training runs reproduce bit for bit. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** @param y y[i][l] = 1 when row i carries label l. */
export function trainOneVsRest(
  rows: SparseRow[],
  y: Uint8Array[],
  featureCount: number,
  labelCount: number,
  options: TrainerOptions = DEFAULT_TRAINER_OPTIONS,
  featureScale?: Float32Array,
): LinearModel {
  if (options.optimizer === "sgd") return trainSgd(rows, y, featureCount, labelCount, options, featureScale);
  const L = labelCount;
  const weights = new Float32Array(featureCount * L);
  const gw = new Float32Array(featureCount * L);
  const bias = new Float32Array(L);
  const gb = new Float32Array(L);
  const pos = new Array<number>(L).fill(0);
  for (const yi of y) for (let l = 0; l < L; l++) pos[l]! += yi[l]!;
  const posWeight = pos.map((p) => {
    if (p === 0) return 1;
    return Math.min(options.maxPositiveWeight, Math.max(1, ((rows.length - p) / p) ** options.positiveWeightPower));
  });
  // Start biases at the prior log-odds so rare labels don't spend epochs getting there.
  for (let l = 0; l < L; l++) {
    const prior = Math.min(0.99, Math.max(0.001, pos[l]! / Math.max(1, rows.length)));
    bias[l] = Math.log(prior / (1 - prior));
  }
  const order = rows.map((_, i) => i);
  const rand = mulberry32(options.seed);
  const eta = options.learningRate;
  const eps = 1e-8;
  const grad = new Float64Array(L);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const r of order) {
      const x = rows[r]!;
      const yi = y[r]!;
      const p = predictVector(weights, bias, L, x);
      for (let l = 0; l < L; l++) {
        const t = yi[l]!;
        grad[l] = (p[l]! - t) * (t === 1 ? posWeight[l]! : 1);
        gb[l]! += grad[l]! * grad[l]!;
        bias[l]! -= (eta * grad[l]!) / (Math.sqrt(gb[l]!) + eps);
      }
      for (let k = 0; k < x.idx.length; k++) {
        const base = x.idx[k]! * L;
        const v = x.val[k]!;
        for (let l = 0; l < L; l++) {
          const w = base + l;
          const g = grad[l]! * v + options.l2 * weights[w]!;
          gw[w]! += g * g;
          weights[w]! -= (eta * g) / (Math.sqrt(gw[w]!) + eps);
        }
      }
    }
  }
  return { weights, bias, labels: L };
}

function positiveWeights(y: Uint8Array[], n: number, L: number, options: TrainerOptions): { pos: number[]; weight: number[] } {
  const pos = new Array<number>(L).fill(0);
  for (const yi of y) for (let l = 0; l < L; l++) pos[l]! += yi[l]!;
  const weight = pos.map((p) => (p === 0 ? 1 : Math.min(options.maxPositiveWeight, Math.max(1, ((n - p) / p) ** options.positiveWeightPower))));
  return { pos, weight };
}

// L2-regularised logistic loss by SGD; w = scale * v so the decay of every weight is O(1).
// With `featureScale` r (F×L, e.g. NB log-count ratios) the model is w = r ⊙ v and L2 acts on v.
function trainSgd(rows: SparseRow[], y: Uint8Array[], featureCount: number, L: number, options: TrainerOptions, featureScale?: Float32Array): LinearModel {
  const v = new Float64Array(featureCount * L);
  const rs = featureScale ?? new Float32Array(featureCount * L).fill(1);
  const bias = new Float32Array(L);
  const { pos, weight } = positiveWeights(y, rows.length, L, options);
  for (let l = 0; l < L; l++) {
    const prior = Math.min(0.99, Math.max(0.001, pos[l]! / Math.max(1, rows.length)));
    bias[l] = Math.log(prior / (1 - prior));
  }
  const lambda = options.l2;
  const t0 = 1 / (lambda * options.learningRate);
  let scale = 1;
  let t = 0;
  const order = rows.map((_, i) => i);
  const rand = mulberry32(options.seed);
  const z = new Float64Array(L);
  const averageFrom = options.averageFrom ?? options.epochs;
  const avgW = averageFrom < options.epochs ? new Float64Array(v.length) : new Float64Array(0);
  const avgB = new Float64Array(L);
  let snapshots = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const r of order) {
      const eta = 1 / (lambda * (t0 + t++));
      const x = rows[r]!;
      const yi = y[r]!;
      z.fill(0);
      for (let k = 0; k < x.idx.length; k++) {
        const base = x.idx[k]! * L;
        const xv = x.val[k]!;
        for (let l = 0; l < L; l++) z[l] = z[l]! + xv * v[base + l]! * rs[base + l]!;
      }
      scale *= 1 - eta * lambda;
      for (let l = 0; l < L; l++) {
        const p = sigmoid(bias[l]! + (scale / (1 - eta * lambda)) * z[l]!);
        const g = (p - yi[l]!) * (yi[l] === 1 ? weight[l]! : 1);
        z[l] = g;
        bias[l]! -= eta * g;
      }
      const step = eta / scale;
      for (let k = 0; k < x.idx.length; k++) {
        const base = x.idx[k]! * L;
        const xv = x.val[k]! * step;
        for (let l = 0; l < L; l++) v[base + l]! -= z[l]! * xv * rs[base + l]!;
      }
      if (scale < 1e-6) {
        for (let i = 0; i < v.length; i++) v[i]! *= scale;
        scale = 1;
      }
    }
    if (epoch >= averageFrom) {
      // Averaging late iterates smooths SGD's noise (Polyak–Ruppert, per epoch).
      snapshots++;
      for (let i = 0; i < v.length; i++) avgW[i]! += v[i]! * scale;
      for (let l = 0; l < L; l++) avgB[l]! += bias[l]!;
    }
  }
  const weights = new Float32Array(v.length);
  if (snapshots === 0) {
    for (let i = 0; i < v.length; i++) weights[i] = v[i]! * scale * rs[i]!;
    return { weights, bias, labels: L };
  }
  for (let i = 0; i < v.length; i++) weights[i] = (avgW[i]! / snapshots) * rs[i]!;
  return { weights, bias: Float32Array.from(avgB, (b) => b / snapshots), labels: L };
}

/** A threshold no probability reaches: the label is never predicted. */
export const NEVER_THRESHOLD = 2;

export type ThresholdOptions = {
  minPositives: number;
  grid: number[];
  /**
   * Group (fold) of every row. When given, a threshold is scored by the mean F1 over groups,
   * counting a group with no gold and no prediction as 1 (the CAIL judger's rule), and
   * "never predict" is a candidate: this is what a label scores on a new split of that size.
   */
  groups?: { of: Int32Array; count: number };
};

/** Threshold per label maximising held-out F1; 0.5 when too few positives to tell. */
export function tuneThresholds(probs: Float64Array[], y: Uint8Array[], labelCount: number, options: ThresholdOptions = { minPositives: 3, grid: thresholdGrid() }): Float32Array {
  const out = new Float32Array(labelCount);
  for (let l = 0; l < labelCount; l++) out[l] = tuneLabelThreshold(probs, y, l, options).threshold;
  return out;
}

/**
 * The best threshold of one label and its held-out F1 (mean over groups when grouped). Without
 * groups, a label with fewer than `minPositives` positives keeps 0.5 (score NaN: not tuned).
 */
export function tuneLabelThreshold(probs: Float64Array[], y: Uint8Array[], l: number, options: ThresholdOptions): { threshold: number; score: number } {
  const G = options.groups?.count ?? 1;
  const groupOf = (i: number) => options.groups?.of[i] ?? 0;
  // "Never" goes first so a threshold must beat silence strictly to be kept.
  const grid = options.groups ? [NEVER_THRESHOLD, ...options.grid] : options.grid;
  let positives = 0;
  for (const yi of y) positives += yi[l]!;
  if (positives < options.minPositives && !options.groups) return { threshold: 0.5, score: Number.NaN };
  let best = -1;
  let bestT = 0.5;
  const tp = new Int32Array(G);
  const fp = new Int32Array(G);
  const fn = new Int32Array(G);
  for (const t of grid) {
    tp.fill(0);
    fp.fill(0);
    fn.fill(0);
    for (let i = 0; i < probs.length; i++) {
      const g = groupOf(i);
      const gold = y[i]![l] === 1;
      if (probs[i]![l]! >= t) {
        if (gold) tp[g]!++;
        else fp[g]!++;
      } else if (gold) fn[g]!++;
    }
    let f1 = 0;
    for (let g = 0; g < G; g++) {
      if (options.groups && tp[g] === 0 && fp[g] === 0 && fn[g] === 0) f1 += 1;
      else f1 += tp[g] === 0 ? 0 : (2 * tp[g]!) / (2 * tp[g]! + fp[g]! + fn[g]!);
    }
    f1 /= G;
    // Prefer thresholds nearer 0.5 on ties: less extreme, more stable on new text.
    const tie = Math.abs(f1 - best) <= 1e-9 && bestT !== NEVER_THRESHOLD && Math.abs(t - 0.5) < Math.abs(bestT - 0.5);
    if (f1 > best + 1e-9 || tie) {
      best = f1;
      bestT = t;
    }
  }
  return { threshold: bestT, score: best };
}

export function thresholdGrid(): number[] {
  const grid: number[] = [];
  for (let t = 0.05; t <= 0.951; t += 0.025) grid.push(Math.round(t * 1000) / 1000);
  return grid;
}
