// Who is calling, what they may do, and how often. Keys come as `Authorization: Bearer`
// or `X-API-Key`; a wrong key is always 401 (never silently downgraded to anonymous).
import { MediateError } from "@mediate/core";
import type { MiddlewareHandler } from "hono";
import { createHmac } from "node:crypto";
import { scopeAllows } from "../state/api-keys.ts";
import type { ApiKeyScope, RateLimiter, ServerState } from "../state/types.ts";
import type { AppEnv, AppSettings, Principal } from "./app-types.ts";

/** What a route needs: anonymous callers allowed, or a key with this scope. */
export type AccessPolicy = "anonymous" | ApiKeyScope;

export function accessPolicy(method: string, path: string, settings: Pick<AppSettings, "publicRead">): AccessPolicy {
  if (path.startsWith("/v1/admin/")) return "admin";
  if (method === "POST" && (path === "/v1/cases" || path === "/v1/cases/")) return "ingest";
  if (path.startsWith("/v1/statutes") || path.startsWith("/v1/cases")) return settings.publicRead && method === "GET" ? "anonymous" : "read";
  return "anonymous";
}

export function presentedKey(headers: Headers): string | null {
  const auth = headers.get("authorization");
  if (auth) {
    const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
    return m?.[1]?.trim() || "";
  }
  const key = headers.get("x-api-key");
  return key === null ? null : key.trim();
}

export function hashClient(secret: string, address: string): string {
  return createHmac("sha256", secret).update(address).digest("hex").slice(0, 16);
}

export function authMiddleware(deps: {
  state: ServerState;
  settings: AppSettings;
  rateLimiter: RateLimiter;
  clientAddress: (headers: Headers, remote: string | undefined) => string;
  remoteAddress: (c: Parameters<MiddlewareHandler<AppEnv>>[0]) => string | undefined;
}): MiddlewareHandler<AppEnv> {
  const { state, settings, rateLimiter } = deps;
  return async (c, next) => {
    if (c.req.method === "OPTIONS") return next();
    const key = presentedKey(c.req.raw.headers);
    let principal: Principal;
    if (key !== null) {
      const record = key ? await state.apiKeys.verify(key) : null;
      if (!record) {
        c.header("www-authenticate", 'Bearer realm="mediate"');
        throw new MediateError("unauthorized", "API 密钥无效或已吊销", { details: { header: "Authorization / X-API-Key" } });
      }
      principal = { kind: "key", id: record.id, name: record.name, scopes: record.scopes, rateLimitPerMinute: record.rateLimitPerMinute };
    } else {
      const address = deps.clientAddress(c.req.raw.headers, deps.remoteAddress(c));
      principal = { kind: "anonymous", clientHash: hashClient(settings.clientHashSecret, address) };
    }
    c.set("principal", principal);

    const needed = accessPolicy(c.req.method, c.req.path, settings);
    if (needed !== "anonymous") {
      if (principal.kind === "anonymous") {
        c.header("www-authenticate", 'Bearer realm="mediate"');
        throw new MediateError("unauthorized", `此接口需要 API 密钥（权限：${needed}）`, { details: { scope: needed } });
      }
      if (!scopeAllows(principal.scopes, needed)) {
        throw new MediateError("forbidden", `API 密钥缺少所需权限：${needed}`, { details: { scope: needed } });
      }
    }

    const [bucket, limit] =
      principal.kind === "key"
        ? [`key:${principal.id}`, principal.rateLimitPerMinute ?? settings.keyRatePerMinute]
        : [`anon:${principal.clientHash}`, settings.anonymousRatePerMinute];
    const decision = rateLimiter.take(bucket, limit, 60_000);
    c.header("ratelimit-limit", String(decision.limit));
    c.header("ratelimit-remaining", String(decision.remaining));
    c.header("ratelimit-reset", String(decision.resetSeconds));
    if (!decision.allowed) {
      c.header("retry-after", String(decision.resetSeconds));
      throw new MediateError("rate_limited", `请求过于频繁，请 ${decision.resetSeconds} 秒后再试`, { details: { limit } });
    }
    await next();
  };
}
