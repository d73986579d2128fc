// One entry point for every embedding backend; the environment is read only in
// createEmbeddingsFromEnv (CLI and server start-up).
import { MediateError } from "@mediate/core";
import type { Embeddings } from "../types.ts";
import { createOfflineEmbeddings } from "./offline-embeddings.ts";
import { createOpenAIEmbeddings } from "./openai-embeddings.ts";
import { createOllamaEmbeddings } from "./ollama-embeddings.ts";

export const EMBEDDING_BACKENDS = ["offline", "openai", "ollama"] as const;
export type EmbeddingBackend = (typeof EMBEDDING_BACKENDS)[number];

export type EmbeddingsSettings =
  | { backend: "offline"; dimensions?: number }
  | { backend: "openai"; model: string; baseUrl?: string; apiKey?: string; dimensions?: number; maxTokens?: number }
  | { backend: "ollama"; model: string; baseUrl?: string; dimensions?: number; maxTokens?: number };

export { OFFLINE_DEFAULT_DIMENSIONS } from "./offline-embeddings.ts";

export async function createEmbeddings(settings: EmbeddingsSettings): Promise<Embeddings> {
  switch (settings.backend) {
    case "offline":
      return createOfflineEmbeddings({ dimensions: settings.dimensions });
    case "openai":
      return createOpenAIEmbeddings(settings);
    case "ollama":
      return createOllamaEmbeddings(settings);
  }
}

function positiveInt(env: Record<string, string | undefined>, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new MediateError("invalid_input", `${name} must be a positive integer (got "${raw}")`);
  return n;
}

/**
 * MEDIATE_EMBEDDINGS=offline|openai|ollama (default offline), MEDIATE_EMBEDDINGS_MODEL,
 * MEDIATE_EMBEDDINGS_BASE_URL, MEDIATE_EMBEDDINGS_API_KEY (else OPENAI_API_KEY),
 * MEDIATE_EMBEDDINGS_DIMENSIONS, MEDIATE_EMBEDDINGS_MAX_TOKENS.
 */
export function embeddingsSettingsFromEnv(env: Record<string, string | undefined>): EmbeddingsSettings {
  const backend = (env.MEDIATE_EMBEDDINGS ?? "offline").trim() || "offline";
  const dimensions = positiveInt(env, "MEDIATE_EMBEDDINGS_DIMENSIONS");
  const maxTokens = positiveInt(env, "MEDIATE_EMBEDDINGS_MAX_TOKENS");
  const baseUrl = env.MEDIATE_EMBEDDINGS_BASE_URL || undefined;
  const opt = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  switch (backend) {
    case "offline":
      return opt({ backend, dimensions });
    case "openai":
      return opt({
        backend,
        model: env.MEDIATE_EMBEDDINGS_MODEL || "text-embedding-3-small",
        baseUrl,
        apiKey: env.MEDIATE_EMBEDDINGS_API_KEY || env.OPENAI_API_KEY || undefined,
        dimensions,
        maxTokens,
      });
    case "ollama":
      return opt({ backend, model: env.MEDIATE_EMBEDDINGS_MODEL || "bge-m3", baseUrl, dimensions, maxTokens });
    default:
      throw new MediateError(
        "invalid_input",
        `MEDIATE_EMBEDDINGS must be one of ${EMBEDDING_BACKENDS.join(", ")} (got "${backend}")`,
      );
  }
}

export function createEmbeddingsFromEnv(env: Record<string, string | undefined> = process.env): Promise<Embeddings> {
  return createEmbeddings(embeddingsSettingsFromEnv(env));
}
