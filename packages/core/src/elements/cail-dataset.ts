// Loading the CAIL2019 element data (one judgment per line) and the fixed document-order split.
import { readFileSync } from "node:fs";
import path from "node:path";
import { MediateError } from "../errors/mediate-error.ts";
import type { ElementSchema } from "../schema/codes.ts";

export type LabelDef = { code: string; name: string };
export type CailSentence = { sentence: string; labels: string[] };
export type CailDocument = { doc: number; sentences: CailSentence[] };
export type CailDomain = { schema: ElementSchema; labels: LabelDef[]; documents: CailDocument[] };

/** Share of documents (taken from the end, in file order) that form the dev split. */
export const DEV_FRACTION = 0.2;

export function loadLabels(file: string): LabelDef[] {
  const raw = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  // Codes are DV1..DV20; sort numerically so the label order is stable.
  return Object.entries(raw)
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => Number(a.code.replace(/\D/g, "")) - Number(b.code.replace(/\D/g, "")));
}

export function parseDocuments(jsonl: string, source: string): CailDocument[] {
  const docs: CailDocument[] = [];
  jsonl.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (cause) {
      throw new MediateError("invalid_json", `${source}:${i + 1}: invalid JSON`, { cause, details: { line: i + 1 } });
    }
    const doc = value as Partial<CailDocument>;
    if (!Array.isArray(doc.sentences)) {
      throw new MediateError("invalid_input", `${source}:${i + 1}: missing "sentences" array`, { details: { line: i + 1 } });
    }
    docs.push({
      doc: typeof doc.doc === "number" ? doc.doc : i,
      sentences: doc.sentences.map((s) => ({ sentence: String(s.sentence ?? ""), labels: (s.labels ?? []).map(String) })),
    });
  });
  return docs;
}

export function loadDomain(dataDir: string, schema: ElementSchema): CailDomain {
  const jsonl = path.join(dataDir, `${schema}.jsonl`);
  const labels = path.join(dataDir, `${schema}.labels.json`);
  let text: string;
  try {
    text = readFileSync(jsonl, "utf8");
  } catch (cause) {
    throw new MediateError("corpus_not_found", `CAIL2019 element data not found: ${jsonl}`, { cause });
  }
  return { schema, labels: loadLabels(labels), documents: parseDocuments(text, jsonl) };
}

/** Train = first 80% of documents, dev = last 20%, by file order. */
export function splitDocuments<T>(documents: T[]): { train: T[]; dev: T[] } {
  const cut = Math.floor(documents.length * (1 - DEV_FRACTION));
  return { train: documents.slice(0, cut), dev: documents.slice(cut) };
}
