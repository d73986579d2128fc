// Defusers (气话, 开玩笑, 早就过去了): words in the same sentence as a threat, self-harm or
// violence cue that say the speaker did not mean it or that it is long over. They step the
// signal down rather than drop it, because a respondent calling a death threat "只是气话" is
// itself no reason for the mediator to stand down. Kept as data under `defusers` in
// corpora/taxonomy/risk-signals.json (read here because the shared taxonomy schema has no
// such field; an older file without it simply has no defusers).
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { MediateError } from "../errors/mediate-error.ts";

export const RiskDefusersSchema = z.object({
  cues: z.array(z.string().min(1)),
  /** Signal codes the defusers apply to. */
  signals: z.array(z.string().min(1)),
});
export type RiskDefusers = z.infer<typeof RiskDefusersSchema>;

export const NO_DEFUSERS: RiskDefusers = { cues: [], signals: [] };

/** The `defusers` of a parsed risk-signals.json object (none when absent). */
export function parseRiskDefusers(raw: unknown): RiskDefusers {
  const value = typeof raw === "object" && raw !== null ? (raw as { defusers?: unknown }).defusers : undefined;
  if (value === undefined) return NO_DEFUSERS;
  const parsed = RiskDefusersSchema.safeParse(value);
  if (!parsed.success) {
    throw new MediateError("internal", `risk-signals.json: invalid defusers: ${parsed.error.issues[0]?.message ?? "unknown"}`);
  }
  return parsed.data;
}

const cache = new Map<string, RiskDefusers>();

/** Defusers of `<taxonomyDir>/risk-signals.json`, read once per directory. */
export function loadRiskDefusers(taxonomyDir: string): RiskDefusers {
  let d = cache.get(taxonomyDir);
  if (!d) {
    const file = path.join(taxonomyDir, "risk-signals.json");
    try {
      d = parseRiskDefusers(JSON.parse(readFileSync(file, "utf8")));
    } catch (cause) {
      if (cause instanceof MediateError) throw cause;
      throw new MediateError("internal", `Taxonomy file ${file} cannot be read as JSON`, { cause, details: { file } });
    }
    cache.set(taxonomyDir, d);
  }
  return d;
}
