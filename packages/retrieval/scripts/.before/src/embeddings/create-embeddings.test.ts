import { describe, expect, it } from "vitest";
import { createEmbeddingsFromEnv, embeddingsSettingsFromEnv } from "./create-embeddings.ts";

describe("embeddings from the environment", () => {
  it("defaults to the offline backend", async () => {
    expect(embeddingsSettingsFromEnv({})).toEqual({ backend: "offline" });
    const e = await createEmbeddingsFromEnv({ MEDIATE_EMBEDDINGS_DIMENSIONS: "128" });
    expect(e.model).toBe("mediate-offline-hash-v1-128");
  });

  it("reads model, base URL, key and budgets for remote backends", () => {
    expect(
      embeddingsSettingsFromEnv({
        MEDIATE_EMBEDDINGS: "openai",
        MEDIATE_EMBEDDINGS_MODEL: "text-embedding-3-large",
        MEDIATE_EMBEDDINGS_BASE_URL: "http://127.0.0.1:8000/v1",
        OPENAI_API_KEY: "k",
        MEDIATE_EMBEDDINGS_MAX_TOKENS: "512",
      }),
    ).toEqual({ backend: "openai", model: "text-embedding-3-large", baseUrl: "http://127.0.0.1:8000/v1", apiKey: "k", maxTokens: 512 });
    expect(embeddingsSettingsFromEnv({ MEDIATE_EMBEDDINGS: "ollama" })).toEqual({ backend: "ollama", model: "bge-m3" });
  });

  it("rejects unknown backends and bad numbers with a clear message", () => {
    expect(() => embeddingsSettingsFromEnv({ MEDIATE_EMBEDDINGS: "magic" })).toThrow(/MEDIATE_EMBEDDINGS must be one of/);
    expect(() => embeddingsSettingsFromEnv({ MEDIATE_EMBEDDINGS_DIMENSIONS: "-1" })).toThrow(/positive integer/);
  });
});
