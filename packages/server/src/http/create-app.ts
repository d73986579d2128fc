// The HTTP application: middleware chain, the /v1 API, ops and admin routes, OpenAPI 3.1
// at /openapi.json, the offline reference page at /docs, plus the chat and page routes
// handed in by the runtime. No state lives in the process except per-instance rate
// counters and caches: everything else is in the database.
import { OpenAPIHono } from "@hono/zod-openapi";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { timeout } from "hono/timeout";
import { matchedRoutes } from "hono/route";
import { randomUUID } from "node:crypto";
import { createChatRoutes } from "../chat/chat-routes.ts";
import { createPageRoutes } from "../pages/page-routes.ts";
import { createMemoryRateLimiter } from "../state/rate-limiter.ts";
import { createApiRoutes } from "./api-routes.ts";
import type { AppDeps, AppEnv, AppSettings, Logger } from "./app-types.ts";
import { authMiddleware } from "./auth.ts";
import { createDocsRoutes } from "./docs-page.ts";
import { createIngestRoutes } from "./ingest-routes.ts";
import { createOpsRoutes } from "./ops-routes.ts";
import { errorToProblem, problemResponse } from "./problem.ts";
import { securityHeaders } from "./security-headers.ts";
import { validationHook } from "./validation.ts";

export const DEFAULT_BODY_LIMIT_BYTES = 256 * 1024;

export const DEFAULT_APP_SETTINGS: AppSettings = {
  bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
  anonymousRatePerMinute: 60,
  keyRatePerMinute: 1200,
  corsOrigins: [],
  publicRead: false,
  trustProxy: false,
  clientHashSecret: "mediate-client-hash",
  auditText: false,
  requestTimeoutMs: 30_000,
  logRequests: true,
  version: "0.1.0",
};

export const jsonLogger: Logger = (fields) => {
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), level: "info", ...fields }) + "\n");
};

function defaultClientAddress(trustProxy: boolean) {
  return (headers: Headers, remote: string | undefined): string => {
    if (trustProxy) {
      const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
      if (forwarded) return forwarded;
    }
    return remote ?? "unknown";
  };
}

function remoteAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined; // app.request() in tests has no socket
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

function routeOf(c: Context): string {
  const routes = matchedRoutes(c).filter((r) => r.method !== "ALL");
  const pattern = routes.at(-1)?.path;
  // Same spelling as the OpenAPI document: /v1/statutes/{law}/{article}.
  if (pattern) return pattern.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, "{$1}");
  return c.req.path.startsWith("/v1/") ? "(unmatched)" : "(static)";
}

function actorOf(c: Context<AppEnv>): string {
  const p = c.get("principal");
  if (!p) return "unknown";
  return p.kind === "key" ? `key:${p.id}` : `anon:${p.clientHash}`;
}

/** Request id, JSON access log (no bodies, no query strings) and one audit row per /v1 request. */
function observe(deps: AppDeps, settings: AppSettings, log: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    c.set("requestId", requestId);
    c.header("x-request-id", requestId);
    await next();
    const durationMs = Math.round((performance.now() - started) * 100) / 100;
    const route = routeOf(c);
    const status = c.res.status;
    const actor = actorOf(c);
    if (settings.logRequests) {
      log({
        level: status >= 500 ? "error" : status >= 400 ? "warn" : "info",
        msg: "request",
        requestId,
        method: c.req.method,
        route,
        status,
        durationMs,
        actor,
        problem: c.get("problemCode"),
      });
    }
    if (c.req.path.startsWith("/v1/") && c.req.method !== "OPTIONS") {
      void deps.state.audit
        .record({
          requestId,
          actor,
          method: c.req.method,
          route,
          status,
          durationMs,
          caseRef: c.get("auditCaseRef"),
          typeCode: c.get("auditTypeCode"),
          text: settings.auditText ? c.get("auditText") : undefined,
        })
        .catch((error: unknown) => log({ level: "error", msg: "audit record failed", error: String(error) }));
    }
  };
}

export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const settings: AppSettings = { ...DEFAULT_APP_SETTINGS, ...deps.settings };
  const log = deps.logger ?? jsonLogger;
  const rateLimiter = deps.rateLimiter ?? createMemoryRateLimiter();
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use("*", observe(deps, settings, log));
  app.use("*", securityHeaders());
  if (settings.corsOrigins.length > 0) {
    const any = settings.corsOrigins.includes("*");
    app.use(
      "/v1/*",
      cors({
        origin: any ? "*" : settings.corsOrigins,
        allowHeaders: ["Content-Type", "Authorization", "X-API-Key", "X-Request-Id"],
        allowMethods: ["GET", "POST", "DELETE", "OPTIONS"],
        exposeHeaders: ["X-Request-Id", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"],
        maxAge: 600,
      }),
    );
  }
  app.use(
    "/v1/*",
    bodyLimit({
      maxSize: settings.bodyLimitBytes,
      onError: (c) => problemResponse(c, 413, "payload_too_large", `请求体超过 ${settings.bodyLimitBytes} 字节的上限`),
    }),
  );
  app.use(
    "/v1/*",
    timeout(settings.requestTimeoutMs, () => new HTTPException(503, { message: "request timed out" })),
  );
  app.use(
    "/v1/*",
    authMiddleware({
      state: deps.state,
      settings,
      rateLimiter,
      clientAddress: deps.clientAddress ?? defaultClientAddress(settings.trustProxy),
      remoteAddress,
    }),
  );

  app.route("/", createOpsRoutes(deps));
  app.route("/", createApiRoutes(deps));
  if (deps.ingestCases) app.route("/", createIngestRoutes({ retrieval: deps.retrieval, ingestCases: deps.ingestCases }));
  if (deps.mountChat !== false) app.route("/", createChatRoutes({ recommender: deps.recommender, state: deps.state }));
  if (deps.mountPages !== false) app.route("/", createPageRoutes());
  for (const routes of deps.routes ?? []) app.route("/", routes);
  app.route("/", createDocsRoutes());

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", description: "API key as `Authorization: Bearer mk_…`" });
  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", { type: "apiKey", in: "header", name: "X-API-Key" });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Mediation Copilot API (调解助手)",
      version: settings.version,
      description:
        "Case analysis and 类型-方案-法律依据 recommendations for grassroots mediation centres. Errors are application/problem+json; see docs/api.md.",
    },
    tags: [{ name: "analysis" }, { name: "statutes" }, { name: "cases" }, { name: "ops" }, { name: "admin" }],
  });

  app.notFound((c) => problemResponse(c, 404, "not_found", `没有这个地址：${c.req.method} ${c.req.path}`));
  app.onError((error, c) => errorToProblem(c, error, log));
  return app;
}
