import type { ElementSchema, Recommendation } from "@mediate/core";

export type RecommendInput = {
  text: string;
  id?: string;
  /** Element schemas to run; default from the dispute type. */
  schemas?: ElementSchema[];
  /** Legal-basis entries to return (default 6). */
  maxCitations?: number;
  /** Similar cases to return (default 3). */
  maxCases?: number;
};

/** Anything that turns a narrative into 类型-方案-法律依据: the offline engine, or the LLM wrapper around it. */
export interface Recommender {
  recommend(input: RecommendInput, signal?: AbortSignal): Promise<Recommendation>;
}
