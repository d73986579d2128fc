// Second stage: per-label logistic layer over the first stage's probabilities of the same label
// in the sentence's document context. CAIL annotators mark runs of sentences about one fact, and
// a judgment states a fact in one place and refers to it elsewhere, so a sentence next to (or in a
// document with) a confident one is more likely labelled. Trained on out-of-fold first-stage
// probabilities; CV decides per label whether it replaces the first stage.

/** Features: logit of own p, previous / next sentence's p, the document's highest other p, bias. */
export const CONTEXT_FEATURES = 5;

export type ContextLayer = {
  /** Per label index: weights of the CONTEXT_FEATURES features, or undefined = first stage as is. */
  weights: Array<Float64Array | undefined>;
};

function logit(p: number): number {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
}

/** The context features of sentence i for label l; probs are one document's first-stage probabilities. */
export function contextFeatures(probs: ArrayLike<number>[], i: number, l: number, docMaxExcept: number, out = new Float64Array(CONTEXT_FEATURES)): Float64Array {
  out[0] = logit(probs[i]![l]!);
  out[1] = i > 0 ? probs[i - 1]![l]! : 0;
  out[2] = i + 1 < probs.length ? probs[i + 1]![l]! : 0;
  out[3] = docMaxExcept;
  out[4] = 1;
  return out;
}

/** For each sentence, the highest probability of label l among the other sentences (0 if none). */
function docMaxOthers(probs: ArrayLike<number>[], l: number): Float64Array {
  const n = probs.length;
  let best = -1;
  let bestAt = -1;
  let second = 0;
  for (let i = 0; i < n; i++) {
    const p = probs[i]![l]!;
    if (p > best) {
      second = Math.max(second, best);
      best = p;
      bestAt = i;
    } else if (p > second) second = p;
  }
  return Float64Array.from({ length: n }, (_, i) => (i === bestAt ? Math.max(0, second) : Math.max(0, best)));
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Solves A x = b (A symmetric positive definite, small) by Gaussian elimination with pivoting. */
function solve(A: Float64Array, b: Float64Array, n: number): Float64Array {
  const M = Float64Array.from(A);
  const x = Float64Array.from(b);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r * n + c]!) > Math.abs(M[piv * n + c]!)) piv = r;
    if (piv !== c) {
      for (let k = 0; k < n; k++) [M[c * n + k], M[piv * n + k]] = [M[piv * n + k]!, M[c * n + k]!];
      [x[c], x[piv]] = [x[piv]!, x[c]!];
    }
    const d = M[c * n + c]!;
    if (Math.abs(d) < 1e-12) continue;
    for (let r = c + 1; r < n; r++) {
      const f = M[r * n + c]! / d;
      if (f === 0) continue;
      for (let k = c; k < n; k++) M[r * n + k]! -= f * M[c * n + k]!;
      x[r]! -= f * x[c]!;
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    let s = x[c]!;
    for (let k = c + 1; k < n; k++) s -= M[c * n + k]! * x[k]!;
    const d = M[c * n + c]!;
    x[c] = Math.abs(d) < 1e-12 ? 0 : s / d;
  }
  return x;
}

/**
 * L2-regularised logistic regression by Newton's method on dense rows (n × CONTEXT_FEATURES,
 * last column the bias, not penalised). Deterministic.
 */
export function fitLogistic(rows: Float64Array[], y: Uint8Array, l2 = 1e-2, iterations = 25): Float64Array {
  const n = CONTEXT_FEATURES;
  let w = new Float64Array(n);
  w[0] = 1; // start at the first stage itself
  for (let it = 0; it < iterations; it++) {
    const g = new Float64Array(n);
    const H = new Float64Array(n * n);
    for (let i = 0; i < rows.length; i++) {
      const x = rows[i]!;
      let z = 0;
      for (let k = 0; k < n; k++) z += w[k]! * x[k]!;
      const p = sigmoid(z);
      const r = p - y[i]!;
      const s = Math.max(1e-9, p * (1 - p));
      for (let a = 0; a < n; a++) {
        g[a]! += r * x[a]!;
        for (let b = 0; b < n; b++) H[a * n + b]! += s * x[a]! * x[b]!;
      }
    }
    for (let a = 0; a < n - 1; a++) {
      g[a]! += l2 * rows.length * (w[a]! - (a === 0 ? 1 : 0));
      H[a * n + a]! += l2 * rows.length;
    }
    const step = solve(H, g, n);
    let moved = 0;
    w = w.map((v, k) => {
      moved = Math.max(moved, Math.abs(step[k]!));
      return v - step[k]!;
    });
    if (moved < 1e-8) break;
  }
  return w;
}

/** Context features of label l for every sentence of every document (rows in document order). */
export function labelContextRows(docs: ArrayLike<number>[][], l: number): Float64Array[] {
  const rows: Float64Array[] = [];
  for (const probs of docs) {
    const others = docMaxOthers(probs, l);
    for (let i = 0; i < probs.length; i++) rows.push(contextFeatures(probs, i, l, others[i]!));
  }
  return rows;
}

/** Second-stage probabilities of one document (labels without a layer keep the first stage's). */
export function applyContextLayer(layer: ContextLayer, probs: Float64Array[]): Float64Array[] {
  const out = probs.map((p) => Float64Array.from(p));
  const x = new Float64Array(CONTEXT_FEATURES);
  layer.weights.forEach((w, l) => {
    if (!w) return;
    const others = docMaxOthers(probs, l);
    for (let i = 0; i < probs.length; i++) {
      contextFeatures(probs, i, l, others[i]!, x);
      let z = 0;
      for (let k = 0; k < CONTEXT_FEATURES; k++) z += w[k]! * x[k]!;
      out[i]![l] = sigmoid(z);
    }
  });
  return out;
}
