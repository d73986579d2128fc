import { MediateError, isMediateError } from "@mediate/core";

/** Network and API failures of a remote embedding service become one clear MediateError. */
export async function wrapEmbeddingError<T>(where: string, fn: () => Promise<T>): Promise<T> {
  try {
    const value = await fn();
    if (Array.isArray(value) && value.some((v) => Array.isArray(v) ? v.length === 0 : false)) {
      throw new MediateError("llm_invalid_output", `embedding service at ${where} returned an empty vector`);
    }
    return value;
  } catch (cause) {
    if (isMediateError(cause)) throw cause;
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new MediateError("llm_unavailable", `embedding service at ${where} failed: ${message}`, { cause, details: { where } });
  }
}
