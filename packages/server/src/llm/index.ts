// LLM assistance: chat-model backends, settings, masking, resilience and the LLM recommender.
export type { ChatMessage, ChatModel, ChatRequest } from "./chat-model.ts";
export { parseStructured } from "./chat-model.ts";
export { createOpenAiChatModel, type OpenAiChatModelSettings } from "./openai-chat-model.ts";
export { createOllamaChatModel, type OllamaChatModelSettings } from "./ollama-chat-model.ts";
export { llmSettingsFromEnv, type LlmProvider, type LlmSettings } from "./llm-settings.ts";
export { createChatModel, recommenderFromSettings } from "./create-chat-model.ts";
export { createMasker, maskPersonalData, restorePersonalData, restoreDeep, type Masker, type MaskOptions } from "./mask-personal-data.ts";
export { createCircuitBreaker, type CircuitBreaker, type CircuitState } from "./circuit-breaker.ts";
export { withRetry, type RetrySettings } from "./retry.ts";
export { createLlmRecommender, type LlmLogger, type LlmRecommenderOptions } from "./llm-recommender.ts";
export { judgeRecommendation, type JudgeInput } from "./llm-judge.ts";
export { loadPromptTemplate, renderPrompt, type PromptTemplate } from "./prompt-templates.ts";
export { countTokens, truncateToTokens } from "./token-budget.ts";
export { JudgePlanOutputSchema, RefineAnalysisOutputSchema, WritePlanOutputSchema } from "./llm-output-schemas.ts";
