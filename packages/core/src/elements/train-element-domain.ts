// Training one CAIL2019 domain: vocabulary and IDF from the training documents, k-fold
// (by document) out-of-fold probabilities to tune per-label thresholds, then a final fit
// on all training documents. The dev split never reaches this module.
import type { CailDocument, CailDomain } from "./cail-dataset.ts";
import { sentenceFeatureIds, type ElementFeatureConfig } from "./element-features.ts";
import { scoreElements, type ElementScores } from "./element-metrics.ts";
import { createDomainModel, predictVector, vectorize, type DomainModel } from "./element-model.ts";
import { trainOneVsRest, tuneThresholds, type SparseRow, type TrainerOptions } from "./linear-trainer.ts";

export type DomainTrainingOptions = {
  featureConfig: ElementFeatureConfig;
  trainer: TrainerOptions;
  /** Keep features seen in at least this many training sentences. */
  minDf: number;
  folds: number;
  /**
   * NB-SVM style scaling: each label's features are multiplied by the naive-Bayes log-count
   * ratio (smoothing `alpha`), interpolated with 1 by `mix` (0 = plain features). Off when alpha is 0.
   */
  nb: { alpha: number; mix: number };
};

// Chosen by 5-fold CV on the training split (docs/elements-model.md).
export const DEFAULT_MIN_DF = 8;
export const DEFAULT_NB = { alpha: 0, mix: 1 };

export type DomainTrainingResult = { model: DomainModel; crossValidation: ElementScores };

type Prepared = { features: Uint32Array[]; y: Uint8Array[]; docOf: number[] };

function prepare(docs: CailDocument[], labelNames: string[], config: ElementFeatureConfig): Prepared {
  const index = new Map(labelNames.map((n, i) => [n, i]));
  const features: Uint32Array[] = [];
  const y: Uint8Array[] = [];
  const docOf: number[] = [];
  docs.forEach((d, di) => {
    for (const s of d.sentences) {
      features.push(sentenceFeatureIds(s.sentence, config));
      const yi = new Uint8Array(labelNames.length);
      for (const l of s.labels) {
        const k = index.get(l);
        if (k !== undefined) yi[k] = 1;
      }
      y.push(yi);
      docOf.push(di);
    }
  });
  return { features, y, docOf };
}

function buildVocabulary(features: Uint32Array[], minDf: number): { features: Uint32Array; idf: Float32Array } {
  const df = new Map<number, number>();
  for (const fs of features) for (const f of new Set(fs)) df.set(f, (df.get(f) ?? 0) + 1);
  const kept = [...df.entries()].filter(([, n]) => n >= minDf).sort((a, b) => a[0] - b[0]);
  const N = features.length;
  return {
    features: Uint32Array.from(kept, ([f]) => f),
    idf: Float32Array.from(kept, ([, n]) => Math.log((1 + N) / (1 + n)) + 1),
  };
}

/** Per feature and label: mix·ln((p_f/|p|)/(q_f/|q|)) + (1 − mix), from binary presence counts. */
function nbRatios(rows: SparseRow[], y: Uint8Array[], F: number, L: number, alpha: number, mix: number): Float32Array {
  const p = new Float64Array(F * L).fill(alpha);
  const q = new Float64Array(F * L).fill(alpha);
  rows.forEach((r, i) => {
    const yi = y[i]!;
    for (let k = 0; k < r.idx.length; k++) {
      const base = r.idx[k]! * L;
      for (let l = 0; l < L; l++) {
        if (yi[l] === 1) p[base + l]!++;
        else q[base + l]!++;
      }
    }
  });
  const ps = new Float64Array(L);
  const qs = new Float64Array(L);
  for (let i = 0; i < p.length; i++) {
    ps[i % L]! += p[i]!;
    qs[i % L]! += q[i]!;
  }
  const out = new Float32Array(F * L);
  for (let i = 0; i < out.length; i++) {
    const l = i % L;
    out[i] = mix * Math.log(p[i]! / ps[l]! / (q[i]! / qs[l]!)) + (1 - mix);
  }
  return out;
}

export function trainDomain(domain: CailDomain, trainDocs: CailDocument[], options: DomainTrainingOptions): DomainTrainingResult {
  const labelNames = domain.labels.map((l) => l.name);
  const L = labelNames.length;
  const data = prepare(trainDocs, labelNames, options.featureConfig);
  const vocab = buildVocabulary(data.features, options.minDf);
  const F = vocab.features.length;
  const shell = createDomainModel({ schema: domain.schema, labels: domain.labels, features: vocab.features, idf: vocab.idf, weights: new Float32Array(0), bias: new Float32Array(0), thresholds: new Float32Array(0) });
  const rows: SparseRow[] = data.features.map((fs) => vectorize(shell, fs, options.featureConfig.tf));
  const scaleFor = (idx: number[]) =>
    options.nb.alpha > 0 ? nbRatios(idx.map((i) => rows[i]!), idx.map((i) => data.y[i]!), F, L, options.nb.alpha, options.nb.mix) : undefined;

  const foldOf = (i: number) => Math.min(options.folds - 1, Math.floor((data.docOf[i]! * options.folds) / trainDocs.length));
  const oof = outOfFold(rows, data.y, foldOf, F, L, options, scaleFor);
  const thresholds = tuneThresholds(oof, data.y, L);
  const crossValidation = scoreElements(
    labelNames,
    data.y.map((yi) => labelNames.filter((_, l) => yi[l] === 1)),
    oof.map((p) => labelNames.filter((_, l) => p[l]! >= thresholds[l]!)),
  );
  const final = trainOneVsRest(rows, data.y, F, L, options.trainer, scaleFor(rows.map((_, i) => i)));
  const model = createDomainModel({
    schema: domain.schema,
    labels: domain.labels,
    features: vocab.features,
    idf: vocab.idf,
    weights: final.weights,
    bias: final.bias,
    thresholds,
  });
  return { model, crossValidation };
}

/** k-fold out-of-fold probabilities; `foldOf` keeps each document's sentences in one fold. */
function outOfFold(
  rows: SparseRow[],
  y: Uint8Array[],
  foldOf: (i: number) => number,
  featureCount: number,
  L: number,
  options: DomainTrainingOptions,
  scaleFor: (idx: number[]) => Float32Array | undefined,
): Float64Array[] {
  const oof: Float64Array[] = new Array(rows.length);
  for (let k = 0; k < options.folds; k++) {
    const trIdx = rows.map((_, i) => i).filter((i) => foldOf(i) !== k);
    const m = trainOneVsRest(
      trIdx.map((i) => rows[i]!),
      trIdx.map((i) => y[i]!),
      featureCount,
      L,
      { ...options.trainer, seed: options.trainer.seed + k + 1 },
      scaleFor(trIdx),
    );
    rows.forEach((r, i) => {
      if (foldOf(i) === k) oof[i] = predictVector(m.weights, m.bias, L, r);
    });
  }
  return oof;
}
