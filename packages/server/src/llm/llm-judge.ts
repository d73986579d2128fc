// LLM-as-judge for the evaluation harness (prompts/judge-plan.v1.md): scores a recommendation
// against the narrative. Returns a Result; a broken answer is a failure, not a throw.
import { fail, isMediateError, MediateError, type Recommendation, type Result } from "@mediate/core";
import { parseStructured, type ChatModel } from "./chat-model.ts";
import { JudgePlanOutputSchema, type JudgePlanOutput } from "./llm-output-schemas.ts";
import { createMasker } from "./mask-personal-data.ts";
import { loadPromptTemplate, renderPrompt } from "./prompt-templates.ts";
import { truncateToTokens } from "./token-budget.ts";

export type JudgeInput = {
  narrative: string;
  recommendation: Recommendation;
  /** Reference answer from the suite, if any. */
  reference?: string;
  signal?: AbortSignal;
  narrativeTokenBudget?: number;
};

const DELIMITER = /<<<\s*(?:案情数据|待评建议)\s*(?:开始|结束)\s*>>>/g;

export async function judgeRecommendation(model: ChatModel, input: JudgeInput): Promise<Result<JudgePlanOutput>> {
  const t = loadPromptTemplate("judge-plan", 1);
  const masker = createMasker();
  const r = input.recommendation;
  // What the judge needs, not the whole analysis.
  const summary = {
    type: r.type.name,
    risk: r.risk.level,
    plan: r.plan,
    legalBasis: r.legalBasis.map((c) => ({ law: c.law, label: c.label, reason: c.reason })),
  };
  const { system, user } = renderPrompt(t, {
    narrative: truncateToTokens(masker.mask(input.narrative.replace(DELIMITER, "")), input.narrativeTokenBudget ?? 3_000).text,
    recommendation: masker.mask(JSON.stringify(summary, null, 1)).replace(DELIMITER, ""),
    reference: input.reference ? masker.mask(input.reference) : "（无）",
  });
  try {
    const text = await model.complete({
      messages: [
        { role: "system", content: system },
        { role: "user", content: user },
      ],
      json: true,
      ...(input.signal ? { signal: input.signal } : {}),
    });
    return parseStructured(text, JudgePlanOutputSchema);
  } catch (error) {
    return fail(isMediateError(error) ? error : new MediateError("llm_unavailable", String(error), { cause: error }));
  }
}
