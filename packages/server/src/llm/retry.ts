// Bounded retries with exponential backoff and jitter, for transient LLM failures only.
import { MediateError } from "@mediate/core";

export type RetrySettings = {
  /** Extra attempts after the first (0 = no retry). */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Injected for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
};

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** 429, 5xx, timeouts and connection errors are worth another try; 4xx and bad output are not. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof MediateError) || error.code !== "llm_unavailable") return false;
  const status = error.details.httpStatus;
  if (typeof status === "number") return status === 408 || status === 429 || status >= 500;
  return true;
}

export function backoffDelay(attempt: number, settings: RetrySettings): number {
  const exp = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** attempt);
  // Full jitter in [exp/2, exp] so many clients don't retry in lock-step.
  return Math.round(exp / 2 + ((settings.random ?? Math.random)() * exp) / 2);
}

export async function withRetry<T>(fn: (attempt: number) => Promise<T>, settings: RetrySettings, signal?: AbortSignal): Promise<T> {
  const wait = settings.sleep ?? sleep;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= settings.retries || !isTransient(error) || signal?.aborted) throw error;
      await wait(backoffDelay(attempt, settings), signal);
    }
  }
}
