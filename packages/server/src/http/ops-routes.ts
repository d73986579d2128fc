// /healthz (process alive), /readyz (database + corpus), and the admin endpoints.
import { MediateError } from "@mediate/core";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppDeps, AppEnv, IngestStatus } from "./app-types.ts";
import { COMMON_PROBLEMS } from "./api-routes.ts";
import {
  ApiKeyRecordSchema,
  AuditRowSchema,
  CreatedKeySchema,
  CreateKeyRequestSchema,
  HealthSchema,
  ReadinessSchema,
} from "./schemas.ts";
import { validationHook } from "./validation.ts";

const startedAt = Date.now();
const ADMIN: Array<Record<string, string[]>> = [{ bearer: [] }, { apiKey: [] }];

const healthRoute = createRoute({
  method: "get",
  path: "/healthz",
  tags: ["ops"],
  summary: "Liveness: the process answers",
  responses: { 200: { description: "Alive.", content: { "application/json": { schema: HealthSchema } } } },
});

const readyRoute = createRoute({
  method: "get",
  path: "/readyz",
  tags: ["ops"],
  summary: "Readiness: database reachable and corpus ingested (with ingest progress)",
  responses: {
    200: { description: "Ready.", content: { "application/json": { schema: ReadinessSchema } } },
    503: { description: "Not ready (database unreachable or ingest still running).", content: { "application/json": { schema: ReadinessSchema } } },
  },
});

const createKeyRoute = createRoute({
  method: "post",
  path: "/v1/admin/keys",
  tags: ["admin"],
  summary: "Create an API key (admin scope); the key is returned once",
  security: ADMIN,
  request: { body: { required: true, content: { "application/json": { schema: CreateKeyRequestSchema } } } },
  responses: { 201: { description: "Created.", content: { "application/json": { schema: CreatedKeySchema } } }, ...COMMON_PROBLEMS },
});

const listKeysRoute = createRoute({
  method: "get",
  path: "/v1/admin/keys",
  tags: ["admin"],
  summary: "List API keys (never the keys themselves)",
  security: ADMIN,
  responses: { 200: { description: "Keys.", content: { "application/json": { schema: z.object({ keys: z.array(ApiKeyRecordSchema) }) } } }, ...COMMON_PROBLEMS },
});

const revokeKeyRoute = createRoute({
  method: "delete",
  path: "/v1/admin/keys/{id}",
  tags: ["admin"],
  summary: "Revoke an API key",
  security: ADMIN,
  request: { params: z.object({ id: z.string().max(20).openapi({ param: { name: "id", in: "path" } }) }) },
  responses: {
    200: { description: "Revoked.", content: { "application/json": { schema: z.object({ revoked: z.literal(true), id: z.string() }) } } },
    404: COMMON_PROBLEMS[400],
    ...COMMON_PROBLEMS,
  },
});

const auditRoute = createRoute({
  method: "get",
  path: "/v1/admin/audit",
  tags: ["admin"],
  summary: "Most recent audit-log rows",
  security: ADMIN,
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(1000).optional().openapi({ param: { name: "limit", in: "query" } }) }) },
  responses: { 200: { description: "Rows, newest first.", content: { "application/json": { schema: z.object({ rows: z.array(AuditRowSchema) }) } } }, ...COMMON_PROBLEMS },
});

export function createOpsRoutes(deps: Pick<AppDeps, "retrieval" | "state" | "ingestStatus">): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(healthRoute, (c) => c.json({ status: "ok" as const, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) }, 200));

  app.openapi(readyRoute, async (c) => {
    const ingest: IngestStatus = deps.ingestStatus?.() ?? { state: "done" };
    let database: "ok" | "unreachable" = "ok";
    let stats: { articles: number; cases: number; embeddingModel: string } | null = null;
    try {
      await deps.state.ping();
      stats = await deps.retrieval.stats();
    } catch {
      // Any failure here means "not ready"; the details go to the logs of the failing layer.
      database = "unreachable";
    }
    const ready = database === "ok" && ingest.state !== "running" && ingest.state !== "failed" && (stats?.articles ?? 0) > 0;
    const body = {
      ready,
      database,
      articles: stats?.articles ?? null,
      cases: stats?.cases ?? null,
      embeddingModel: stats?.embeddingModel ?? null,
      ingest,
    };
    if (!ready) c.header("retry-after", "5");
    return c.json(body, ready ? 200 : 503);
  });

  app.openapi(createKeyRoute, async (c) => {
    const body = c.req.valid("json");
    const created = await deps.state.apiKeys.create({ name: body.name, scopes: body.scopes, rateLimitPerMinute: body.rateLimitPerMinute ?? null });
    return c.json(created, 201);
  });

  app.openapi(listKeysRoute, async (c) => c.json({ keys: await deps.state.apiKeys.list() }, 200));

  app.openapi(revokeKeyRoute, async (c) => {
    const { id } = c.req.valid("param");
    if (!(await deps.state.apiKeys.revoke(id))) throw new MediateError("not_found", `没有可吊销的 API 密钥：${id}`);
    return c.json({ revoked: true as const, id }, 200);
  });

  app.openapi(auditRoute, async (c) => {
    const { limit } = c.req.valid("query");
    await deps.state.audit.flush();
    return c.json({ rows: await deps.state.audit.recent(limit ?? 100) }, 200);
  });

  return app;
}
