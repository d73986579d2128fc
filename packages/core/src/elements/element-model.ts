// The element model file: one JSON document holding, per CAIL2019 domain, the hashed feature
// vocabulary, IDF, int8-quantised one-vs-rest weights (per-label scale), biases and the
// per-label decision thresholds, the pattern rules CV kept for some labels, plus the feature
// config it was trained with.
import { z } from "zod";
import { MediateError } from "../errors/mediate-error.ts";
import { ELEMENT_SCHEMAS, type ElementSchema } from "../schema/codes.ts";
import type { LabelDef } from "./cail-dataset.ts";
import type { ElementFeatureConfig } from "./element-features.ts";
import { CONTEXT_FEATURES, type ContextLayer } from "./context-layer.ts";
import { buildKnnIndex, type KnnIndex, type KnnMode } from "./knn-scorer.ts";
import { compileRule, ElementRuleSchema, RULE_PROBABILITY, ruleMatches, type CompiledRule, type ElementRule } from "./element-rules.ts";

export const ELEMENT_MODEL_FORMAT = "mediate-elements";
/** v3: document-context features and per-label pattern rules (v2 files are rejected). */
export const ELEMENT_MODEL_VERSION = 3;

export type SparseRow = { idx: Int32Array; val: Float32Array };

/** Open-addressing hash table from 32-bit feature id to vocabulary index. */
export type FeatureTable = { keys: Uint32Array; slots: Int32Array; mask: number };

export type DomainModel = {
  schema: ElementSchema;
  labels: LabelDef[];
  /** Feature ids (hashes, see element-features.ts), one per vocabulary index. */
  features: Uint32Array;
  idf: Float32Array;
  /** Feature-major: weights[f * labels.length + l]. */
  weights: Float32Array;
  bias: Float32Array;
  thresholds: Float32Array;
  /** Pattern rules by label index, where CV chose to combine them with the linear score. */
  rules: Array<ElementRule | undefined>;
  compiledRules: Array<CompiledRule | undefined>;
  /** Second stage over the document's first-stage probabilities, for the labels CV chose. */
  contextLayer?: ContextLayer;
  /** Nearest-neighbour scorer for the rare labels CV chose. */
  knn?: KnnIndex;
  table: FeatureTable;
  /** `weights` as int8 × per-label scale — what is serialised and what inference reads (4× less memory traffic). */
  quantized: { q: Int8Array; scales: Float64Array };
  /** Per-feature scratch for vectorising without allocation: last sentence stamp, term count. */
  scratch: { stamp: Int32Array; count: Float32Array; sentence: number };
};

export type ElementModel = {
  version: number;
  featureConfig: ElementFeatureConfig;
  /** Free-form provenance (data, split, hyper-parameters, seed, figures). */
  training: Record<string, unknown>;
  domains: Partial<Record<ElementSchema, DomainModel>>;
};

const DomainFileSchema = z.object({
  labels: z.array(z.object({ code: z.string(), name: z.string() })).min(1),
  /** base64 uint32 feature ids */
  features: z.string(),
  idf: z.string(),
  weights: z.string(),
  scales: z.array(z.number()),
  bias: z.array(z.number()),
  thresholds: z.array(z.number()),
  /** Label code → rule (see element-rules.ts). */
  rules: z.record(z.string(), ElementRuleSchema).default({}),
  /** Label code → context-layer weights (see context-layer.ts). */
  contextLayer: z.record(z.string(), z.array(z.number()).length(CONTEXT_FEATURES)).default({}),
  /** Nearest-neighbour positives (knn-scorer.ts): label code → mode, and the positives as sparse rows. */
  knn: z
    .object({
      modes: z.record(z.string(), z.enum(["max", "mean"])),
      /** base64 int32: label index of each positive */
      labelOf: z.string(),
      /** base64 int32: row start offsets into idx/val, one per positive plus the end */
      rowOffsets: z.string(),
      idx: z.string(),
      /** base64 float32 */
      val: z.string(),
    })
    .optional(),
});

const ModelFileSchema = z.object({
  format: z.literal(ELEMENT_MODEL_FORMAT),
  version: z.number().int(),
  featureConfig: z.object({
    charNgrams: z.tuple([z.number().int().positive(), z.number().int().positive()]),
    foldDigits: z.boolean(),
    tf: z.enum(["binary", "log"]),
    words: z.boolean(),
    context: z
      .object({
        ngrams: z.tuple([z.number().int().positive(), z.number().int().positive()]),
        positionBuckets: z.number().int().nonnegative(),
      })
      .optional(),
  }),
  training: z.record(z.string(), z.unknown()),
  domains: z.partialRecord(z.enum(ELEMENT_SCHEMAS), DomainFileSchema),
});

function toBase64(view: ArrayBufferView): string {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString("base64");
}

function fromBase64<T>(b64: string, make: (buf: ArrayBuffer) => T): T {
  const bytes = Buffer.from(b64, "base64");
  // Copy into a fresh, aligned buffer: typed arrays need element alignment.
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return make(copy.buffer);
}

export function buildFeatureTable(features: Uint32Array): FeatureTable {
  let cap = 16;
  while (cap < features.length * 2) cap *= 2;
  const keys = new Uint32Array(cap);
  const slots = new Int32Array(cap).fill(-1);
  const mask = cap - 1;
  features.forEach((f, i) => {
    let h = f & mask;
    while (slots[h]! !== -1) {
      if (keys[h] === f) throw new MediateError("internal", `duplicate feature id ${f} in element model`);
      h = (h + 1) & mask;
    }
    keys[h] = f;
    slots[h] = i;
  });
  return { keys, slots, mask };
}

/** Vocabulary index of a feature id, or -1. Ids are already well mixed, so the low bits index. */
export function lookupFeature(t: FeatureTable, id: number): number {
  let h = id & t.mask;
  for (;;) {
    const s = t.slots[h]!;
    if (s === -1 || t.keys[h] === id) return s;
    h = (h + 1) & t.mask;
  }
}

export function createDomainModel(d: Omit<DomainModel, "table" | "scratch" | "quantized" | "rules" | "compiledRules"> & { rules?: Array<ElementRule | undefined> }): DomainModel {
  const F = d.features.length;
  const rules = d.rules ?? d.labels.map(() => undefined);
  if (rules.length !== d.labels.length) throw new MediateError("internal", "element model: one rule slot per label expected");
  return {
    ...d,
    rules,
    compiledRules: rules.map((r, l) => (r ? compileRule(r, `${d.schema}/${d.labels[l]!.name}`) : undefined)),
    table: buildFeatureTable(d.features),
    quantized: quantize(d.weights, d.labels.length),
    scratch: { stamp: new Int32Array(F).fill(-1), count: new Float32Array(F), sentence: 0 },
  };
}

/** Per-label symmetric int8 quantisation: error ≤ half a step, 1/254 of the label's largest weight. */
export function quantize(weights: Float32Array, L: number): { q: Int8Array; scales: Float64Array } {
  const scales = new Float64Array(L);
  for (let i = 0; i < weights.length; i++) scales[i % L] = Math.max(scales[i % L]!, Math.abs(weights[i]!));
  for (let l = 0; l < L; l++) scales[l] = scales[l]! === 0 ? 1 : scales[l]! / 127;
  const q = new Int8Array(weights.length);
  for (let i = 0; i < weights.length; i++) q[i] = Math.round(weights[i]! / scales[i % L]!);
  return { q, scales };
}

/** Serialises with int8 weights; the quantisation error is below 1/254 of each label's largest weight. */
export function serializeElementModel(model: ElementModel): string {
  const domains: Record<string, z.infer<typeof DomainFileSchema>> = {};
  for (const [schema, d] of Object.entries(model.domains)) {
    if (!d) continue;
    const { q, scales } = d.quantized;
    domains[schema] = {
      labels: d.labels,
      features: toBase64(d.features),
      idf: toBase64(d.idf),
      weights: toBase64(q),
      scales: Array.from(scales),
      bias: Array.from(d.bias),
      thresholds: Array.from(d.thresholds),
      rules: Object.fromEntries(d.rules.flatMap((r, l) => (r ? [[d.labels[l]!.code, r]] : []))),
      contextLayer: Object.fromEntries((d.contextLayer?.weights ?? []).flatMap((w, l) => (w ? [[d.labels[l]!.code, Array.from(w)]] : []))),
      ...(d.knn ? { knn: serializeKnn(d.knn, d.labels) } : {}),
    };
  }
  return JSON.stringify({
    format: ELEMENT_MODEL_FORMAT,
    version: model.version,
    featureConfig: model.featureConfig,
    training: model.training,
    domains,
  });
}

export function parseElementModel(json: string, source = "element model"): ElementModel {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (cause) {
    throw new MediateError("internal", `${source}: not valid JSON`, { cause });
  }
  const head = raw as { format?: unknown; version?: unknown } | null;
  if (head?.format === ELEMENT_MODEL_FORMAT && head.version !== ELEMENT_MODEL_VERSION) {
    throw new MediateError("internal", `${source}: model version ${String(head.version)}, this code reads ${ELEMENT_MODEL_VERSION} — retrain with packages/core/scripts/train-elements.ts`);
  }
  const parsed = ModelFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new MediateError("internal", `${source}: not a ${ELEMENT_MODEL_FORMAT} file (${parsed.error.issues[0]?.path.join(".") ?? ""}: ${parsed.error.issues[0]?.message ?? "invalid"})`);
  }
  const file = parsed.data;
  const domains: ElementModel["domains"] = {};
  for (const [schema, d] of Object.entries(file.domains) as Array<[ElementSchema, z.infer<typeof DomainFileSchema>]>) {
    const L = d.labels.length;
    const features = fromBase64(d.features, (b) => new Uint32Array(b));
    const F = features.length;
    const q = fromBase64(d.weights, (b) => new Int8Array(b));
    const idf = fromBase64(d.idf, (b) => new Float32Array(b));
    if (q.length !== F * L || idf.length !== F || d.scales.length !== L || d.bias.length !== L || d.thresholds.length !== L) {
      throw new MediateError("internal", `${source}: domain ${schema} has inconsistent array sizes`);
    }
    for (const code of [...Object.keys(d.rules), ...Object.keys(d.contextLayer)]) {
      if (!d.labels.some((l) => l.code === code)) throw new MediateError("internal", `${source}: domain ${schema} has a rule for unknown label ${code}`);
    }
    const weights = new Float32Array(F * L);
    for (let i = 0; i < weights.length; i++) weights[i] = q[i]! * d.scales[i % L]!;
    domains[schema] = createDomainModel({
      schema,
      labels: d.labels,
      features,
      idf,
      weights,
      bias: Float32Array.from(d.bias),
      thresholds: Float32Array.from(d.thresholds),
      rules: d.labels.map((l) => d.rules[l.code]),
      ...(d.knn ? { knn: parseKnn(d.knn, d.labels, F, `${source}: domain ${schema}`) } : {}),
      ...(Object.keys(d.contextLayer).length > 0
        ? { contextLayer: { weights: d.labels.map((l) => (d.contextLayer[l.code] ? Float64Array.from(d.contextLayer[l.code]!) : undefined)) } }
        : {}),
    });
  }
  return { version: file.version, featureConfig: file.featureConfig, training: file.training, domains };
}

/**
 * TF-IDF, L2-normalised sparse vector over the domain vocabulary; `ids` are feature
 * occurrences (repeats = counts). Unknown ids are skipped.
 */
export function vectorize(d: Pick<DomainModel, "table" | "idf" | "scratch">, ids: Uint32Array, tf: ElementFeatureConfig["tf"]): SparseRow {
  const sc = d.scratch;
  const mark = sc.sentence++;
  if (sc.sentence > 0x7ffffff0) {
    sc.stamp.fill(-1);
    sc.sentence = 0;
  }
  const { keys, slots, mask } = d.table;
  const found = new Int32Array(ids.length);
  let n = 0;
  for (let k = 0; k < ids.length; k++) {
    // Inlined lookupFeature: this loop is most of the inference time.
    const id = ids[k]!;
    let h = id & mask;
    let i = slots[h]!;
    while (i !== -1 && keys[h] !== id) {
      h = (h + 1) & mask;
      i = slots[h]!;
    }
    if (i < 0) continue;
    if (sc.stamp[i] !== mark) {
      sc.stamp[i] = mark;
      sc.count[i] = 1;
      found[n++] = i;
    } else sc.count[i]!++;
  }
  // First-occurrence order: deterministic, and the dot products need no sorted order.
  const idx = found.slice(0, n);
  const val = new Float32Array(n);
  let norm = 0;
  for (let k = 0; k < n; k++) {
    const i = idx[k]!;
    const c = sc.count[i]!;
    const v = d.idf[i]! * (tf === "log" && c > 1 ? logTf(c) : 1);
    val[k] = v;
    norm += v * v;
  }
  if (norm > 0) {
    const inv = 1 / Math.sqrt(norm);
    for (let k = 0; k < n; k++) val[k]! *= inv;
  }
  return { idx, val };
}

const LOG_TF = Float64Array.from({ length: 64 }, (_, c) => (c === 0 ? 0 : 1 + Math.log(c)));
function logTf(c: number): number {
  return c < 64 ? LOG_TF[c]! : 1 + Math.log(c);
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Probabilities of every label of the domain for one vectorised sentence. */
export function predictVector(weights: Float32Array, bias: Float32Array, L: number, x: SparseRow): Float64Array {
  const z = new Float64Array(L);
  for (let l = 0; l < L; l++) z[l] = bias[l]!;
  for (let k = 0; k < x.idx.length; k++) {
    const base = x.idx[k]! * L;
    const v = x.val[k]!;
    for (let l = 0; l < L; l++) z[l] = z[l]! + v * weights[base + l]!;
  }
  for (let l = 0; l < L; l++) z[l] = sigmoid(z[l]!);
  return z;
}

/** Label probabilities of a domain model for one vectorised sentence (int8 weights). */
export function predictDomain(d: DomainModel, x: SparseRow): Float64Array {
  const L = d.labels.length;
  const { q, scales } = d.quantized;
  const z = new Float64Array(L);
  const { idx, val } = x;
  for (let k = 0; k < idx.length; k++) {
    const base = idx[k]! * L;
    const v = val[k]!;
    for (let l = 0; l < L; l++) z[l]! += v * q[base + l]!;
  }
  for (let l = 0; l < L; l++) z[l] = sigmoid(d.bias[l]! + z[l]! * scales[l]!);
  return z;
}

/**
 * Raises the probability of every label whose rule matches the sentence to at least
 * RULE_PROBABILITY (in place). `sentence` is the simplified text the features came from.
 */
export function applyRules(d: Pick<DomainModel, "compiledRules">, sentence: string, probs: Float64Array): Float64Array {
  const rules = d.compiledRules;
  for (let l = 0; l < rules.length; l++) {
    const r = rules[l];
    if (r && probs[l]! < RULE_PROBABILITY && ruleMatches(r, sentence)) probs[l] = RULE_PROBABILITY;
  }
  return probs;
}

// The inverted index is rebuilt at load; the file holds the positives as rows (smaller, simpler).
function serializeKnn(k: KnnIndex, labels: LabelDef[]): NonNullable<z.infer<typeof DomainFileSchema>["knn"]> {
  const P = k.labelOf.length;
  const rows: number[][] = Array.from({ length: P }, () => []);
  const vals: number[][] = Array.from({ length: P }, () => []);
  const F = k.offsets.length - 1;
  for (let f = 0; f < F; f++) {
    for (let j = k.offsets[f]!; j < k.offsets[f + 1]!; j++) {
      rows[k.positive[j]!]!.push(f);
      vals[k.positive[j]!]!.push(k.value[j]!);
    }
  }
  const rowOffsets = new Int32Array(P + 1);
  rows.forEach((r, p) => (rowOffsets[p + 1] = rowOffsets[p]! + r.length));
  return {
    modes: Object.fromEntries(k.modes.flatMap((m, l) => (m ? [[labels[l]!.code, m]] : []))),
    labelOf: toBase64(k.labelOf),
    rowOffsets: toBase64(rowOffsets),
    idx: toBase64(Int32Array.from(rows.flat())),
    val: toBase64(Float32Array.from(vals.flat())),
  };
}

function parseKnn(k: NonNullable<z.infer<typeof DomainFileSchema>["knn"]>, labels: LabelDef[], F: number, source: string): KnnIndex {
  const labelOf = fromBase64(k.labelOf, (b) => new Int32Array(b));
  const rowOffsets = fromBase64(k.rowOffsets, (b) => new Int32Array(b));
  const idx = fromBase64(k.idx, (b) => new Int32Array(b));
  const val = fromBase64(k.val, (b) => new Float32Array(b));
  const P = labelOf.length;
  const bad =
    rowOffsets.length !== P + 1 ||
    rowOffsets[P] !== idx.length ||
    val.length !== idx.length ||
    labelOf.some((l) => l < 0 || l >= labels.length) ||
    idx.some((f) => f < 0 || f >= F);
  if (bad) throw new MediateError("internal", `${source}: inconsistent kNN positives`);
  const modes: Array<KnnMode | undefined> = labels.map((l) => k.modes[l.code]);
  const positives = Array.from(labelOf, (label, p) => ({
    label,
    row: { idx: idx.subarray(rowOffsets[p]!, rowOffsets[p + 1]!), val: val.subarray(rowOffsets[p]!, rowOffsets[p + 1]!) },
  }));
  return buildKnnIndex(positives, F, modes);
}
