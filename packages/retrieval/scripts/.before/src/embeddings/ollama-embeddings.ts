// Ollama embeddings (e.g. bge-m3, a strong multilingual model for Chinese) through
// @langchain/ollama, which speaks Ollama's /api/embed.
import { OllamaEmbeddings } from "@langchain/ollama";
import { MediateError } from "@mediate/core";
import type { Embeddings } from "../types.ts";
import { embedWithinBudget, truncateToTokenBudget } from "./token-budget.ts";
import { wrapEmbeddingError } from "./embedding-errors.ts";

export type OllamaEmbeddingsSettings = {
  /** e.g. bge-m3 */
  model: string;
  /** default http://127.0.0.1:11434 */
  baseUrl?: string;
  dimensions?: number;
  /** Input budget per text in tokens (default 8192, bge-m3's context). */
  maxTokens?: number;
};

export async function createOllamaEmbeddings(settings: OllamaEmbeddingsSettings): Promise<Embeddings> {
  if (!settings.model) throw new MediateError("invalid_input", "Ollama embeddings: a model name is required");
  const baseUrl = settings.baseUrl ?? "http://127.0.0.1:11434";
  const maxTokens = settings.maxTokens ?? 8192;
  const client = new OllamaEmbeddings({ model: settings.model, baseUrl, truncate: true, maxRetries: 2 });
  const embedDocuments = (texts: string[]) =>
    wrapEmbeddingError(baseUrl, () => embedWithinBudget(texts, maxTokens, (batch) => client.embedDocuments(batch)));
  const embedQuery = (text: string) => wrapEmbeddingError(baseUrl, () => client.embedQuery(truncateToTokenBudget(text, maxTokens)));
  const dimensions = settings.dimensions ?? (await embedQuery("维度探测")).length;
  return { model: `ollama:${settings.model}`, dimensions, embedDocuments, embedQuery };
}
