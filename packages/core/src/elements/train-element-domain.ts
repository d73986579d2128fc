// Training one CAIL2019 domain: vocabulary and IDF from the training documents, k-fold
// (by document) out-of-fold probabilities to tune per-label thresholds, then a final fit
// on all training documents. The dev split never reaches this module.
import type { CailDocument, CailDomain } from "./cail-dataset.ts";
import { sentenceFeatures, type ElementFeatureConfig } from "./element-features.ts";
import { scoreElements, type ElementScores } from "./element-metrics.ts";
import { createDomainModel, predictVector, vectorize, type DomainModel } from "./element-model.ts";
import { trainOneVsRest, tuneThresholds, type SparseRow, type TrainerOptions } from "./linear-trainer.ts";

export type DomainTrainingOptions = {
  featureConfig: ElementFeatureConfig;
  trainer: TrainerOptions;
  /** Keep features seen in at least this many training sentences. */
  minDf: number;
  folds: number;
};

export type DomainTrainingResult = { model: DomainModel; crossValidation: ElementScores };

type Prepared = { features: string[][]; y: Uint8Array[]; docOf: number[] };

function prepare(docs: CailDocument[], labelNames: string[], config: ElementFeatureConfig): Prepared {
  const index = new Map(labelNames.map((n, i) => [n, i]));
  const features: string[][] = [];
  const y: Uint8Array[] = [];
  const docOf: number[] = [];
  docs.forEach((d, di) => {
    for (const s of d.sentences) {
      features.push(sentenceFeatures(s.sentence, config));
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

function buildVocabulary(features: string[][], minDf: number): { features: string[]; idf: Float32Array } {
  const df = new Map<string, number>();
  for (const fs of features) for (const f of fs) df.set(f, (df.get(f) ?? 0) + 1);
  const kept = [...df.entries()].filter(([, n]) => n >= minDf).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const N = features.length;
  return {
    features: kept.map(([f]) => f),
    idf: Float32Array.from(kept, ([, n]) => Math.log((1 + N) / (1 + n)) + 1),
  };
}

export function trainDomain(domain: CailDomain, trainDocs: CailDocument[], options: DomainTrainingOptions): DomainTrainingResult {
  const labelNames = domain.labels.map((l) => l.name);
  const L = labelNames.length;
  const data = prepare(trainDocs, labelNames, options.featureConfig);
  const vocab = buildVocabulary(data.features, options.minDf);
  const index = new Map(vocab.features.map((f, i) => [f, i]));
  const rows: SparseRow[] = data.features.map((fs) => vectorize({ index, idf: vocab.idf }, fs));
  const F = vocab.features.length;

  const foldOf = (i: number) => Math.min(options.folds - 1, Math.floor((data.docOf[i]! * options.folds) / trainDocs.length));
  const oof = outOfFold(rows, data.y, foldOf, F, L, options);
  const thresholds = tuneThresholds(oof, data.y, L);
  const crossValidation = scoreElements(
    labelNames,
    data.y.map((yi) => labelNames.filter((_, l) => yi[l] === 1)),
    oof.map((p) => labelNames.filter((_, l) => p[l]! >= thresholds[l]!)),
  );
  const final = trainOneVsRest(rows, data.y, F, L, options.trainer);
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
    );
    rows.forEach((r, i) => {
      if (foldOf(i) === k) oof[i] = predictVector(m.weights, m.bias, L, r);
    });
  }
  return oof;
}
