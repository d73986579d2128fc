// Training one CAIL2019 domain: vocabulary and IDF from the training documents, k-fold
// (by document) out-of-fold probabilities to tune per-label thresholds, then a final fit
// on all training documents. The dev split never reaches this module.
import type { CailDocument, CailDomain } from "./cail-dataset.ts";
import { documentFeatureIds, type ElementFeatureConfig } from "./element-features.ts";
import { scoreElements, type ElementScores } from "./element-metrics.ts";
import { createDomainModel, predictDomain, vectorize, type DomainModel } from "./element-model.ts";
import { applyContextLayer, fitLogistic, labelContextRows, type ContextLayer } from "./context-layer.ts";
import { buildKnnIndex, combineKnn, knnScores, type KnnMode } from "./knn-scorer.ts";
import { compileRule, RULE_PROBABILITY, ruleMatches, type ElementRule } from "./element-rules.ts";
import { thresholdGrid, trainOneVsRest, tuneLabelThreshold, type SparseRow, type ThresholdOptions, type TrainerOptions } from "./linear-trainer.ts";

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
  /** Candidate pattern rules by label index (element-rules.ts); CV keeps those that help. */
  rules?: Array<ElementRule | undefined>;
  /** Try the second-stage context layer (context-layer.ts) per label; CV keeps it where it helps. */
  contextLayer?: boolean;
  /** Try the nearest-neighbour scorer for labels with at most this many training sentences (0 = off). */
  knnMaxPositives?: number;
  /** Average the weights of this many SGD runs with different seeds (same inference cost); default 1. */
  seedRuns?: number;
};

/** How CV judged one label's kNN scorer: held-out F1 without and with it, and the mode kept. */
export type KnnDecision = { label: string; without: number; with: number; mode: KnnMode | undefined };

/** How CV judged one label's context layer: held-out F1 of the first stage alone and with the layer. */
export type LayerDecision = { label: string; firstStage: number; withLayer: number; kept: boolean };

/** How CV judged one label's candidate rule: held-out F1 without and with it (per-fold mean or pooled). */
export type RuleDecision = { label: string; withoutRule: number; withRule: number; kept: boolean };

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
  ruleDecisions: RuleDecision[];
  layerDecisions: LayerDecision[];
  knnDecisions: KnnDecision[];
};

type Prepared = { features: Uint32Array[]; y: Uint8Array[]; docOf: number[]; texts: string[]; contextIds: Set<number> };

function prepare(docs: CailDocument[], labelNames: string[], config: ElementFeatureConfig): Prepared {
  const index = new Map(labelNames.map((n, i) => [n, i]));
  const features: Uint32Array[] = [];
  const y: Uint8Array[] = [];
  const docOf: number[] = [];
  const texts: string[] = [];
  const contextIds = new Set<number>();
  docs.forEach((d, di) => {
    const ownCounts: number[] = [];
    const ids = documentFeatureIds(d.sentences.map((s) => s.sentence), config, ownCounts);
    d.sentences.forEach((s, si) => {
      features.push(ids[si]!);
      if (config.context) for (const f of ids[si]!.subarray(ownCounts[si]!)) contextIds.add(f);
      texts.push(s.sentence);
      const yi = new Uint8Array(labelNames.length);
      for (const l of s.labels) {
        const k = index.get(l);
        if (k !== undefined) yi[k] = 1;
      }
      y.push(yi);
      docOf.push(di);
    });
  });
  return { features, y, docOf, texts, contextIds };
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
  const w = options.featureConfig.context?.weight ?? 1;
  if (w !== 1) vocab.features.forEach((f, k) => data.contextIds.has(f) && (vocab.idf[k]! *= w));
  const F = vocab.features.length;
  const shell = createDomainModel({ schema: domain.schema, labels: domain.labels, features: vocab.features, idf: vocab.idf, weights: new Float32Array(0), bias: new Float32Array(0), thresholds: new Float32Array(0) });
  const rows: SparseRow[] = feats.map((fs) => vectorize(shell, fs, options.featureConfig.tf));
  const scale = options.nb.alpha > 0 ? nbRatios(rows, y, F, L, options.nb.alpha, options.nb.mix) : undefined;
  const runs = Math.max(1, options.seedRuns ?? 1);
  const m = trainOneVsRest(rows, y, F, L, { ...options.trainer, seed }, scale);
  for (let r = 1; r < runs; r++) {
    // A linear model's average is one linear model: less SGD noise at no inference cost.
    const extra = trainOneVsRest(rows, y, F, L, { ...options.trainer, seed: seed + 7919 * r }, scale);
    for (let i = 0; i < m.weights.length; i++) m.weights[i]! += extra.weights[i]!;
    for (let l = 0; l < L; l++) m.bias[l]! += extra.bias[l]!;
  }
  if (runs > 1) {
    for (let i = 0; i < m.weights.length; i++) m.weights[i]! /= runs;
    for (let l = 0; l < L; l++) m.bias[l]! /= runs;
  }
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
  const knnLabels = rareLabels(data.y, L, options.knnMaxPositives ?? 0);
  const knnOof: Float64Array[] = new Array(all.length);
  // In CV every candidate label is scored (mode irrelevant: raw similarities are read).
  const cvModes: Array<KnnMode | undefined> = Array.from({ length: L }, (_, l) => (knnLabels.includes(l) ? "max" : undefined));
  for (let k = 0; k < options.folds; k++) {
    const trainIdx = all.filter((i) => foldOf(i) !== k);
    const m = fit(domain, data, trainIdx, options, options.trainer.seed + k + 1);
    const index = knnLabels.length > 0 ? knnIndexFor(m, data, trainIdx, knnLabels, cvModes, options) : undefined;
    for (const i of all) {
      if (foldOf(i) !== k) continue;
      const x = vectorize(m, data.features[i]!, options.featureConfig.tf);
      oof[i] = predictDomain(m, x);
      if (index) knnOof[i] = knnScores(index, x, L);
    }
  }
  const groups = { of: Int32Array.from(all, foldOf), count: options.folds };
  const tuning: ThresholdOptions = { minPositives: 3, grid: thresholdGrid(), ...(options.foldThresholds ? { groups } : {}) };
  const ctx: SelectionContext = { data, labelNames, tuning, oof, foldOf, folds: options.folds };
  // Each stage replaces a label's out-of-fold probabilities only where it beats what came before.
  const { layer, layerDecisions } = options.contextLayer ? selectContextLayer(ctx) : { layer: undefined, layerDecisions: [] };
  const { knnModes, knnDecisions } = selectKnn(ctx, knnLabels, knnOof);
  const { rules, thresholds, ruleDecisions } = selectRules(ctx, options.rules);
  const gold = data.y.map((yi) => labelNames.filter((_, l) => yi[l] === 1));
  const predicted = oof.map((p) => labelNames.filter((_, l) => p[l]! >= thresholds[l]!));
  const crossValidation = scoreElements(labelNames, gold, predicted);
  let foldMeanScore = 0;
  for (let k = 0; k < options.folds; k++) {
    const inFold = all.filter((i) => foldOf(i) === k);
    foldMeanScore += scoreElements(labelNames, inFold.map((i) => gold[i]!), inFold.map((i) => predicted[i]!)).cailScore / options.folds;
  }
  const model = fit(domain, data, all, options, options.trainer.seed);
  const kept = knnLabels.filter((l) => knnModes[l]);
  const knn = kept.length > 0 ? knnIndexFor(model, data, all, kept, knnModes, options) : undefined;
  return {
    model: createDomainModel({ ...model, thresholds, rules, ...(layer ? { contextLayer: layer } : {}), ...(knn ? { knn } : {}) }),
    crossValidation,
    foldMeanScore,
    ruleDecisions,
    layerDecisions,
    knnDecisions,
  };
}

type SelectionContext = {
  data: Prepared;
  labelNames: string[];
  tuning: ThresholdOptions;
  /** Out-of-fold probabilities, updated in place by each kept stage. */
  oof: Float64Array[];
  foldOf: (i: number) => number;
  folds: number;
};

/** Per label: the context layer's out-of-fold probabilities (layer fitted on the other folds), kept where CV F1 improves. */
function selectContextLayer({ data, labelNames, tuning, oof, foldOf, folds }: SelectionContext): { layer: ContextLayer; layerDecisions: LayerDecision[] } {
  const L = labelNames.length;
  const docRows = byDocument(data.docOf);
  const flatIndex = docRows.flat();
  const docProbs = docRows.map((rows) => rows.map((i) => oof[i]!));
  const docFold = docRows.map((rows) => foldOf(rows[0]!));
  const rowFold = Int32Array.from(docRows.flatMap((r, d) => r.map(() => docFold[d]!)));
  const layerOof = oof.map((p) => Float64Array.from(p));
  const layer: ContextLayer = { weights: new Array(L).fill(undefined) };
  const layerDecisions: LayerDecision[] = [];
  for (let l = 0; l < L; l++) {
    const rows = labelContextRows(docProbs, l);
    const ys = Uint8Array.from(flatIndex, (i) => data.y[i]![l]!);
    for (let k = 0; k < folds; k++) {
      const only: ContextLayer = { weights: new Array(L).fill(undefined) };
      only.weights[l] = fitLogistic(
        rows.filter((_, r) => rowFold[r] !== k),
        ys.filter((_, r) => rowFold[r] !== k),
      );
      docRows.forEach((r, d) => {
        if (docFold[d] !== k) return;
        const out = applyContextLayer(only, docProbs[d]!);
        r.forEach((i, j) => (layerOof[i]![l] = out[j]![l]!));
      });
    }
    const first = tuneLabelThreshold(oof, data.y, l, tuning);
    const second = tuneLabelThreshold(layerOof, data.y, l, tuning);
    const kept = second.score > first.score + 1e-9;
    layerDecisions.push({ label: labelNames[l]!, firstStage: first.score, withLayer: second.score, kept });
    if (!kept) continue;
    layer.weights[l] = fitLogistic(rows, ys);
    for (const i of flatIndex) oof[i]![l] = layerOof[i]![l]!;
  }
  return { layer, layerDecisions };
}

/** Per rare label: combine the kNN similarity as max or mean where that beats the probabilities so far. */
function selectKnn({ data, labelNames, tuning, oof }: SelectionContext, knnLabels: number[], knnOof: Float64Array[]): { knnModes: Array<KnnMode | undefined>; knnDecisions: KnnDecision[] } {
  const knnModes: Array<KnnMode | undefined> = new Array(labelNames.length).fill(undefined);
  const knnDecisions: KnnDecision[] = [];
  for (const l of knnLabels) {
    const base = tuneLabelThreshold(oof, data.y, l, tuning);
    let best = { score: base.score, mode: undefined as KnnMode | undefined, probs: oof };
    for (const mode of ["max", "mean"] as const) {
      const probs = oof.map((p, i) => {
        const q = Float64Array.from(p);
        q[l] = combineKnn(mode, p[l]!, knnOof[i]![l]!);
        return q;
      });
      const t = tuneLabelThreshold(probs, data.y, l, tuning);
      if (t.score > best.score + 1e-9) best = { score: t.score, mode, probs };
    }
    knnDecisions.push({ label: labelNames[l]!, without: base.score, with: best.score, mode: best.mode });
    if (!best.mode) continue;
    knnModes[l] = best.mode;
    for (let i = 0; i < oof.length; i++) oof[i]![l] = best.probs[i]![l]!;
  }
  return { knnModes, knnDecisions };
}

/** Thresholds of every label, and the candidate rules kept because they beat the probabilities so far. */
function selectRules({ data, labelNames, tuning, oof }: SelectionContext, candidates: Array<ElementRule | undefined> | undefined) {
  const L = labelNames.length;
  const thresholds = new Float32Array(L);
  const rules: Array<ElementRule | undefined> = new Array(L).fill(undefined);
  const ruleDecisions: RuleDecision[] = [];
  for (let l = 0; l < L; l++) {
    const plain = tuneLabelThreshold(oof, data.y, l, tuning);
    thresholds[l] = plain.threshold;
    const rule = candidates?.[l];
    if (!rule) continue;
    const combined = withRule(oof, data.texts, l, rule);
    const tuned = tuneLabelThreshold(combined, data.y, l, tuning);
    // A rule must beat the linear model alone strictly (NaN = too few positives to tell: no).
    const kept = tuned.score > plain.score + 1e-9;
    ruleDecisions.push({ label: labelNames[l]!, withoutRule: plain.score, withRule: tuned.score, kept });
    if (!kept) continue;
    rules[l] = rule;
    thresholds[l] = tuned.threshold;
    for (let i = 0; i < oof.length; i++) oof[i]![l] = combined[i]![l]!;
  }
  return { rules, thresholds, ruleDecisions };
}

/** Labels with 1..max training sentences. */
function rareLabels(y: Uint8Array[], L: number, max: number): number[] {
  const count = new Int32Array(L);
  for (const yi of y) for (let l = 0; l < L; l++) count[l]! += yi[l]!;
  return Array.from({ length: L }, (_, l) => l).filter((l) => count[l]! > 0 && count[l]! <= max);
}

/** kNN index of the given labels' positives among the rows `idx`, vectorised with model m; `modes` by label index. */
function knnIndexFor(m: DomainModel, data: Prepared, idx: number[], labels: number[], modes: Array<KnnMode | undefined>, options: DomainTrainingOptions) {
  const positives: Array<{ label: number; row: SparseRow }> = [];
  for (const i of idx) {
    const yi = data.y[i]!;
    if (!labels.some((l) => yi[l] === 1)) continue;
    const row = vectorize(m, data.features[i]!, options.featureConfig.tf);
    for (const l of labels) if (yi[l] === 1) positives.push({ label: l, row });
  }
  return buildKnnIndex(positives, m.features.length, modes);
}

/** Row indices grouped by document, in order (rows are stored document by document). */
function byDocument(docOf: number[]): number[][] {
  const out: number[][] = [];
  docOf.forEach((d, i) => {
    if (out.length === 0 || docOf[i - 1] !== d) out.push([]);
    out[out.length - 1]!.push(i);
  });
  return out;
}

/** Copies of the probabilities with label l raised to RULE_PROBABILITY where its rule matches. */
function withRule(probs: Float64Array[], texts: string[], l: number, rule: ElementRule): Float64Array[] {
  const compiled = compileRule(rule, `label ${l}`);
  return probs.map((p, i) => {
    if (p[l]! >= RULE_PROBABILITY || !ruleMatches(compiled, texts[i]!)) return p;
    const q = Float64Array.from(p);
    q[l] = RULE_PROBABILITY;
    return q;
  });
}
