// The output contracts of the prompt templates in prompts/. Whatever the narrative says,
// an answer is used only if it parses into these shapes.
import { z } from "zod";

const text = (max: number) => z.string().trim().min(1).max(max);

/** refine-analysis.v1 */
export const RefineAnalysisOutputSchema = z.object({
  contestedPoints: z
    .array(
      z.object({
        code: text(80),
        keep: z.boolean(),
        confidence: z.number().min(0).max(1),
        evidence: z.array(z.string().max(2000)).max(5).default([]),
        reason: z.string().max(500).optional(),
      }),
    )
    .max(50),
});
export type RefineAnalysisOutput = z.infer<typeof RefineAnalysisOutputSchema>;

/** write-plan.v1 */
export const WritePlanOutputSchema = z.object({
  summary: text(1000),
  steps: z.array(z.object({ title: text(100), detail: text(1000) })).min(1).max(12),
  talkingPoints: z.array(z.object({ point: text(80), text: text(1000) })).max(30).default([]),
  legalBasis: z
    .array(
      z.object({
        /** Id from the prompt's article list (A1 …). */
        ref: z.string().max(20).optional(),
        // Models sometimes name the article instead of the id; both are checked against the corpus.
        law: z.string().max(200).optional(),
        article: z.union([z.number(), z.string().max(40)]).optional(),
        reason: text(600),
        supports: z.array(z.string().max(80)).max(20).default([]),
      }),
    )
    .max(20)
    .default([]),
});
export type WritePlanOutput = z.infer<typeof WritePlanOutputSchema>;

const score = z.number().int().min(1).max(5);

/** judge-plan.v1 (LLM-as-judge for the eval harness). */
export const JudgePlanOutputSchema = z.object({
  scores: z.object({ typeFit: score, planFit: score, legalGrounding: score, safety: score, clarity: score }),
  comments: z.string().max(2000),
});
export type JudgePlanOutput = z.infer<typeof JudgePlanOutputSchema>;
