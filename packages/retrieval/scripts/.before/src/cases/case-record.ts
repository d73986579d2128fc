import { DISPUTE_TYPE_CODES } from "@mediate/core";
import { z } from "zod";
import type { CaseRecord } from "../types.ts";

/** One CaseRecord per JSONL line; `source` defaults to the importing file. */
export const caseRecordSchema = z.object({
  id: z.string().trim().min(1).max(200),
  title: z.string().trim().min(1).max(300),
  typeCode: z.enum(DISPUTE_TYPE_CODES),
  narrative: z.string().trim().min(10).max(20_000),
  points: z.array(z.string().min(1)).default([]),
  plan: z.string().default(""),
  outcome: z.string().default(""),
  statutes: z.array(z.object({ law: z.string().min(1), article: z.number().int().positive() })).default([]),
  source: z.string().optional(),
});

export type CaseLineProblem = { line: number; message: string };

/** Parses JSONL text; bad lines are reported with their 1-based line number, the rest kept. */
export function parseCaseJsonl(text: string, defaultSource: string): { records: CaseRecord[]; problems: CaseLineProblem[] } {
  const records: CaseRecord[] = [];
  const problems: CaseLineProblem[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      problems.push({ line: i + 1, message: `invalid JSON: ${(e as Error).message}` });
      return;
    }
    const parsed = caseRecordSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      problems.push({ line: i + 1, message: `${issue?.path.join(".") || "record"}: ${issue?.message ?? "invalid"}` });
      return;
    }
    if (seen.has(parsed.data.id)) {
      problems.push({ line: i + 1, message: `duplicate id ${parsed.data.id}` });
      return;
    }
    seen.add(parsed.data.id);
    records.push({ ...parsed.data, source: parsed.data.source ?? defaultSource });
  });
  return { records, problems };
}
