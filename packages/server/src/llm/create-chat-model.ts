// Builds the configured chat model and LLM recommender from LlmSettings (see llm-settings.ts).
import type { Recommender } from "../recommendation/types.ts";
import type { ChatModel } from "./chat-model.ts";
import { createLlmRecommender, type LlmRecommenderOptions } from "./llm-recommender.ts";
import type { LlmSettings } from "./llm-settings.ts";
import { createOllamaChatModel } from "./ollama-chat-model.ts";
import { createOpenAiChatModel } from "./openai-chat-model.ts";

export function createChatModel(settings: LlmSettings): ChatModel {
  return settings.provider === "openai"
    ? createOpenAiChatModel({
        baseUrl: settings.baseUrl,
        model: settings.model,
        ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
        timeoutMs: settings.timeoutMs,
        streaming: settings.streaming,
      })
    : createOllamaChatModel({ baseUrl: settings.baseUrl, model: settings.model, streaming: settings.streaming });
}

/**
 * The recommender the server should use: the offline one when the LLM is off (settings null),
 * else the LLM wrapper around it.
 */
export function recommenderFromSettings(
  settings: LlmSettings | null,
  offline: Recommender,
  extra: Pick<LlmRecommenderOptions, "getArticle" | "logger" | "breaker"> = {},
): Recommender {
  if (!settings) return offline;
  return createLlmRecommender({
    offline,
    model: createChatModel(settings),
    timeoutMs: settings.timeoutMs,
    retry: { retries: settings.retries },
    circuit: { failureThreshold: settings.circuitFailureThreshold, cooldownMs: settings.circuitCooldownMs },
    maskNames: settings.maskNames,
    narrativeTokenBudget: settings.narrativeTokenBudget,
    ...extra,
  });
}
