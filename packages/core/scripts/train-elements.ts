// Trains the CAIL2019 legal-element model and writes packages/core/models/elements.v3.json.
//   nice tsx packages/core/scripts/train-elements.ts --data ../shared/datasets/cail2019-elements
// Only the first 80% of each domain's documents are used; thresholds are tuned on k-fold
// out-of-fold predictions within them. Deterministic for a given --seed.
// Experiments: --cv-only prints the 5-fold figures without writing; --char-min/--char-max,
// --tf binary|log, --words, --min-df, --l2, --pos-power, --nb-alpha/--nb-mix (NB-SVM scaling),
// --label-min-count/--label-min-precision (rare label-indicative features), --pooled-thresholds,
// --context-ngrams MIN-MAX|off and --position-buckets N (document context), --rules FILE|off
// (candidate pattern rules, default corpora/elements/element-rules.json), --context-layer,
// --knn-max-positives N.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { ELEMENT_SCHEMAS, type ElementSchema } from "../src/schema/codes.ts";
import { loadDomain, splitDocuments, DEV_FRACTION } from "../src/elements/cail-dataset.ts";
import { DEFAULT_FEATURE_CONFIG, type ElementFeatureConfig } from "../src/elements/element-features.ts";
import { ELEMENT_MODEL_VERSION, serializeElementModel, type ElementModel } from "../src/elements/element-model.ts";
import { DEFAULT_TRAINER_OPTIONS } from "../src/elements/linear-trainer.ts";
import { loadElementRules, rulesForLabels } from "../src/elements/element-rules.ts";
import { DEFAULT_LABEL_FEATURES, DEFAULT_MIN_DF, DEFAULT_NB, trainDomain } from "../src/elements/train-element-domain.ts";
import { DEFAULT_ELEMENT_MODEL_PATH } from "../src/elements/classify-elements.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

const { values } = parseArgs({
  options: {
    data: { type: "string" },
    out: { type: "string" },
    domains: { type: "string" },
    epochs: { type: "string" },
    optimizer: { type: "string" },
    "average-from": { type: "string" },
    "learning-rate": { type: "string" },
    l2: { type: "string" },
    "pos-power": { type: "string" },
    "min-df": { type: "string" },
    folds: { type: "string" },
    seed: { type: "string" },
    "char-max": { type: "string" },
    "char-min": { type: "string" },
    words: { type: "boolean" },
    tf: { type: "string" },
    "nb-alpha": { type: "string" },
    "nb-mix": { type: "string" },
    "label-min-count": { type: "string" },
    "label-min-precision": { type: "string" },
    "per-label": { type: "boolean" },
    "pooled-thresholds": { type: "boolean" },
    "cv-only": { type: "boolean" },
    "context-ngrams": { type: "string" },
    "position-buckets": { type: "string" },
    rules: { type: "string" },
    "context-layer": { type: "boolean" },
    "knn-max-positives": { type: "string" },
    "seed-runs": { type: "string" },
    "context-weight": { type: "string" },
  },
});

const num = (v: string | undefined, d: number) => (v === undefined ? d : Number(v));
const dataDir = values.data ?? process.env.MEDIATE_CAIL_DIR ?? path.resolve(repoRoot, "../shared/datasets/cail2019-elements");
const domains = (values.domains?.split(",") ?? [...ELEMENT_SCHEMAS]) as ElementSchema[];
const trainer = {
  ...DEFAULT_TRAINER_OPTIONS,
  optimizer: (values.optimizer ?? DEFAULT_TRAINER_OPTIONS.optimizer) as "adagrad" | "sgd",
  epochs: num(values.epochs, DEFAULT_TRAINER_OPTIONS.epochs),
  ...(values["average-from"] !== undefined ? { averageFrom: Number(values["average-from"]) } : {}),
  learningRate: num(values["learning-rate"], DEFAULT_TRAINER_OPTIONS.learningRate),
  l2: num(values.l2, DEFAULT_TRAINER_OPTIONS.l2),
  positiveWeightPower: num(values["pos-power"], DEFAULT_TRAINER_OPTIONS.positiveWeightPower),
  seed: num(values.seed, DEFAULT_TRAINER_OPTIONS.seed),
};
const minDf = num(values["min-df"], DEFAULT_MIN_DF);
const folds = num(values.folds, 5);

function contextConfig(): ElementFeatureConfig["context"] {
  const spec = values["context-ngrams"];
  const def = DEFAULT_FEATURE_CONFIG.context;
  if (spec === "off") return undefined;
  const ngrams = spec ? (spec.split("-").map(Number) as [number, number]) : def?.ngrams;
  if (!ngrams) return undefined;
  const weight = num(values["context-weight"], def?.weight ?? 1);
  return { ngrams, positionBuckets: num(values["position-buckets"], def?.positionBuckets ?? 0), ...(weight !== 1 ? { weight } : {}) };
}
const context = contextConfig();
const featureConfig: ElementFeatureConfig = {
  charNgrams: [num(values["char-min"], DEFAULT_FEATURE_CONFIG.charNgrams[0]), num(values["char-max"], DEFAULT_FEATURE_CONFIG.charNgrams[1])],
  foldDigits: DEFAULT_FEATURE_CONFIG.foldDigits,
  tf: (values.tf ?? DEFAULT_FEATURE_CONFIG.tf) as ElementFeatureConfig["tf"],
  words: values.words ?? DEFAULT_FEATURE_CONFIG.words,
  ...(context ? { context } : {}),
};
const rulesFile = values.rules === "off" ? undefined : (values.rules ?? path.resolve(repoRoot, "corpora/elements/element-rules.json"));
// Tried and not used by default (no CV gain, docs/elements-model.md): the second-stage context
// layer (--context-layer) and the kNN scorer for rare labels (--knn-max-positives N).
const contextLayer = values["context-layer"] ?? false;
const knnMaxPositives = num(values["knn-max-positives"], 0);
const seedRuns = num(values["seed-runs"], 1);
const ruleSet = rulesFile ? loadElementRules(rulesFile) : undefined;
const labelFeatures = {
  labelMinCount: num(values["label-min-count"], DEFAULT_LABEL_FEATURES.labelMinCount),
  labelMinPrecision: num(values["label-min-precision"], DEFAULT_LABEL_FEATURES.labelMinPrecision),
};
const foldThresholds = !values["pooled-thresholds"];
const nb = { alpha: num(values["nb-alpha"], DEFAULT_NB.alpha), mix: num(values["nb-mix"], DEFAULT_NB.mix) };

const model: ElementModel = {
  version: ELEMENT_MODEL_VERSION,
  featureConfig,
  training: {
    data: "CAIL2019 elements (first stage)",
    devFraction: DEV_FRACTION,
    split: "document order, last 20% held out",
    trainer,
    minDf,
    folds,
    nb,
    labelFeatures,
    foldThresholds,
    rules: rulesFile ? path.relative(repoRoot, rulesFile) : "off",
    contextLayer,
    knnMaxPositives,
    seedRuns,
  },
  domains: {},
};

let cvSum = 0;
let foldSum = 0;
for (const schema of domains) {
  const t0 = Date.now();
  const domain = loadDomain(dataDir, schema);
  const { train } = splitDocuments(domain.documents);
  const rules = ruleSet ? rulesForLabels(ruleSet, schema, domain.labels.map((l) => l.name)) : undefined;
  const { model: d, crossValidation: cv, foldMeanScore, ruleDecisions, layerDecisions, knnDecisions } = trainDomain(domain, train, { featureConfig, trainer, minDf, folds, nb, labelFeatures, foldThresholds, ...(rules ? { rules } : {}), contextLayer, knnMaxPositives, seedRuns });
  model.domains[schema] = d;
  cvSum += cv.cailScore;
  foldSum += foldMeanScore;
  console.log(
    `${schema}: ${train.length} train docs, ${cv.sentences} sentences, ${d.features.length} features; ` +
      `${folds}-fold CV micro ${cv.microF1.toFixed(4)} macro ${cv.macroF1.toFixed(4)} score ${cv.cailScore.toFixed(4)}, per-fold mean score ${foldMeanScore.toFixed(4)} ` +
      `(${((Date.now() - t0) / 1000).toFixed(1)} s)`,
  );
  for (const r of layerDecisions) if (r.kept) console.log(`  layer KEPT    ${r.label}: CV F1 ${r.firstStage.toFixed(4)} → ${r.withLayer.toFixed(4)}`);
  for (const r of knnDecisions) console.log(`  kNN ${r.mode ? `KEPT (${r.mode})` : "dropped   "} ${r.label}: CV F1 ${r.without.toFixed(4)} → ${r.with.toFixed(4)}`);
  for (const r of ruleDecisions) console.log(`  rule ${r.kept ? "KEPT   " : "dropped"} ${r.label}: CV F1 ${r.withoutRule.toFixed(4)} → ${r.withRule.toFixed(4)}`);
  const off = d.thresholds.filter((t) => t > 1).length;
  console.log(`  labels off: ${off}`);
  if (values["per-label"]) for (const p of cv.perLabel) console.log(`  ${p.label}\ttp ${p.tp} fp ${p.fp} fn ${p.fn} f1 ${p.f1.toFixed(3)}`);
}
console.log(`average CV score ${(cvSum / domains.length).toFixed(4)}, per-fold mean ${(foldSum / domains.length).toFixed(4)}`);
if (!values["cv-only"]) {
  const out = values.out ?? DEFAULT_ELEMENT_MODEL_PATH;
  const json = serializeElementModel(model);
  writeFileSync(out, json);
  console.log(`wrote ${out} (${(json.length / 1e6).toFixed(2)} MB)`);
}
