import { z } from "zod";
import { codesOf, DEPARTMENTS, MEDIATION_APPROACHES, TIME_LIMIT_CLASSES } from "./codes.ts";
import { CaseAnalysisSchema, DisputeTypeSchema, EngineSchema, RiskSchema } from "./case-analysis.ts";

/** An article quoted exactly from the statute corpus. */
export const StatuteCitationSchema = z.object({
  /** Full title as in the corpus heading, e.g. 中华人民共和国民法典. */
  law: z.string(),
  /** Article number as an integer (第一千零八十四条 → 1084). */
  article: z.number().int().positive(),
  /** Sub-number for 第N条之M articles. */
  articleSub: z.number().int().positive().optional(),
  /** Chinese label, e.g. 第一千零八十四条. */
  label: z.string(),
  /** Exact article text from the corpus. */
  text: z.string(),
  /** Why this article applies: which contested point or fact. */
  reason: z.string(),
  /** Contested-point codes the citation supports. */
  supports: z.array(z.string()),
  score: z.number().optional(),
});
export type StatuteCitation = z.infer<typeof StatuteCitationSchema>;

export const PlanStepSchema = z.object({
  order: z.number().int().positive(),
  title: z.string(),
  detail: z.string(),
});

export const TalkingPointSchema = z.object({
  /** Contested-point code the talking point addresses. */
  point: z.string(),
  pointName: z.string(),
  text: z.string(),
});

export const MediationPlanSchema = z.object({
  approaches: z.array(z.object({ code: z.enum(codesOf(MEDIATION_APPROACHES)), name: z.string(), why: z.string() })),
  steps: z.array(PlanStepSchema),
  verify: z.array(z.string()),
  evidenceToGather: z.array(z.string()),
  departments: z.array(z.object({ code: z.enum(codesOf(DEPARTMENTS)), name: z.string(), why: z.string() })),
  timeLimit: z.object({ class: z.enum(codesOf(TIME_LIMIT_CLASSES)), days: z.number().int().positive(), why: z.string() }),
  talkingPoints: z.array(TalkingPointSchema),
  /** Plain-language summary for the mediator (or the LLM's wording when on). */
  summary: z.string(),
});
export type MediationPlan = z.infer<typeof MediationPlanSchema>;

export const SimilarCaseSchema = z.object({
  id: z.string(),
  title: z.string(),
  typeCode: z.string(),
  summary: z.string(),
  plan: z.string(),
  outcome: z.string(),
  score: z.number(),
  source: z.string(),
});
export type SimilarCase = z.infer<typeof SimilarCaseSchema>;

export const RecommendationSchema = z.object({
  engine: EngineSchema,
  /** Set when an LLM was asked but the offline engine answered instead. */
  fallbackReason: z.string().optional(),
  type: DisputeTypeSchema,
  risk: RiskSchema,
  plan: MediationPlanSchema,
  legalBasis: z.array(StatuteCitationSchema),
  similarCases: z.array(SimilarCaseSchema),
  analysis: CaseAnalysisSchema,
});
export type Recommendation = z.infer<typeof RecommendationSchema>;
