// POST /v1/cases (scope `ingest`): a platform adds past cases (narrative, plan, outcome) to the
// similar-case store. Citations are kept only when the corpus has the article.
import { DISPUTE_TYPE_CODES, MediateError } from "@mediate/core";
import type { CaseRecord, Retrieval } from "@mediate/retrieval/types.ts";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "./app-types.ts";
import { COMMON_PROBLEMS } from "./api-routes.ts";
import { validationHook } from "./validation.ts";

export const MAX_CASES_PER_REQUEST = 200;

const Text = (max: number) => z.string().trim().min(1).max(max);

export const CaseInputSchema = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, "id 只能包含字母、数字和 . _ : -"),
    title: Text(200),
    typeCode: z.enum(DISPUTE_TYPE_CODES),
    narrative: Text(30_000),
    points: z.array(z.string().max(64)).max(20).default([]),
    plan: Text(10_000),
    outcome: Text(10_000),
    statutes: z.array(z.strictObject({ law: Text(200), article: z.number().int().positive() })).max(50).default([]),
  })
  .openapi("CaseInput");

const IngestCasesRequestSchema = z
  .strictObject({ cases: z.array(CaseInputSchema).min(1).max(MAX_CASES_PER_REQUEST) })
  .openapi("IngestCasesRequest");

const IngestCasesResultSchema = z
  .object({ written: z.number().int(), droppedCitations: z.number().int() })
  .openapi("IngestCasesResult");

const route = createRoute({
  method: "post",
  path: "/v1/cases",
  tags: ["cases"],
  summary: `Add or update past cases (scope ingest; up to ${MAX_CASES_PER_REQUEST} per request)`,
  security: [{ bearer: [] }, { apiKey: [] }] as Array<Record<string, string[]>>,
  request: { body: { required: true, content: { "application/json": { schema: IngestCasesRequestSchema } } } },
  responses: {
    201: { description: "Written (upsert by id).", content: { "application/json": { schema: IngestCasesResultSchema } } },
    ...COMMON_PROBLEMS,
  },
});

export type IngestCasesFn = (records: CaseRecord[]) => Promise<void>;

export function createIngestRoutes(deps: { retrieval: Pick<Retrieval, "getArticle">; ingestCases: IngestCasesFn }): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(route, async (c) => {
    const { cases } = c.req.valid("json");
    const ids = new Set<string>();
    for (const k of cases) {
      if (ids.has(k.id)) throw new MediateError("invalid_input", `案例 id 重复：${k.id}`, { details: { errors: [{ path: "cases.id", message: `重复的 id「${k.id}」`, code: "duplicate" }] } });
      ids.add(k.id);
    }
    const principal = c.get("principal");
    const source = `api:${principal?.kind === "key" ? principal.id : "anonymous"}`;
    let dropped = 0;
    const records: CaseRecord[] = [];
    for (const k of cases) {
      const statutes: CaseRecord["statutes"] = [];
      for (const s of k.statutes) {
        const found = await deps.retrieval.getArticle(s.law, s.article);
        if (found) statutes.push({ law: found.law, article: found.article });
        else dropped++;
      }
      records.push({ ...k, statutes, source });
    }
    await deps.ingestCases(records);
    return c.json({ written: records.length, droppedCitations: dropped }, 201);
  });
  return app;
}
