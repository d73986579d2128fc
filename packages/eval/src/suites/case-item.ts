import { z } from "zod";
import { codesOf, DEPARTMENTS, DISPUTE_TYPE_CODES, MEDIATION_APPROACHES, RISK_LEVELS, TIME_LIMIT_CLASSES } from "@mediate/core";

export const GoldArticleSchema = z.object({
  /** Full title exactly as in the corpus heading. */
  law: z.string().min(1),
  article: z.number().int().positive(),
});
export type GoldArticle = z.infer<typeof GoldArticleSchema>;

/** One labelled case of corpora/eval/*.jsonl. */
export const CaseItemSchema = z.object({
  id: z.string().min(1),
  text: z.string().min(1),
  form: z.enum(["narrative", "question"]),
  type: z.enum(DISPUTE_TYPE_CODES),
  /** Contested-point codes of corpora/taxonomy/contested-points.json. */
  points: z.array(z.string().min(1)),
  articles: z.array(GoldArticleSchema),
  plan: z.object({
    approaches: z.array(z.enum(codesOf(MEDIATION_APPROACHES))),
    departments: z.array(z.enum(codesOf(DEPARTMENTS))),
    timeLimit: z.enum(codesOf(TIME_LIMIT_CLASSES)),
  }),
  risk: z.enum(RISK_LEVELS),
  /** Free tags (hard, dialect, traditional, negation, multi-dispute, typo …). */
  tags: z.array(z.string()).optional(),
});
export type CaseItem = z.infer<typeof CaseItemSchema>;

/** corpora/retrieval-eval/questions.jsonl */
export const RetrievalQuestionSchema = z.object({
  id: z.string().min(1),
  question: z.string().min(1),
  gold: z.array(GoldArticleSchema).min(1),
  split: z.string().optional(),
});
export type RetrievalQuestion = z.infer<typeof RetrievalQuestionSchema>;

/** One judgment of the CAIL2019 element data. */
export const CailDocSchema = z.object({
  doc: z.union([z.string(), z.number()]).optional(),
  sentences: z.array(z.object({ sentence: z.string(), labels: z.array(z.string()) })),
});
export type CailDoc = z.infer<typeof CailDocSchema>;
