// /v1 analysis, recommendation and search endpoints.
import { DISPUTE_TYPE_CODES, MediateError, MAX_TEXT_LENGTH } from "@mediate/core";
import type { LawLevel } from "@mediate/retrieval/types.ts";
import { createRoute, OpenAPIHono, type z } from "@hono/zod-openapi";
import type { AppDeps, AppEnv } from "./app-types.ts";
import { PROBLEM_CONTENT_TYPE, ProblemSchema } from "./problem.ts";
import {
  AnalyzeRequestSchema,
  ArticleParamsSchema,
  CaseAnalysisResponse,
  CaseSearchQuerySchema,
  CaseSearchResponse,
  LAW_LEVELS,
  RecommendationResponse,
  RecommendRequestSchema,
  StatuteArticleSchema,
  StatuteSearchQuerySchema,
  StatuteSearchResponse,
} from "./schemas.ts";
import { validationHook } from "./validation.ts";

const problem = (description: string) => ({ description, content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } } });

export const COMMON_PROBLEMS = {
  400: problem("Invalid request: malformed JSON, wrong types, unknown fields (named in `errors`), empty narrative."),
  401: problem("Missing, invalid or revoked API key where one is required."),
  403: problem("The API key lacks the scope this endpoint needs."),
  413: problem("Body larger than the limit, or narrative longer than the maximum."),
  429: problem("Rate limit exceeded; see Retry-After."),
  503: problem("Database unreachable; retry after Retry-After seconds."),
} as const;

const ANON_OR_KEY: Array<Record<string, string[]>> = [{}, { bearer: [] }, { apiKey: [] }];
const KEY_ONLY: Array<Record<string, string[]>> = [{ bearer: [] }, { apiKey: [] }];

function checkNarrative(text: string): void {
  if (text.trim().length === 0) {
    throw new MediateError("empty_text", "案情描述不能为空", { details: { errors: [{ path: "text", message: "案情描述不能为空", code: "empty_text" }] } });
  }
  if (text.length > MAX_TEXT_LENGTH) {
    throw new MediateError("text_too_long", `案情描述不能超过 ${MAX_TEXT_LENGTH} 字`, { details: { limit: MAX_TEXT_LENGTH } });
  }
}

const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

const analyzeRoute = createRoute({
  method: "post",
  path: "/v1/analyze",
  tags: ["analysis"],
  summary: "Analyze a case narrative (facts, contested points, type, elements, risk)",
  security: ANON_OR_KEY,
  request: { body: jsonBody(AnalyzeRequestSchema) },
  responses: {
    200: { description: "The analysis.", content: { "application/json": { schema: CaseAnalysisResponse } } },
    ...COMMON_PROBLEMS,
    415: problem("Content-Type is not application/json."),
  },
});

const recommendRoute = createRoute({
  method: "post",
  path: "/v1/recommendations",
  tags: ["analysis"],
  summary: "Recommend 类型-方案-法律依据 with similar cases",
  security: ANON_OR_KEY,
  request: { body: jsonBody(RecommendRequestSchema) },
  responses: {
    200: { description: "Dispute type, mediation plan, legal basis quoted from the corpus, similar cases.", content: { "application/json": { schema: RecommendationResponse } } },
    ...COMMON_PROBLEMS,
    415: problem("Content-Type is not application/json."),
  },
});

const statuteSearchRoute = createRoute({
  method: "get",
  path: "/v1/statutes/search",
  tags: ["statutes"],
  summary: "Hybrid search over the statute corpus",
  security: KEY_ONLY,
  request: { query: StatuteSearchQuerySchema },
  responses: {
    200: { description: "Ranked articles; text exact from the corpus.", content: { "application/json": { schema: StatuteSearchResponse } } },
    ...COMMON_PROBLEMS,
  },
});

const articleRoute = createRoute({
  method: "get",
  path: "/v1/statutes/{law}/{article}",
  tags: ["statutes"],
  summary: "One article by law title and number (current version)",
  security: KEY_ONLY,
  request: { params: ArticleParamsSchema },
  responses: {
    200: { description: "The article.", content: { "application/json": { schema: StatuteArticleSchema } } },
    404: problem("The corpus has no such article."),
    ...COMMON_PROBLEMS,
  },
});

const caseSearchRoute = createRoute({
  method: "get",
  path: "/v1/cases/search",
  tags: ["cases"],
  summary: "Search past cases (narrative, plan, outcome)",
  security: KEY_ONLY,
  request: { query: CaseSearchQuerySchema },
  responses: {
    200: { description: "Ranked cases.", content: { "application/json": { schema: CaseSearchResponse } } },
    ...COMMON_PROBLEMS,
  },
});

function parseLevels(raw: string | undefined): LawLevel[] | undefined {
  if (!raw) return undefined;
  const levels = raw.split(",").map((s) => s.trim()).filter(Boolean);
  const bad = levels.filter((l) => !(LAW_LEVELS as readonly string[]).includes(l));
  if (bad.length > 0) {
    throw new MediateError("invalid_input", `未知的法规层级：${bad.join("、")}`, {
      details: { errors: bad.map((l) => ({ path: "level", message: `未知的法规层级「${l}」，可选：${LAW_LEVELS.join(", ")}`, code: "invalid_value" })) },
    });
  }
  return levels as LawLevel[];
}

export function createApiRoutes(deps: Pick<AppDeps, "retrieval" | "recommender" | "analyze">): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(analyzeRoute, async (c) => {
    const body = c.req.valid("json");
    checkNarrative(body.text);
    if (body.id) c.set("auditCaseRef", body.id);
    c.set("auditText", body.text);
    const analysis = deps.analyze(body.text, { schemas: body.schemas, id: body.id });
    c.set("auditTypeCode", analysis.type.code);
    return c.json(analysis, 200);
  });

  app.openapi(recommendRoute, async (c) => {
    const body = c.req.valid("json");
    checkNarrative(body.text);
    if (body.id) c.set("auditCaseRef", body.id);
    c.set("auditText", body.text);
    const recommendation = await deps.recommender.recommend(
      { text: body.text, id: body.id, schemas: body.schemas, maxCitations: body.maxCitations, maxCases: body.maxCases },
      c.req.raw.signal,
    );
    c.set("auditTypeCode", recommendation.type.code);
    return c.json(recommendation, 200);
  });

  app.openapi(statuteSearchRoute, async (c) => {
    const q = c.req.valid("query");
    const levels = parseLevels(q.level);
    if (!q.q.trim()) throw new MediateError("invalid_input", "检索词不能为空", { details: { errors: [{ path: "q", message: "检索词不能为空", code: "too_small" }] } });
    const hits = await deps.retrieval.searchStatutes(q.q, { k: q.k ?? 10, levels, mode: q.mode });
    return c.json({ query: q.q, hits }, 200);
  });

  app.openapi(articleRoute, async (c) => {
    const { law, article } = c.req.valid("param");
    const [num, sub] = article.split("-").map(Number);
    const found = await deps.retrieval.getArticle(law, num ?? 0, sub);
    if (!found) {
      const label = sub ? `第${num}条之${sub}` : `第${num}条`;
      throw new MediateError("not_found", `法规库中没有《${law}》${label}`, { details: { law, article: num, articleSub: sub } });
    }
    return c.json(found, 200);
  });

  app.openapi(caseSearchRoute, async (c) => {
    const q = c.req.valid("query");
    if (q.type && !(DISPUTE_TYPE_CODES as readonly string[]).includes(q.type)) {
      throw new MediateError("invalid_input", `未知的纠纷类型：${q.type}`, {
        details: { errors: [{ path: "type", message: `未知的纠纷类型「${q.type}」`, code: "invalid_value" }] },
      });
    }
    if (!q.q.trim()) throw new MediateError("invalid_input", "检索词不能为空", { details: { errors: [{ path: "q", message: "检索词不能为空", code: "too_small" }] } });
    const hits = await deps.retrieval.searchCases(q.q, { k: q.k ?? 10, typeCode: q.type });
    return c.json({ query: q.q, hits }, 200);
  });

  return app;
}
