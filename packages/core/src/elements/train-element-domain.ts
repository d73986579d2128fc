// Training one CAIL2019 domain: vocabulary and IDF from the training documents, k-fold
// (by document) out-of-fold probabilities to tune per-label thresholds, then a final fit
// on all training documents. The dev split never reaches this module.
import type { CailDocument, CailDomain } from "./cail-dataset.ts";
import { sentenceFeatureIds, type ElementFeatureConfig } from "./element-features.ts";
import { scoreElements, type ElementScores } from "./element-metrics.ts";
import { createDomainModel, predictDomain, vectorize, type DomainModel } from "./element-model.ts";
import { thresholdGrid, trainOneVsRest, tuneThresholds, type SparseRow, type TrainerOptions } from "./linear-trainer.ts";

export type DomainTrainingOptions = {
  featureConfig: ElementFeatureConfig;
  trainer: TrainerOptions;
  /** Keep features seen in at least this many training sentences. */
  minDf: number;
  folds: number;
  /** Tune thresholds for the mean per-fold F1 (never-predict allowed) rather than pooled F1. */
  foldThresholds: boolean;
  /** Rare but label-indicative features to keep below min-df; labelMinCount 0 = off. */
  labelFeatures: { labelMinCount: number; labelMinPrecision: number };
  /**
   * NB-SVM style scaling: each label's features are multiplied by the naive-Bayes log-count
   * ratio (smoothing `alpha`), interpolated with 1 by `mix` (0 = plain features). Off when alpha is 0.
   */
  nb: { alpha: number; mix: number };
};

// Chosen by 5-fold CV on the training split (docs/elements-model.md).
export const DEFAULT_MIN_DF = 8;
export const DEFAULT_NB = { alpha: 0, mix: 1 };
export const DEFAULT_LABEL_FEATURES = { labelMinCount: 0, labelMinPrecision: 0.5 };

export type DomainTrainingResult = {
  model: DomainModel;
  /** Pooled out-of-fold scores over the whole training split. */
  crossValidation: ElementScores;
  /** Mean of the per-fold CAIL scores (each fold about the size of the dev split). */
  foldMeanScore: number;
};

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

/**
 * Features seen in ≥ minDf training sentences, plus rarer ones that are label-indicative: at
 * least `labelMinCount` sentences of one label and that label in ≥ `labelMinPrecision` of the
 * feature's sentences (keeps the key phrases of rare labels that min-df would drop).
 */
function buildVocabulary(features: Uint32Array[], y: Uint8Array[], L: number, options: DomainTrainingOptions): { features: Uint32Array; idf: Float32Array } {
  const df = new Map<number, number>();
  const perLabel = new Map<number, Int32Array>();
  const { labelMinCount, labelMinPrecision } = options.labelFeatures;
  features.forEach((fs, i) => {
    const yi = y[i]!;
    const labelled = labelMinCount > 0 && yi.some((v) => v === 1);
    for (const f of new Set(fs)) {
      df.set(f, (df.get(f) ?? 0) + 1);
      if (!labelled) continue;
      let c = perLabel.get(f);
      if (!c) perLabel.set(f, (c = new Int32Array(L)));
      for (let l = 0; l < L; l++) c[l]! += yi[l]!;
    }
  });
  const keep = (f: number, n: number) => {
    if (n >= options.minDf) return true;
    const c = perLabel.get(f);
    if (!c || n < 2) return false;
    for (let l = 0; l < L; l++) if (c[l]! >= labelMinCount && c[l]! >= labelMinPrecision * n) return true;
    return false;
  };
  const kept = [...df.entries()].filter(([f, n]) => keep(f, n)).sort((a, b) => a[0] - b[0]);
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

/** Vocabulary, vectors and weights from the given training sentences (thresholds left at 0.5). */
function fit(domain: CailDomain, data: Prepared, idx: number[], options: DomainTrainingOptions, seed: number): DomainModel {
  const L = domain.labels.length;
  const feats = idx.map((i) => data.features[i]!);
  const y = idx.map((i) => data.y[i]!);
  const vocab = buildVocabulary(feats, y, L, options);
  const F = vocab.features.length;
  const shell = createDomainModel({ schema: domain.schema, labels: domain.labels, features: vocab.features, idf: vocab.idf, weights: new Float32Array(0), bias: new Float32Array(0), thresholds: new Float32Array(0) });
  const rows: SparseRow[] = feats.map((fs) => vectorize(shell, fs, options.featureConfig.tf));
  const scale = options.nb.alpha > 0 ? nbRatios(rows, y, F, L, options.nb.alpha, options.nb.mix) : undefined;
  const m = trainOneVsRest(rows, y, F, L, { ...options.trainer, seed }, scale);
  return createDomainModel({ ...shell, weights: m.weights, bias: m.bias, thresholds: new Float32Array(L).fill(0.5) });
}

export function trainDomain(domain: CailDomain, trainDocs: CailDocument[], options: DomainTrainingOptions): DomainTrainingResult {
  const labelNames = domain.labels.map((l) => l.name);
  const L = labelNames.length;
  const data = prepare(trainDocs, labelNames, options.featureConfig);
  const all = data.y.map((_, i) => i);
  // k-fold by document: every fold step (vocabulary included) sees only its training folds.
  const foldOf = (i: number) => Math.min(options.folds - 1, Math.floor((data.docOf[i]! * options.folds) / trainDocs.length));
  const oof: Float64Array[] = new Array(all.length);
  for (let k = 0; k < options.folds; k++) {
    const m = fit(domain, data, all.filter((i) => foldOf(i) !== k), options, options.trainer.seed + k + 1);
    for (const i of all) if (foldOf(i) === k) oof[i] = predictDomain(m, vectorize(m, data.features[i]!, options.featureConfig.tf));
  }
  const groups = { of: Int32Array.from(all, foldOf), count: options.folds };
  const thresholds = tuneThresholds(oof, data.y, L, { minPositives: 3, grid: thresholdGrid(), ...(options.foldThresholds ? { groups } : {}) });
  const gold = data.y.map((yi) => labelNames.filter((_, l) => yi[l] === 1));
  const predicted = oof.map((p) => labelNames.filter((_, l) => p[l]! >= thresholds[l]!));
  const crossValidation = scoreElements(labelNames, gold, predicted);
  let foldMeanScore = 0;
  for (let k = 0; k < options.folds; k++) {
    const inFold = all.filter((i) => foldOf(i) === k);
    foldMeanScore += scoreElements(labelNames, inFold.map((i) => gold[i]!), inFold.map((i) => predicted[i]!)).cailScore / options.folds;
  }
  const model = fit(domain, data, all, options, options.trainer.seed);
  return { model: { ...model, thresholds }, crossValidation, foldMeanScore };
}
