// Loads the taxonomy kept as data in corpora/taxonomy/*.json, validates it with zod once
// and caches it. Every cross-reference (type ↔ point, regex syntax, the 24 type codes) is
// checked here so a bad edit fails loudly at start-up instead of silently matching nothing.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { z } from "zod";
import { DISPUTE_TYPES, DISPUTE_TYPE_CODES, RISK_LEVELS } from "../schema/codes.ts";
import { MediateError } from "../errors/mediate-error.ts";

const DisputeCode = z.enum(DISPUTE_TYPE_CODES);

const RegexSource = z.string().refine(
  (s) => {
    try {
      new RegExp(s, "g");
      return true;
    } catch {
      return false;
    }
  },
  { message: "invalid regular expression" },
);

const NonEmpty = z.string().min(1);

export const CueSetSchema = z.object({
  strong: z.array(NonEmpty).default([]),
  medium: z.array(NonEmpty).default([]),
  weak: z.array(NonEmpty).default([]),
  patterns: z.array(RegexSource).default([]),
});
export type CueSet = z.infer<typeof CueSetSchema>;

export const ArticleRefSchema = z.object({
  /** Full title exactly as in the corpus heading `# …`. */
  law: NonEmpty,
  article: z.number().int().positive(),
});
export type ArticleRef = z.infer<typeof ArticleRefSchema>;

export const ContestedPointDefSchema = z.object({
  code: z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "codes are kebab-case"),
  name: NonEmpty,
  types: z.array(DisputeCode).min(1),
  negatable: z.boolean(),
  cues: CueSetSchema,
  /** Phrases in which a cue does not count (离婚后 is not a wish to divorce). */
  exclude: z.array(NonEmpty).default([]),
  articles: z.array(ArticleRefSchema),
});
export type ContestedPointDef = z.infer<typeof ContestedPointDefSchema>;

export const ContestedPointsFileSchema = z.object({
  version: z.number().int(),
  description: z.string().optional(),
  points: z.array(ContestedPointDefSchema).min(1),
});

export const DisputeTypeDefSchema = z.object({
  code: DisputeCode,
  name: NonEmpty,
  /** Score every text starts with; `other` uses it as the fallback floor. */
  prior: z.number().default(0),
  cues: CueSetSchema,
  exclude: z.array(NonEmpty).default([]),
  /** More specific types this generic one gives way to (人身损害 → 道路交通事故). */
  yieldsTo: z.array(DisputeCode).default([]),
  /** Typical contested points and how much each one speaks for this type. */
  points: z.array(z.object({ code: NonEmpty, weight: z.number().positive() })),
  laws: z.array(NonEmpty),
  articles: z.array(ArticleRefSchema),
});
export type DisputeTypeDef = z.infer<typeof DisputeTypeDefSchema>;

export const DisputeTypesFileSchema = z.object({
  version: z.number().int(),
  description: z.string().optional(),
  tierWeights: z.object({
    strong: z.number().positive(),
    medium: z.number().positive(),
    weak: z.number().positive(),
    pattern: z.number().positive(),
  }),
  /** Weight of a contested point for a type it lists but the type does not weigh explicitly. */
  defaultPointWeight: z.number().nonnegative(),
  /** A generic type scoring ≤ its specific type / share is multiplied by factor. */
  yield: z.object({ share: z.number().positive(), factor: z.number().positive().max(1) }),
  /** Softmax temperature turning scores into confidences. */
  temperature: z.number().positive(),
  types: z.array(DisputeTypeDefSchema),
});
export type DisputeTypesFile = z.infer<typeof DisputeTypesFileSchema>;

const RiskLevel = z.enum(RISK_LEVELS);

export const RiskSignalDefSchema = z.object({
  code: z.string().regex(/^[a-z][a-z0-9-]*$/),
  label: NonEmpty,
  weight: z.number().positive(),
  negatable: z.boolean(),
  cues: CueSetSchema,
  exclude: z.array(NonEmpty).default([]),
  /** Contested points whose detection raises this signal too. */
  points: z.array(NonEmpty).default([]),
  /** The level this signal alone forces at least. */
  minLevel: RiskLevel.optional(),
});
export type RiskSignalDef = z.infer<typeof RiskSignalDefSchema>;

export const RiskSignalsFileSchema = z.object({
  version: z.number().int(),
  description: z.string().optional(),
  /** Lowest score for each level; checked from red down, below all is green. */
  levels: z.object({ red: z.number(), orange: z.number(), yellow: z.number() }),
  /** Extra weight per further distinct cue of the same signal, capped. */
  repeatBonus: z.object({ perCue: z.number().nonnegative(), max: z.number().nonnegative() }),
  signals: z.array(RiskSignalDefSchema).min(1),
  headCounts: z.object({
    code: NonEmpty,
    label: NonEmpty,
    tiers: z.array(z.object({ min: z.number().int().positive(), weight: z.number().positive(), minLevel: RiskLevel.optional() })).min(1),
  }),
  amounts: z.object({
    code: NonEmpty,
    label: NonEmpty,
    tiers: z.array(z.object({ min: z.number().positive(), weight: z.number().positive(), minLevel: RiskLevel.optional() })).min(1),
  }),
  combos: z.array(
    z.object({ all: z.array(NonEmpty).min(2), minLevel: RiskLevel, label: NonEmpty }),
  ),
});
export type RiskSignalsFile = z.infer<typeof RiskSignalsFileSchema>;

export const NegationRulesSchema = z.object({
  version: z.number().int(),
  description: z.string().optional(),
  clauseBreaks: z.array(NonEmpty),
  scopeBreakers: z.array(NonEmpty),
  negators: z.array(z.object({ word: NonEmpty, window: z.number().int().nonnegative() })).min(1),
  postWindow: z.number().int().nonnegative(),
  postNegators: z.array(NonEmpty),
  doubleNegations: z.array(NonEmpty),
  questions: z.array(NonEmpty),
  pseudoNegations: z.array(NonEmpty),
});
export type NegationRules = z.infer<typeof NegationRulesSchema>;

export type Taxonomy = {
  points: ContestedPointDef[];
  pointByCode: Map<string, ContestedPointDef>;
  types: DisputeTypesFile;
  typeByCode: Map<string, DisputeTypeDef>;
  risk: RiskSignalsFile;
  negation: NegationRules;
  /** Directory the files were read from. */
  dir: string;
};

/** corpora/taxonomy of this checkout (packages/core/src/taxonomy → repo root). */
export function defaultTaxonomyDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../corpora/taxonomy");
}

function readJson<T>(dir: string, file: string, schema: z.ZodType<T>): T {
  const full = path.join(dir, file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(full, "utf8"));
  } catch (cause) {
    throw new MediateError("internal", `Taxonomy file ${full} cannot be read as JSON`, { cause, details: { file: full } });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new MediateError("internal", `Taxonomy file ${full} is invalid: ${issues.join("; ")}`, {
      details: { file: full, issues },
    });
  }
  return parsed.data;
}

function invalid(message: string, details: Record<string, unknown> = {}): never {
  throw new MediateError("internal", `Taxonomy is inconsistent: ${message}`, { details });
}

function crossCheck(t: Taxonomy): void {
  if (t.pointByCode.size !== t.points.length) invalid("duplicate contested-point code");
  if (t.typeByCode.size !== t.types.types.length) invalid("duplicate dispute-type code");
  for (const def of DISPUTE_TYPES) {
    const got = t.typeByCode.get(def.code);
    if (!got) invalid(`dispute type ${def.code} missing from dispute-types.json`, { code: def.code });
    if (got.name !== def.name) invalid(`dispute type ${def.code} is named ${got.name}, expected ${def.name}`);
  }
  for (const type of t.types.types) {
    for (const ref of type.points) {
      const point = t.pointByCode.get(ref.code);
      if (!point) invalid(`type ${type.code} lists unknown point ${ref.code}`);
      if (!point.types.includes(type.code)) invalid(`type ${type.code} lists point ${ref.code}, which does not list the type`);
    }
  }
  const signals = new Set(t.risk.signals.map((s) => s.code));
  signals.add(t.risk.headCounts.code);
  signals.add(t.risk.amounts.code);
  for (const s of t.risk.signals) {
    for (const code of s.points) if (!t.pointByCode.has(code)) invalid(`risk signal ${s.code} lists unknown point ${code}`);
  }
  for (const c of t.risk.combos) {
    for (const code of c.all) if (!signals.has(code)) invalid(`risk combo lists unknown signal ${code}`);
  }
  const { red, orange, yellow } = t.risk.levels;
  if (!(red > orange && orange > yellow && yellow > 0)) invalid("risk level thresholds must be red > orange > yellow > 0");
}

/** Reads and validates the four taxonomy files of `dir` (no caching). */
export function readTaxonomy(dir: string = defaultTaxonomyDir()): Taxonomy {
  const points = readJson(dir, "contested-points.json", ContestedPointsFileSchema).points;
  const types = readJson(dir, "dispute-types.json", DisputeTypesFileSchema);
  const taxonomy: Taxonomy = {
    points,
    pointByCode: new Map(points.map((p) => [p.code, p])),
    types,
    typeByCode: new Map(types.types.map((t) => [t.code, t])),
    risk: readJson(dir, "risk-signals.json", RiskSignalsFileSchema),
    negation: readJson(dir, "negation.json", NegationRulesSchema),
    dir,
  };
  crossCheck(taxonomy);
  return taxonomy;
}

let cached: Taxonomy | undefined;

/** The taxonomy of this checkout, loaded once per process. */
export function loadTaxonomy(): Taxonomy {
  cached ??= readTaxonomy();
  return cached;
}
