// One plain interface for a chat model, whatever the backend (OpenAI-compatible or Ollama),
// and the structured-output helper that turns its text into zod-validated data.
import { fail, MediateError, ok, type Result } from "@mediate/core";
import type { z } from "zod";

export type ChatRole = "system" | "user" | "assistant";
export type ChatMessage = { role: ChatRole; content: string };

export type ChatRequest = {
  messages: ChatMessage[];
  signal?: AbortSignal;
  /** Ask the backend for a JSON object (response_format / format: "json") where it supports it. */
  json?: boolean;
};

export interface ChatModel {
  /** Provider and model, for logs and the recommendation's provenance. */
  readonly name: string;
  /** Full answer text. Throws MediateError("llm_unavailable") on transport or HTTP failure. */
  complete(request: ChatRequest): Promise<string>;
}

// Models wrap JSON in ```json fences or add a sentence around it; take the outermost object.
export function extractJsonText(text: string): string | null {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  const body = fenced?.[1] ?? text;
  const start = body.indexOf("{");
  const end = body.lastIndexOf("}");
  if (start < 0 || end <= start) return null;
  return body.slice(start, end + 1);
}

/** Parse and validate a model's answer; malformed or off-contract output is a failure, never a throw. */
export function parseStructured<T>(text: string, schema: z.ZodType<T>): Result<T> {
  const json = extractJsonText(text);
  if (json === null) {
    return fail(new MediateError("llm_invalid_output", "LLM answer contains no JSON object", { details: { preview: text.slice(0, 200) } }));
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (cause) {
    return fail(new MediateError("llm_invalid_output", "LLM answer is not valid JSON", { cause, details: { preview: json.slice(0, 200) } }));
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(
      new MediateError("llm_invalid_output", `LLM answer does not match the output contract: ${issue?.path.join(".") ?? ""} ${issue?.message ?? ""}`.trim(), {
        details: { issues: parsed.error.issues.slice(0, 5).map((i) => ({ path: i.path.join("."), message: i.message })) },
      }),
    );
  }
  return ok(parsed.data);
}

/** Turns a backend/transport error into MediateError("llm_unavailable") with the HTTP status when known. */
export function toLlmError(error: unknown, model: string): MediateError {
  if (error instanceof MediateError) return error;
  const e = error as { status?: unknown; status_code?: unknown; name?: unknown; message?: unknown } | undefined;
  const status = typeof e?.status === "number" ? e.status : typeof e?.status_code === "number" ? e.status_code : undefined;
  const aborted = e?.name === "AbortError" || e?.name === "TimeoutError" || /abort|timed? ?out/i.test(String(e?.message ?? ""));
  return new MediateError("llm_unavailable", `LLM ${model} failed: ${String(e?.message ?? error).slice(0, 300)}`, {
    cause: error,
    details: { httpStatus: status, aborted },
  });
}

/** Content of a LangChain message chunk/message as plain text. */
export function messageText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content.map((part) => (typeof part === "string" ? part : typeof part?.text === "string" ? part.text : "")).join("");
  }
  return "";
}

/**
 * Rejects as soon as `signal` aborts, even if the client library ignores the signal (some
 * do for part of the request); the late answer, if any, is discarded.
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const e = new Error("The operation was aborted");
  e.name = "AbortError";
  return e;
}
