// application/problem+json (RFC 9457). MediateError, validation failures, HTTPException
// and database outages are turned into problems here — and only here.
import { MediateError, type MediateErrorCode } from "@mediate/core";
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "urn:mediate:problem:invalid_input" }),
    title: z.string().openapi({ example: "请求无效" }),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().openapi({ example: "invalid_input" }),
    instance: z.string().openapi({ example: "/v1/analyze#req-3f2a9c" }),
    errors: z
      .array(z.object({ path: z.string(), message: z.string(), code: z.string() }))
      .optional()
      .openapi({ description: "Field-level validation failures." }),
  })
  .openapi("Problem");
export type Problem = z.infer<typeof ProblemSchema>;

const TITLES: Record<string, string> = {
  empty_text: "案情描述为空",
  text_too_long: "案情描述过长",
  invalid_input: "请求无效",
  invalid_json: "JSON 格式错误",
  unknown_schema: "未知的要素类别",
  binary_input: "无法识别的文本",
  not_found: "未找到",
  database_unavailable: "数据库暂时不可用",
  vector_extension_missing: "数据库缺少向量扩展",
  storage_read_only: "存储只读",
  storage_full: "存储空间已满",
  corpus_not_found: "法规语料不存在",
  malformed_statute: "法规文件格式错误",
  llm_unavailable: "大模型服务不可用",
  llm_invalid_output: "大模型输出无效",
  unauthorized: "未认证",
  forbidden: "无权访问",
  rate_limited: "请求过于频繁",
  payload_too_large: "请求体过大",
  unsupported_media_type: "不支持的内容类型",
  method_not_allowed: "不支持的请求方法",
  not_ready: "服务尚未就绪",
  timeout: "处理超时",
  internal: "服务器内部错误",
};

export function problemType(code: string): string {
  return `urn:mediate:problem:${code}`;
}

export function problemBody(
  c: Context,
  status: number,
  code: string,
  detail: string,
  errors?: Problem["errors"],
): Problem {
  const requestId = (c.get("requestId") as string | undefined) ?? "";
  const body: Problem = {
    type: problemType(code),
    title: TITLES[code] ?? "请求失败",
    status,
    detail,
    code,
    instance: `${c.req.path}#${requestId}`,
  };
  if (errors && errors.length > 0) body.errors = errors;
  return body;
}

export function problemResponse(
  c: Context,
  status: number,
  code: string,
  detail: string,
  options: { errors?: Problem["errors"]; headers?: Record<string, string> } = {},
): Response {
  const headers: Record<string, string> = { "content-type": PROBLEM_CONTENT_TYPE, ...options.headers };
  c.set("problemCode", code);
  // c.body keeps headers set earlier in the chain (rate-limit, WWW-Authenticate, Retry-After).
  return c.body(JSON.stringify(problemBody(c, status, code, detail, options.errors)), status as 400, headers);
}

/** zod issues → problem `errors`, naming the offending field(s). */
export function zodIssuesToErrors(issues: readonly z.core.$ZodIssue[]): NonNullable<Problem["errors"]> {
  const out: NonNullable<Problem["errors"]> = [];
  for (const issue of issues) {
    const base = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        out.push({ path: base ? `${base}.${key}` : key, message: `不允许的字段「${key}」`, code: "unrecognized_key" });
      }
      continue;
    }
    out.push({ path: base || "(body)", message: issue.message, code: issue.code });
  }
  return out.slice(0, 50);
}

export function validationDetail(errors: NonNullable<Problem["errors"]>): string {
  const fields = [...new Set(errors.map((e) => e.path))].slice(0, 5);
  return `请求参数无效：${fields.join("、")}`;
}

const DB_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "53300", // too_many_connections
]);
const DB_ERROR_MESSAGES = /connection terminated|connection (?:is )?closed|client has encountered a connection error|terminating connection|PGlite is closed|database .*(?:closed|unavailable)|Connection refused|timeout exceeded when trying to connect/i;

/** True when the error (or a cause up the chain) says the database went away. */
export function isDatabaseOutage(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    if (current instanceof MediateError && current.code === "database_unavailable") return true;
    if (typeof current === "object") {
      const code = (current as { code?: unknown }).code;
      if (typeof code === "string" && DB_ERROR_CODES.has(code)) return true;
      const message = (current as { message?: unknown }).message;
      if (typeof message === "string" && DB_ERROR_MESSAGES.test(message)) return true;
      if (current instanceof AggregateError && current.errors.some((e) => isDatabaseOutage(e))) return true;
      current = (current as { cause?: unknown }).cause;
    } else break;
  }
  return false;
}

export const RETRY_AFTER_SECONDS = 5;

/** The single place where thrown things become HTTP responses. */
export function errorToProblem(c: Context, error: unknown, log: (fields: Record<string, unknown>) => void): Response {
  if (error instanceof MediateError) {
    const headers: Record<string, string> = {};
    if (error.status === 503) headers["retry-after"] = String(RETRY_AFTER_SECONDS);
    if (error.status >= 500) {
      // Server-side messages name files, hosts and internals: log them, answer generically.
      log({ level: "error", msg: "request failed", code: error.code, error: error.message });
      const detail = error.status === 503 ? "服务暂时不可用，请稍后重试" : "服务器内部错误，请稍后重试";
      return problemResponse(c, error.status, error.code, detail, { headers });
    }
    const errors = Array.isArray(error.details.errors) ? (error.details.errors as Problem["errors"]) : undefined;
    return problemResponse(c, error.status, error.code, error.message, { headers, errors });
  }
  if (isDatabaseOutage(error)) {
    log({ level: "error", msg: "database unavailable", error: error instanceof Error ? error.message : String(error) });
    return problemResponse(c, 503, "database_unavailable" satisfies MediateErrorCode, "数据库暂时不可用，请稍后重试", {
      headers: { "retry-after": String(RETRY_AFTER_SECONDS) },
    });
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    if (status === 400 && /json/i.test(error.message)) {
      return problemResponse(c, 400, "invalid_json", "请求体不是有效的 JSON");
    }
    if (status === 415) return problemResponse(c, 415, "unsupported_media_type", "请求体须为 application/json");
    if (status === 413) return problemResponse(c, 413, "payload_too_large", "请求体过大");
    if (status === 503) {
      return problemResponse(c, 503, "timeout", "处理超时，请稍后重试", { headers: { "retry-after": String(RETRY_AFTER_SECONDS) } });
    }
    return problemResponse(c, status, status === 404 ? "not_found" : "invalid_input", error.message || "请求无效");
  }
  log({ level: "error", msg: "unhandled error", error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  return problemResponse(c, 500, "internal", "服务器内部错误，请稍后重试");
}
