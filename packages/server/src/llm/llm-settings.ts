// LLM configuration from the environment; read only at the edge (server start-up, CLI).
import { MediateError } from "@mediate/core";

export type LlmProvider = "openai" | "ollama";

export type LlmSettings = {
  provider: LlmProvider;
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
  retries: number;
  streaming: boolean;
  /** Also mask personal names (not only IDs, phones, cards, addresses) before text leaves. */
  maskNames: boolean;
  /** Token budget for the narrative inside a prompt. */
  narrativeTokenBudget: number;
  circuitFailureThreshold: number;
  circuitCooldownMs: number;
};

const DEFAULT_BASE_URL: Record<LlmProvider, string> = {
  openai: "http://127.0.0.1:8000/v1",
  ollama: "http://127.0.0.1:11434",
};

function intVar(env: Record<string, string | undefined>, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new MediateError("invalid_input", `${name} must be an integer in [${min}, ${max}], got "${raw}"`, { details: { variable: name } });
  }
  return n;
}

function boolVar(env: Record<string, string | undefined>, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new MediateError("invalid_input", `${name} must be true or false, got "${env[name]}"`, { details: { variable: name } });
}

/**
 * null when the LLM is off (MEDIATE_LLM_PROVIDER unset, empty or "off") — the default.
 * Variables: MEDIATE_LLM_PROVIDER=openai|ollama, MEDIATE_LLM_BASE_URL, MEDIATE_LLM_MODEL (required),
 * MEDIATE_LLM_API_KEY, MEDIATE_LLM_TIMEOUT_MS (20000), MEDIATE_LLM_RETRIES (2), MEDIATE_LLM_STREAMING,
 * MEDIATE_LLM_MASK_NAMES, MEDIATE_LLM_NARRATIVE_TOKENS (3000), MEDIATE_LLM_CIRCUIT_FAILURES (5),
 * MEDIATE_LLM_CIRCUIT_COOLDOWN_MS (30000).
 */
export function llmSettingsFromEnv(env: Record<string, string | undefined>): LlmSettings | null {
  const provider = env.MEDIATE_LLM_PROVIDER?.trim().toLowerCase();
  if (!provider || provider === "off" || provider === "none") return null;
  if (provider !== "openai" && provider !== "ollama") {
    throw new MediateError("invalid_input", `MEDIATE_LLM_PROVIDER must be openai, ollama or off, got "${env.MEDIATE_LLM_PROVIDER}"`, {
      details: { variable: "MEDIATE_LLM_PROVIDER" },
    });
  }
  const model = env.MEDIATE_LLM_MODEL?.trim();
  if (!model) {
    throw new MediateError("invalid_input", `MEDIATE_LLM_MODEL is required when MEDIATE_LLM_PROVIDER=${provider}`, {
      details: { variable: "MEDIATE_LLM_MODEL" },
    });
  }
  const baseUrl = env.MEDIATE_LLM_BASE_URL?.trim() || DEFAULT_BASE_URL[provider];
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new MediateError("invalid_input", `MEDIATE_LLM_BASE_URL is not a URL: "${baseUrl}"`, { details: { variable: "MEDIATE_LLM_BASE_URL" } });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new MediateError("invalid_input", `MEDIATE_LLM_BASE_URL must be http(s), got "${url.protocol}"`, { details: { variable: "MEDIATE_LLM_BASE_URL" } });
  }
  const apiKey = env.MEDIATE_LLM_API_KEY?.trim() || undefined;
  return {
    provider,
    baseUrl: baseUrl.replace(/\/+$/, ""),
    model,
    ...(apiKey ? { apiKey } : {}),
    timeoutMs: intVar(env, "MEDIATE_LLM_TIMEOUT_MS", 20_000, 100, 600_000),
    retries: intVar(env, "MEDIATE_LLM_RETRIES", 2, 0, 5),
    streaming: boolVar(env, "MEDIATE_LLM_STREAMING", false),
    maskNames: boolVar(env, "MEDIATE_LLM_MASK_NAMES", false),
    narrativeTokenBudget: intVar(env, "MEDIATE_LLM_NARRATIVE_TOKENS", 3_000, 200, 100_000),
    circuitFailureThreshold: intVar(env, "MEDIATE_LLM_CIRCUIT_FAILURES", 5, 1, 100),
    circuitCooldownMs: intVar(env, "MEDIATE_LLM_CIRCUIT_COOLDOWN_MS", 30_000, 100, 3_600_000),
  };
}
