import { describe, expect, it } from "vitest";
import { llmSettingsFromEnv } from "./llm-settings.ts";

describe("llmSettingsFromEnv", () => {
  it("is off by default", () => {
    expect(llmSettingsFromEnv({})).toBeNull();
    expect(llmSettingsFromEnv({ MEDIATE_LLM_PROVIDER: "off" })).toBeNull();
  });

  it("reads an OpenAI-compatible configuration", () => {
    const s = llmSettingsFromEnv({
      MEDIATE_LLM_PROVIDER: "openai",
      MEDIATE_LLM_BASE_URL: "http://10.0.0.5:8000/v1/",
      MEDIATE_LLM_MODEL: "Qwen2.5-7B-Instruct",
      MEDIATE_LLM_API_KEY: "k",
      MEDIATE_LLM_TIMEOUT_MS: "5000",
      MEDIATE_LLM_MASK_NAMES: "true",
    });
    expect(s).toMatchObject({ provider: "openai", baseUrl: "http://10.0.0.5:8000/v1", model: "Qwen2.5-7B-Instruct", apiKey: "k", timeoutMs: 5000, maskNames: true });
  });

  it("defaults the Ollama URL to the local daemon", () => {
    expect(llmSettingsFromEnv({ MEDIATE_LLM_PROVIDER: "ollama", MEDIATE_LLM_MODEL: "qwen2.5:7b" })?.baseUrl).toBe("http://127.0.0.1:11434");
  });

  it("names the variable that is wrong", () => {
    expect(() => llmSettingsFromEnv({ MEDIATE_LLM_PROVIDER: "gpt" })).toThrow(/MEDIATE_LLM_PROVIDER/);
    expect(() => llmSettingsFromEnv({ MEDIATE_LLM_PROVIDER: "openai" })).toThrow(/MEDIATE_LLM_MODEL/);
    expect(() => llmSettingsFromEnv({ MEDIATE_LLM_PROVIDER: "openai", MEDIATE_LLM_MODEL: "m", MEDIATE_LLM_TIMEOUT_MS: "soon" })).toThrow(/MEDIATE_LLM_TIMEOUT_MS/);
    expect(() => llmSettingsFromEnv({ MEDIATE_LLM_PROVIDER: "openai", MEDIATE_LLM_MODEL: "m", MEDIATE_LLM_BASE_URL: "ftp://x" })).toThrow(/MEDIATE_LLM_BASE_URL/);
    expect(() => llmSettingsFromEnv({ MEDIATE_LLM_PROVIDER: "openai", MEDIATE_LLM_MODEL: "m", MEDIATE_LLM_MASK_NAMES: "maybe" })).toThrow(/MEDIATE_LLM_MASK_NAMES/);
  });
});
