// Inference: CAIL2019 legal elements per sentence, aggregated per label over a narrative.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MediateError } from "../errors/mediate-error.ts";
import type { LegalElement, Span } from "../schema/case-analysis.ts";
import type { DisputeTypeCode, ElementSchema } from "../schema/codes.ts";
import { documentFeatureIds, sentenceFeatureIds } from "./element-features.ts";
import { applyContextLayer } from "./context-layer.ts";
import { applyKnn } from "./knn-scorer.ts";
import { applyRules, parseElementModel, predictDomain, vectorize, type DomainModel, type ElementModel } from "./element-model.ts";

/** The committed weights, relative to this file. */
export const DEFAULT_ELEMENT_MODEL_PATH = fileURLToPath(new URL("../../models/elements.v3.json", import.meta.url));

/** What classification needs of a PreparedText (packages/core/src/text/prepare-text.ts). */
export type ElementInput = {
  original: string;
  /** Simplified-Chinese form, index-aligned with `original`. */
  normalized: string;
  sentences: Span[];
};

export type SentenceLabelScore = {
  code: string;
  label: string;
  probability: number;
  threshold: number;
  /** Probability rescaled so that the label's tuned threshold maps to 0.5. */
  confidence: number;
};

let defaultModel: ElementModel | undefined;

export function loadElementModel(file?: string): ElementModel {
  if (file === undefined && defaultModel) return defaultModel;
  const path = file ?? DEFAULT_ELEMENT_MODEL_PATH;
  let json: string;
  try {
    json = readFileSync(path, "utf8");
  } catch (cause) {
    throw new MediateError("internal", `element model not found: ${path}`, { cause });
  }
  const model = parseElementModel(json, path);
  if (file === undefined) defaultModel = model;
  return model;
}

function domainOf(model: ElementModel, schema: ElementSchema): DomainModel {
  const d = model.domains[schema];
  if (!d) throw new MediateError("unknown_schema", `element model has no "${schema}" domain`, { details: { schema } });
  return d;
}

export function calibrate(p: number, t: number): number {
  const c = p >= t ? 0.5 + (0.5 * (p - t)) / Math.max(1e-9, 1 - t) : (0.5 * p) / Math.max(1e-9, t);
  return Math.min(1, Math.max(0, c));
}

function probabilities(text: string, d: DomainModel, model: ElementModel): Float64Array {
  return scoreTexts([text], [sentenceFeatureIds(text, model.featureConfig)], d, model)[0]!;
}

/** Linear model, then the context layer over the document, then the pattern rules. */
function scoreTexts(texts: string[], ids: Uint32Array[], d: DomainModel, model: ElementModel): Float64Array[] {
  const rows = ids.map((x) => vectorize(d, x, model.featureConfig.tf));
  let probs = rows.map((x) => predictDomain(d, x));
  if (d.contextLayer) probs = applyContextLayer(d.contextLayer, probs);
  const knn = d.knn;
  if (knn) probs.forEach((p, i) => applyKnn(knn, rows[i]!, p));
  return probs.map((p, i) => applyRules(d, texts[i]!, p));
}

/**
 * Label probabilities of every sentence of one document, in order, with document context
 * (neighbouring sentences, position) when the model uses it.
 */
export function scoreDocument(sentences: string[], schema: ElementSchema, model: ElementModel = loadElementModel()): Float64Array[] {
  const d = domainOf(model, schema);
  return scoreTexts(sentences, documentFeatureIds(sentences, model.featureConfig), d, model);
}

/** Label names predicted for every sentence of one document (in order, with context). */
export function classifyDocument(sentences: string[], schema: ElementSchema, model: ElementModel = loadElementModel()): string[][] {
  const d = domainOf(model, schema);
  return scoreDocument(sentences, schema, model).map((p) => d.labels.filter((_, l) => p[l]! >= d.thresholds[l]!).map((x) => x.name));
}

/** Every label's probability for one sentence (any script; simplified expected). */
export function scoreSentence(text: string, schema: ElementSchema, model: ElementModel = loadElementModel()): SentenceLabelScore[] {
  const d = domainOf(model, schema);
  const p = probabilities(text, d, model);
  return d.labels.map((l, i) => ({
    code: l.code,
    label: l.name,
    probability: p[i]!,
    threshold: d.thresholds[i]!,
    confidence: calibrate(p[i]!, d.thresholds[i]!),
  }));
}

/** Label names (as in the CAIL2019 labels files) predicted for one sentence, without context. */
export function classifySentence(text: string, schema: ElementSchema, model: ElementModel = loadElementModel()): string[] {
  const d = domainOf(model, schema);
  const p = probabilities(text, d, model);
  const out: string[] = [];
  for (let l = 0; l < d.labels.length; l++) if (p[l]! >= d.thresholds[l]!) out.push(d.labels[l]!.name);
  return out;
}

/**
 * Elements found in the narrative, per label: confidence = the best sentence's calibrated
 * probability, evidence = every sentence at or above the label's threshold.
 */
export function classifyElements(p: ElementInput, schemas: ElementSchema[], model?: ElementModel): LegalElement[] {
  const m = model ?? loadElementModel();
  const out: LegalElement[] = [];
  for (const schema of [...new Set(schemas)]) {
    const d = domainOf(m, schema);
    const found = new Map<number, LegalElement>();
    const spans = p.sentences.filter((s) => p.normalized.slice(s.start, s.end).trim() !== "");
    const texts = spans.map((s) => p.normalized.slice(s.start, s.end));
    const scores = scoreDocument(texts, schema, m);
    for (let si = 0; si < spans.length; si++) {
      const span = spans[si]!;
      const probs = scores[si]!;
      for (let l = 0; l < d.labels.length; l++) {
        const t = d.thresholds[l]!;
        if (probs[l]! < t) continue;
        const confidence = calibrate(probs[l]!, t);
        const evidence: Span = { text: p.original.slice(span.start, span.end), start: span.start, end: span.end };
        const e = found.get(l);
        if (e) {
          e.confidence = Math.max(e.confidence, confidence);
          e.evidence.push(evidence);
        } else {
          const def = d.labels[l]!;
          found.set(l, { schema, label: def.name, code: def.code, confidence, evidence: [evidence] });
        }
      }
    }
    out.push(...[...found.values()].sort((a, b) => b.confidence - a.confidence));
  }
  return out;
}

/** Which element schema fits a dispute type: marriage/support → divorce, labor → labor, lending → loan. */
export function schemasForType(code: DisputeTypeCode): ElementSchema[] {
  switch (code) {
    case "marriage-family":
    case "support":
      return ["divorce"];
    case "labor":
      return ["labor"];
    case "private-lending":
      return ["loan"];
    default:
      return [];
  }
}
