// Playbooks (corpora/playbooks/*.json): one per dispute type, plus talking-points.json
// shared by all types. Loaded and validated once; every code is checked against codes.ts.
import { codesOf, DEPARTMENTS, DISPUTE_TYPE_CODES, MEDIATION_APPROACHES, MediateError, TIME_LIMIT_CLASSES } from "@mediate/core";
import type { DisputeTypeCode } from "@mediate/core";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const ApproachCode = z.enum(codesOf(MEDIATION_APPROACHES));
const DepartmentCode = z.enum(codesOf(DEPARTMENTS));
const Text = z.string().min(1);

export const PlaybookSchema = z.strictObject({
  type: z.enum(DISPUTE_TYPE_CODES),
  name: Text,
  summary: Text,
  approaches: z.array(z.strictObject({ code: ApproachCode, why: Text })).min(1),
  steps: z.array(z.strictObject({ title: Text, detail: Text })).min(3),
  verify: z.array(Text).min(1),
  evidence: z.array(Text).min(1),
  departments: z.array(z.strictObject({ code: DepartmentCode, why: Text })),
  timeLimit: z.enum(codesOf(TIME_LIMIT_CLASSES)),
  /** Type-specific wording per contested-point code; falls back to talking-points.json. */
  talkingPoints: z.record(z.string(), Text),
});
export type Playbook = z.infer<typeof PlaybookSchema>;

export const PointGuideSchema = z.strictObject({
  talk: Text,
  verify: z.array(Text),
  evidence: z.array(Text),
  departments: z.array(z.strictObject({ code: DepartmentCode, why: Text })).optional(),
});
export type PointGuide = z.infer<typeof PointGuideSchema>;

export const TalkingPointsFileSchema = z.strictObject({
  version: z.number().int(),
  description: z.string().optional(),
  points: z.record(z.string(), PointGuideSchema),
});

export type Playbooks = {
  byType: Map<DisputeTypeCode, Playbook>;
  points: Map<string, PointGuide>;
  dir: string;
};

export function defaultPlaybookDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../corpora/playbooks");
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (cause) {
    throw new MediateError("internal", `Playbook file ${file} cannot be read as JSON`, { cause, details: { file } });
  }
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, file: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".")}: ${i.message}`);
  throw new MediateError("internal", `Playbook file ${file} is invalid: ${issues.join("; ")}`, { details: { file, issues } });
}

/**
 * Reads every playbook of `dir`. With `pointCodes` (the contested-point codes of the
 * taxonomy) it also checks that every point code used exists and every point has a guide.
 */
export function loadPlaybooks(dir: string = defaultPlaybookDir(), options: { pointCodes?: Iterable<string> } = {}): Playbooks {
  const byType = new Map<DisputeTypeCode, Playbook>();
  for (const name of readdirSync(dir).filter((f) => f.endsWith(".json") && f !== "talking-points.json").sort()) {
    const file = path.join(dir, name);
    const playbook = parseOrThrow(PlaybookSchema, readJson(file), file);
    if (name !== `${playbook.type}.json`) {
      throw new MediateError("internal", `Playbook ${file} declares type ${playbook.type}; name the file ${playbook.type}.json`);
    }
    byType.set(playbook.type, playbook);
  }
  const missing = DISPUTE_TYPE_CODES.filter((code) => !byType.has(code));
  if (missing.length > 0) throw new MediateError("internal", `No playbook for dispute type(s): ${missing.join(", ")}`, { details: { missing } });

  const tpFile = path.join(dir, "talking-points.json");
  const points = new Map(Object.entries(parseOrThrow(TalkingPointsFileSchema, readJson(tpFile), tpFile).points));

  if (options.pointCodes) {
    const known = new Set(options.pointCodes);
    const unknown = [...points.keys()].filter((c) => !known.has(c));
    for (const pb of byType.values()) unknown.push(...Object.keys(pb.talkingPoints).filter((c) => !known.has(c)));
    if (unknown.length > 0) throw new MediateError("internal", `Playbooks use unknown contested-point code(s): ${[...new Set(unknown)].join(", ")}`);
    const uncovered = [...known].filter((c) => !points.has(c));
    if (uncovered.length > 0) throw new MediateError("internal", `talking-points.json lacks contested point(s): ${uncovered.join(", ")}`);
  }
  return { byType, points, dir };
}
