// One base error for the whole project. Domain fields travel with the error; the server
// edge alone turns them into application/problem+json.
export type MediateErrorCode =
  | "empty_text"
  | "text_too_long"
  | "invalid_input"
  | "invalid_json"
  | "unknown_schema"
  | "binary_input"
  | "not_found"
  | "database_unavailable"
  | "vector_extension_missing"
  | "storage_read_only"
  | "storage_full"
  | "corpus_not_found"
  | "malformed_statute"
  | "llm_unavailable"
  | "llm_invalid_output"
  | "unauthorized"
  | "forbidden"
  | "rate_limited"
  | "payload_too_large"
  | "internal";

export class MediateError extends Error {
  readonly code: MediateErrorCode;
  /** HTTP status the server edge should use. */
  readonly status: number;
  /** Extra machine-readable facts (file, line, field, limit …). */
  readonly details: Record<string, unknown>;

  constructor(
    code: MediateErrorCode,
    message: string,
    options: { cause?: unknown; status?: number; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "MediateError";
    this.code = code;
    this.status = options.status ?? defaultStatus(code);
    this.details = options.details ?? {};
  }
}

function defaultStatus(code: MediateErrorCode): number {
  switch (code) {
    case "not_found":
    case "corpus_not_found":
      return 404;
    case "unauthorized":
      return 401;
    case "forbidden":
      return 403;
    case "rate_limited":
      return 429;
    case "payload_too_large":
    case "text_too_long":
      return 413;
    case "database_unavailable":
    case "vector_extension_missing":
    case "storage_read_only":
    case "storage_full":
    case "llm_unavailable":
      return 503;
    case "internal":
    case "llm_invalid_output":
      return 500;
    default:
      return 400;
  }
}

export function isMediateError(value: unknown): value is MediateError {
  return value instanceof MediateError;
}

/** Result of an operation whose failure is expected (parsing, LLM output). */
export type Result<T, E = MediateError> = { success: true; value: T } | { success: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ success: true, value });
export const fail = <E>(error: E): Result<never, E> => ({ success: false, error });
