import { z } from "zod";
import { DISPUTE_TYPE_CODES, ELEMENT_SCHEMAS, RISK_LEVELS } from "./codes.ts";

/** Longest narrative accepted, in characters (UTF-16 code units after NFC). */
export const MAX_TEXT_LENGTH = 30_000;

/** A piece of the original text: `start`/`end` are UTF-16 offsets into the input as given. */
export const SpanSchema = z.object({
  text: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});
export type Span = z.infer<typeof SpanSchema>;

export const PartyRoleSchema = z.enum([
  "applicant", // 申请人/来访人
  "respondent", // 被申请人/对方
  "third-party",
  "unknown",
]);

export const RelationSchema = z.enum([
  "spouse",
  "ex-spouse",
  "parent-child",
  "sibling",
  "relative",
  "employer-worker",
  "contractor-worker",
  "landlord-tenant",
  "neighbor",
  "lender-borrower",
  "buyer-seller",
  "carrier-shipper",
  "owner-property-manager",
  "doctor-patient",
  "villager-village",
  "other",
]);
export type Relation = z.infer<typeof RelationSchema>;

export const PartySchema = z.object({
  /** Surface form: a name (张某), a kinship term (丈夫) or a role word (老板). */
  mention: z.string(),
  /** Role word normalised: 丈夫, 妻子, 儿子, 老板, 工人, 房东, 租客, 邻居, 物业 … */
  label: z.string(),
  role: PartyRoleSchema,
  relation: RelationSchema.optional(),
  count: z.number().int().positive().optional(),
  spans: z.array(SpanSchema),
});
export type Party = z.infer<typeof PartySchema>;

export const AmountSchema = SpanSchema.extend({
  /** Value in yuan. */
  value: z.number().nonnegative(),
  currency: z.literal("CNY"),
  approximate: z.boolean(),
  /** What the money is, when said nearby: 工资, 工程款, 运费, 借款, 抚养费 … */
  purpose: z.string().optional(),
});
export type Amount = z.infer<typeof AmountSchema>;

export const HeadCountSchema = SpanSchema.extend({
  count: z.number().int().positive(),
  /** Who is counted: 农民工, 工人, 村民 … */
  who: z.string(),
  approximate: z.boolean(),
});
export type HeadCount = z.infer<typeof HeadCountSchema>;

export const TimeExpressionSchema = SpanSchema.extend({
  kind: z.enum(["date", "relative", "duration", "period"]),
  /** ISO date (YYYY, YYYY-MM or YYYY-MM-DD) when the text fixes one. */
  iso: z.string().optional(),
  /** Length in days for durations (三个月 → 90). */
  days: z.number().nonnegative().optional(),
});
export type TimeExpression = z.infer<typeof TimeExpressionSchema>;

export const DemandSchema = SpanSchema.extend({
  /** Who wants it, as a party label, when the text says. */
  by: z.string().optional(),
  /** The demand in brief: 支付拖欠工资, 离婚, 抚养孩子, 赔偿损失 … */
  summary: z.string(),
});
export type Demand = z.infer<typeof DemandSchema>;

/** 人/事/地/时/因 plus money, head counts and demands. */
export const FactsSchema = z.object({
  parties: z.array(PartySchema),
  events: z.array(SpanSchema),
  places: z.array(SpanSchema),
  times: z.array(TimeExpressionSchema),
  causes: z.array(SpanSchema),
  amounts: z.array(AmountSchema),
  headCounts: z.array(HeadCountSchema),
  demands: z.array(DemandSchema),
});
export type Facts = z.infer<typeof FactsSchema>;

export const EvidenceSchema = SpanSchema.extend({
  /** The cue that fired, as written in the text. */
  cue: z.string(),
});

export const ContestedPointSchema = z.object({
  code: z.string(),
  name: z.string(),
  confidence: z.number().min(0).max(1),
  /** Evidence sentences, each with offsets into the original text. */
  evidence: z.array(EvidenceSchema).min(1),
});
export type ContestedPoint = z.infer<typeof ContestedPointSchema>;

export const DisputeTypeCodeSchema = z.enum(DISPUTE_TYPE_CODES);

export const DisputeTypeSchema = z.object({
  code: DisputeTypeCodeSchema,
  name: z.string(),
  confidence: z.number().min(0).max(1),
  /** The next best types, best first (up to 3). */
  alternatives: z.array(
    z.object({ code: DisputeTypeCodeSchema, name: z.string(), confidence: z.number().min(0).max(1) }),
  ),
});
export type DisputeType = z.infer<typeof DisputeTypeSchema>;

export const ElementSchemaNameSchema = z.enum(ELEMENT_SCHEMAS);

export const LegalElementSchema = z.object({
  schema: ElementSchemaNameSchema,
  /** Chinese label name exactly as in the CAIL2019 labels file. */
  label: z.string(),
  /** Label code as in the labels file (DV1, LB3, LN12 …). */
  code: z.string(),
  confidence: z.number().min(0).max(1),
  /** Sentences that carry the element. */
  evidence: z.array(SpanSchema),
});
export type LegalElement = z.infer<typeof LegalElementSchema>;

export const RiskLevelSchema = z.enum(RISK_LEVELS);

export const RiskReasonSchema = z.object({
  code: z.string(),
  /** Plain Chinese reason shown to the mediator. */
  label: z.string(),
  weight: z.number(),
  evidence: z.array(SpanSchema),
});
export type RiskReason = z.infer<typeof RiskReasonSchema>;

export const RiskSchema = z.object({
  level: RiskLevelSchema,
  score: z.number().nonnegative(),
  reasons: z.array(RiskReasonSchema),
});
export type Risk = z.infer<typeof RiskSchema>;

export const SentenceSchema = SpanSchema;

export const EngineSchema = z.enum(["offline", "llm"]);

export const CaseAnalysisSchema = z.object({
  id: z.string().optional(),
  engine: EngineSchema,
  /** Script of the input as detected; offsets always refer to the input as given. */
  script: z.enum(["simplified", "traditional", "mixed"]),
  textLength: z.number().int().nonnegative(),
  type: DisputeTypeSchema,
  facts: FactsSchema,
  contestedPoints: z.array(ContestedPointSchema),
  elements: z.array(LegalElementSchema),
  risk: RiskSchema,
  sentences: z.array(SentenceSchema),
});
export type CaseAnalysis = z.infer<typeof CaseAnalysisSchema>;

export const AnalyzeOptionsSchema = z.object({
  /** Element schemas to run; default: chosen from the dispute type (divorce/labor/loan or none). */
  schemas: z.array(ElementSchemaNameSchema).optional(),
});
export type AnalyzeOptions = z.infer<typeof AnalyzeOptionsSchema>;
