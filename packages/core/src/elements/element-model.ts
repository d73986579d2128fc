// The element model file: one JSON document holding, per CAIL2019 domain, the feature
// vocabulary, IDF, int8-quantised one-vs-rest weights (per-label scale), biases and the
// per-label decision thresholds, plus the feature config it was trained with.
import { z } from "zod";
import { MediateError } from "../errors/mediate-error.ts";
import { ELEMENT_SCHEMAS, type ElementSchema } from "../schema/codes.ts";
import type { LabelDef } from "./cail-dataset.ts";
import type { ElementFeatureConfig } from "./element-features.ts";

export const ELEMENT_MODEL_FORMAT = "mediate-elements";
export const ELEMENT_MODEL_VERSION = 1;

export type DomainModel = {
  schema: ElementSchema;
  labels: LabelDef[];
  features: string[];
  idf: Float32Array;
  /** Feature-major: weights[f * labels.length + l]. */
  weights: Float32Array;
  bias: Float32Array;
  thresholds: Float32Array;
  index: Map<string, number>;
};

export type ElementModel = {
  version: number;
  featureConfig: ElementFeatureConfig;
  /** Free-form provenance (data, split, hyper-parameters, seed). */
  training: Record<string, unknown>;
  domains: Partial<Record<ElementSchema, DomainModel>>;
};

const DomainFileSchema = z.object({
  labels: z.array(z.object({ code: z.string(), name: z.string() })).min(1),
  features: z.array(z.string()),
  idf: z.string(),
  weights: z.string(),
  scales: z.array(z.number()),
  bias: z.array(z.number()),
  thresholds: z.array(z.number()),
});

const ModelFileSchema = z.object({
  format: z.literal(ELEMENT_MODEL_FORMAT),
  version: z.number().int(),
  featureConfig: z.object({
    charNgrams: z.tuple([z.number().int().positive(), z.number().int().positive()]),
    words: z.boolean(),
    wordBigrams: z.boolean(),
    foldDigits: z.boolean(),
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

export function createDomainModel(d: Omit<DomainModel, "index">): DomainModel {
  return { ...d, index: new Map(d.features.map((f, i) => [f, i])) };
}

/** Serialises with int8 weights; the quantisation error is below 1/254 of each label's largest weight. */
export function serializeElementModel(model: ElementModel): string {
  const domains: Record<string, z.infer<typeof DomainFileSchema>> = {};
  for (const [schema, d] of Object.entries(model.domains)) {
    if (!d) continue;
    const L = d.labels.length;
    const scales = new Array<number>(L).fill(0);
    for (let i = 0; i < d.weights.length; i++) {
      const l = i % L;
      scales[l] = Math.max(scales[l]!, Math.abs(d.weights[i]!));
    }
    for (let l = 0; l < L; l++) scales[l] = scales[l]! === 0 ? 1 : scales[l]! / 127;
    const q = new Int8Array(d.weights.length);
    for (let i = 0; i < d.weights.length; i++) q[i] = Math.round(d.weights[i]! / scales[i % L]!);
    domains[schema] = {
      labels: d.labels,
      features: d.features,
      idf: toBase64(d.idf),
      weights: toBase64(q),
      scales,
      bias: Array.from(d.bias),
      thresholds: Array.from(d.thresholds),
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
  const parsed = ModelFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new MediateError("internal", `${source}: not a ${ELEMENT_MODEL_FORMAT} file (${parsed.error.issues[0]?.path.join(".") ?? ""}: ${parsed.error.issues[0]?.message ?? "invalid"})`);
  }
  const file = parsed.data;
  if (file.version !== ELEMENT_MODEL_VERSION) {
    throw new MediateError("internal", `${source}: model version ${file.version}, this code reads ${ELEMENT_MODEL_VERSION}`);
  }
  const domains: ElementModel["domains"] = {};
  for (const [schema, d] of Object.entries(file.domains) as Array<[ElementSchema, z.infer<typeof DomainFileSchema>]>) {
    const L = d.labels.length;
    const F = d.features.length;
    const q = fromBase64(d.weights, (b) => new Int8Array(b));
    const idf = fromBase64(d.idf, (b) => new Float32Array(b));
    if (q.length !== F * L || idf.length !== F || d.scales.length !== L || d.bias.length !== L || d.thresholds.length !== L) {
      throw new MediateError("internal", `${source}: domain ${schema} has inconsistent array sizes`);
    }
    const weights = new Float32Array(F * L);
    for (let i = 0; i < weights.length; i++) weights[i] = q[i]! * d.scales[i % L]!;
    domains[schema] = createDomainModel({
      schema,
      labels: d.labels,
      features: d.features,
      idf,
      weights,
      bias: Float32Array.from(d.bias),
      thresholds: Float32Array.from(d.thresholds),
    });
  }
  return { version: file.version, featureConfig: file.featureConfig, training: file.training, domains };
}

/** TF-IDF (binary tf), L2-normalised sparse vector over the domain vocabulary. */
export function vectorize(domain: Pick<DomainModel, "index" | "idf">, features: string[]): { idx: Int32Array; val: Float32Array } {
  const idx: number[] = [];
  const val: number[] = [];
  let norm = 0;
  for (const f of features) {
    const i = domain.index.get(f);
    if (i === undefined) continue;
    const v = domain.idf[i]!;
    idx.push(i);
    val.push(v);
    norm += v * v;
  }
  const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return { idx: Int32Array.from(idx), val: Float32Array.from(val, (v) => v * inv) };
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Probabilities of every label of the domain for one vectorised sentence. */
export function predictVector(
  weights: Float32Array,
  bias: Float32Array,
  L: number,
  x: { idx: Int32Array; val: Float32Array },
): Float64Array {
  const z = Float64Array.from(bias);
  for (let k = 0; k < x.idx.length; k++) {
    const base = x.idx[k]! * L;
    const v = x.val[k]!;
    for (let l = 0; l < L; l++) z[l] = z[l]! + v * weights[base + l]!;
  }
  for (let l = 0; l < L; l++) z[l] = sigmoid(z[l]!);
  return z;
}

/** Label probabilities of a domain model for one vectorised sentence. */
export function predictDomain(d: DomainModel, x: { idx: Int32Array; val: Float32Array }): Float64Array {
  return predictVector(d.weights, d.bias, d.labels.length, x);
}
