// Case ingest from JSONL (demo cases, imports) and from the typical-case markdown of the corpus.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { MediateError } from "@mediate/core";
import type { CaseRecord, Embeddings } from "../types.ts";
import type { Store } from "../store/types.ts";
import { parseCaseJsonl, type CaseLineProblem } from "../cases/case-record.ts";
import { parseTypicalCase } from "../cases/typical-case-parser.ts";
import { listCaseFiles } from "../statutes/corpus-files.ts";

export type CaseIngestReport = {
  cases: number;
  problems: CaseLineProblem[];
  skippedFiles: string[];
  /** Cited statutes dropped because the store has no such article. */
  droppedCitations: number;
};

/** The text a case is embedded from. */
export function caseEmbeddingText(c: Pick<CaseRecord, "title" | "narrative">): string {
  return `${c.title}：${c.narrative}`;
}

async function writeCases(store: Store, embeddings: Embeddings, records: CaseRecord[]): Promise<void> {
  for (let i = 0; i < records.length; i += 128) {
    const batch = records.slice(i, i + 128);
    const vectors = await embeddings.embedDocuments(batch.map(caseEmbeddingText));
    await store.upsertCases(batch.map((c, j) => ({ ...c, embedding: vectors[j] ?? null })));
  }
}

export async function ingestCasesFromJsonl(opts: { store: Store; embeddings: Embeddings; file: string; source?: string }): Promise<CaseIngestReport> {
  let text: string;
  try {
    text = await readFile(opts.file, "utf8");
  } catch (cause) {
    throw new MediateError("not_found", `case file not found: ${opts.file}`, { cause, details: { file: opts.file } });
  }
  const { records, problems } = parseCaseJsonl(text, opts.source ?? `import:${path.basename(opts.file)}`);
  await writeCases(opts.store, opts.embeddings, records);
  return { cases: records.length, problems, skippedFiles: [], droppedCitations: 0 };
}

/** Typical cases under `<corpusDir>/案例/`; citations are kept only if the store has the article. */
export async function ingestTypicalCases(opts: { store: Store; embeddings: Embeddings; corpusDir: string }): Promise<CaseIngestReport> {
  const files = await listCaseFiles(opts.corpusDir);
  const records: CaseRecord[] = [];
  const skippedFiles: string[] = [];
  let droppedCitations = 0;
  for (const file of files) {
    const { record, skipped } = parseTypicalCase(file, await readFile(path.join(opts.corpusDir, file), "utf8"));
    if (!record) {
      skippedFiles.push(skipped ?? file);
      continue;
    }
    const found = await opts.store.findArticles(record.statutes);
    droppedCitations += record.statutes.length - found.length;
    record.statutes = found.map((a) => ({ law: a.law, article: a.article }));
    records.push(record);
  }
  await writeCases(opts.store, opts.embeddings, records);
  return { cases: records.length, problems: [], skippedFiles, droppedCitations };
}
