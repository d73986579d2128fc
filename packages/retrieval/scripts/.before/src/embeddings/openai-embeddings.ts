// OpenAI-compatible embeddings (OpenAI, Azure-style gateways, vLLM, LM Studio, one-api …)
// through @langchain/openai with any base URL.
import { OpenAIEmbeddings } from "@langchain/openai";
import { MediateError } from "@mediate/core";
import type { Embeddings } from "../types.ts";
import { embedWithinBudget, truncateToTokenBudget } from "./token-budget.ts";
import { wrapEmbeddingError } from "./embedding-errors.ts";

export type OpenAIEmbeddingsSettings = {
  model: string;
  /** e.g. http://127.0.0.1:8000/v1; default the OpenAI API. */
  baseUrl?: string;
  apiKey?: string;
  /** Requested output size (models that support it); otherwise probed with one call. */
  dimensions?: number;
  /** Input budget per text in tokens (default 8191, OpenAI's limit). */
  maxTokens?: number;
  batchSize?: number;
  timeoutMs?: number;
};

export async function createOpenAIEmbeddings(settings: OpenAIEmbeddingsSettings): Promise<Embeddings> {
  if (!settings.model) throw new MediateError("invalid_input", "OpenAI embeddings: a model name is required");
  const maxTokens = settings.maxTokens ?? 8191;
  const client = new OpenAIEmbeddings({
    model: settings.model,
    // The SDK refuses to start without a key; local gateways usually ignore it.
    apiKey: settings.apiKey ?? "not-needed",
    batchSize: settings.batchSize ?? 64,
    maxRetries: 2,
    ...(settings.dimensions ? { dimensions: settings.dimensions } : {}),
    ...(settings.timeoutMs ? { timeout: settings.timeoutMs } : {}),
    configuration: settings.baseUrl ? { baseURL: settings.baseUrl } : {},
  });
  const where = settings.baseUrl ?? "the OpenAI API";
  const embedDocuments = (texts: string[]) =>
    wrapEmbeddingError(where, () => embedWithinBudget(texts, maxTokens, (batch) => client.embedDocuments(batch)));
  const embedQuery = (text: string) => wrapEmbeddingError(where, () => client.embedQuery(truncateToTokenBudget(text, maxTokens)));
  const dimensions = settings.dimensions ?? (await embedQuery("维度探测")).length;
  return { model: `openai:${settings.model}`, dimensions, embedDocuments, embedQuery };
}
