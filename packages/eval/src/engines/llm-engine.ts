import { MediateError, type Recommendation } from "@mediate/core";
import { openRetrievalFromEnv } from "@mediate/retrieval/search/open-retrieval.ts";
import type { ChatModel } from "@mediate/server/llm/chat-model.ts";
import { parseStructured } from "@mediate/server/llm/chat-model.ts";
import { createLlmRecommender } from "@mediate/server/llm/llm-recommender.ts";
import { JudgePlanOutputSchema } from "@mediate/server/llm/llm-output-schemas.ts";
import { llmSettingsFromEnv } from "@mediate/server/llm/llm-settings.ts";
import { createOllamaChatModel } from "@mediate/server/llm/ollama-chat-model.ts";
import { createOpenAiChatModel } from "@mediate/server/llm/openai-chat-model.ts";
import { loadPromptTemplate, renderPrompt } from "@mediate/server/llm/prompt-templates.ts";
import { createRecommender } from "@mediate/server/recommendation/create-recommender.ts";
import type { EvalEngine, JudgeInput } from "./eval-engine.ts";
import { engineOver, requireStatutes } from "./offline-engine.ts";

const NOT_CONFIGURED =
  "engine llm needs MEDIATE_LLM_PROVIDER=openai|ollama and MEDIATE_LLM_MODEL (MEDIATE_LLM_BASE_URL, MEDIATE_LLM_API_KEY as the endpoint needs)";

/** The LLM wrapper around the offline recommender, configured like the server (MEDIATE_LLM_*). */
export async function createLlmEngine(settings: { env: Record<string, string | undefined>; needsRetrieval: boolean }): Promise<EvalEngine> {
  const llm = llmSettingsFromEnv(settings.env);
  if (!llm) throw new MediateError("llm_unavailable", NOT_CONFIGURED);
  const model: ChatModel =
    llm.provider === "openai"
      ? createOpenAiChatModel({ baseUrl: llm.baseUrl, model: llm.model, apiKey: llm.apiKey, timeoutMs: llm.timeoutMs, streaming: llm.streaming })
      : createOllamaChatModel({ baseUrl: llm.baseUrl, model: llm.model, streaming: llm.streaming });
  if (!settings.needsRetrieval) return { ...engineOver("llm", null, null), judge: createJudge(model) };
  const retrieval = await openRetrievalFromEnv(settings.env);
  await requireStatutes(retrieval);
  const recommender = createLlmRecommender({
    offline: createRecommender({ retrieval }),
    model,
    getArticle: (law, article, sub) => retrieval.getArticle(law, article, sub),
    timeoutMs: llm.timeoutMs,
    retry: { retries: llm.retries },
    // The harness wants every case answered by the LLM if it can be: no circuit breaking.
    circuit: { failureThreshold: Number.MAX_SAFE_INTEGER, cooldownMs: 0 },
    maskNames: llm.maskNames,
    narrativeTokenBudget: llm.narrativeTokenBudget,
  });
  return { ...engineOver("llm", retrieval, recommender), judge: createJudge(model) };
}

/** LLM-as-judge with prompts/judge-plan.v1.md: the mean of its five 1..5 rubric scores. */
export function createJudge(model: ChatModel): EvalEngine["judge"] {
  const template = loadPromptTemplate("judge-plan", 1);
  return async (input: JudgeInput, rec: Recommendation, signal?: AbortSignal) => {
    const { system, user } = renderPrompt(template, {
      narrative: stripDelimiters(input.text),
      reference: stripDelimiters(input.reference),
      recommendation: stripDelimiters(JSON.stringify(summarizeForJudge(rec))),
    });
    const answer = await model.complete({ messages: [{ role: "system", content: system }, { role: "user", content: user }], json: true, ...(signal ? { signal } : {}) });
    const parsed = parseStructured(answer, JudgePlanOutputSchema);
    if (!parsed.success) return null;
    const s = parsed.value.scores;
    return (s.typeFit + s.planFit + s.legalGrounding + s.safety + s.clarity) / 5;
  };
}

// The prompt fences data with <<<…>>> markers; data must not be able to close a fence itself.
const stripDelimiters = (text: string): string => text.replace(/<<<[^<>]*>>>/g, "");

function summarizeForJudge(rec: Recommendation) {
  return {
    type: rec.type.name,
    risk: rec.risk.level,
    plan: {
      approaches: rec.plan.approaches.map((a) => a.name),
      steps: rec.plan.steps.map((s) => `${s.title}：${s.detail}`),
      departments: rec.plan.departments.map((d) => d.name),
      timeLimit: rec.plan.timeLimit.class,
      summary: rec.plan.summary,
    },
    legalBasis: rec.legalBasis.map((c) => `${c.law}${c.label}：${c.reason}`),
  };
}
