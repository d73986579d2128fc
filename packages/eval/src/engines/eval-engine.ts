import type { ElementSchema, Recommendation } from "@mediate/core";
import type { ArticleRef } from "../metrics/ranking.ts";

export const ENGINE_NAMES = ["offline", "llm"] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

/** What the LLM judge sees besides the recommendation: the narrative and the gold labels. */
export type JudgeInput = { text: string; reference: string };

/**
 * What the harness needs from an engine. Each capability is optional: a suite kind that needs a
 * missing one fails with a clear error. Tests inject fakes through this type.
 */
export type EvalEngine = {
  name: string;
  /** cases suites: the full 类型-方案-法律依据 recommendation. */
  recommend?(input: { id: string; text: string }, signal?: AbortSignal): Promise<Recommendation>;
  /** cail-elements suites: the element label names (Chinese, as in the labels file) of one sentence. */
  elements?(sentence: string, schema: ElementSchema): Promise<string[]>;
  /** retrieval-questions suites: ranked articles for a question. */
  searchStatutes?(query: string, k: number): Promise<ArticleRef[]>;
  /** Optional LLM-as-judge: mean rubric score 1..5, or null when the judge gave no usable answer. */
  judge?(input: JudgeInput, recommendation: Recommendation, signal?: AbortSignal): Promise<number | null>;
  close(): Promise<void>;
};
