// Request/response schemas of the HTTP API. Domain shapes come from @mediate/core; the
// retrieval shapes (plain TS types there) are mirrored here for validation and OpenAPI.
import {
  CaseAnalysisSchema,
  ElementSchemaNameSchema,
  MAX_TEXT_LENGTH,
  RecommendationSchema,
  StatuteCitationSchema,
} from "@mediate/core";
import { z } from "@hono/zod-openapi";

export const LAW_LEVELS = ["law", "administrative-regulation", "judicial-interpretation", "departmental-rule", "local-regulation", "other"] as const;

// Length is checked in the handler so that an over-long narrative is 413 text_too_long,
// not a generic validation error; the limit is still published in the schema.
const NarrativeText = z
  .string()
  .openapi({
    maxLength: MAX_TEXT_LENGTH,
    minLength: 1,
    description: `Case narrative (Chinese, simplified or traditional), 1–${MAX_TEXT_LENGTH} characters. Treated as case content only, never as instructions.`,
    example: "老板拖了我们三个月工资不给，一共十二个人，差不多八万块钱。",
  });

export const AnalyzeRequestSchema = z
  .strictObject({
    text: NarrativeText,
    id: z.string().max(200).optional().openapi({ description: "Caller's case id, echoed back and written to the audit log." }),
    schemas: z.array(ElementSchemaNameSchema).max(3).optional(),
  })
  .openapi("AnalyzeRequest");

export const RecommendRequestSchema = z
  .strictObject({
    text: NarrativeText,
    id: z.string().max(200).optional(),
    schemas: z.array(ElementSchemaNameSchema).max(3).optional(),
    maxCitations: z.number().int().min(1).max(20).optional().openapi({ description: "Legal-basis entries (default 6)." }),
    maxCases: z.number().int().min(0).max(10).optional().openapi({ description: "Similar cases (default 3)." }),
  })
  .openapi("RecommendRequest");

export const CaseAnalysisResponse = CaseAnalysisSchema.meta({ id: "CaseAnalysis" });
export const RecommendationResponse = RecommendationSchema.meta({ id: "Recommendation" });
export const StatuteCitationResponse = StatuteCitationSchema.meta({ id: "StatuteCitation" });

export const StatuteArticleSchema = z
  .object({
    law: z.string(),
    shortTitle: z.string(),
    level: z.enum(LAW_LEVELS),
    article: z.number().int().positive(),
    articleSub: z.number().int().positive().optional(),
    label: z.string(),
    chapterPath: z.array(z.string()),
    text: z.string().openapi({ description: "Exact article text from the corpus." }),
    version: z.string().nullable(),
    superseded: z.boolean(),
    source: z.string(),
  })
  .openapi("StatuteArticle");

export const StatuteHitSchema = StatuteArticleSchema.extend({ score: z.number() }).openapi("StatuteHit");

export const StatuteSearchQuerySchema = z.strictObject({
  q: z.string().min(1).max(2000).openapi({ param: { name: "q", in: "query" }, example: "拖欠工资 加付赔偿金" }),
  k: z.coerce.number().int().min(1).max(50).optional().openapi({ param: { name: "k", in: "query" }, example: 10 }),
  level: z
    .string()
    .optional()
    .openapi({ param: { name: "level", in: "query" }, description: `Comma-separated levels: ${LAW_LEVELS.join(", ")}`, example: "law,judicial-interpretation" }),
  mode: z.enum(["hybrid", "lexical", "vector"]).optional().openapi({ param: { name: "mode", in: "query" } }),
});

export const StatuteSearchResponse = z
  .object({ query: z.string(), hits: z.array(StatuteHitSchema) })
  .openapi("StatuteSearchResult");

export const ArticleParamsSchema = z.object({
  law: z.string().min(1).max(200).openapi({ param: { name: "law", in: "path" }, example: "中华人民共和国劳动合同法", description: "Full or short title (URL-encoded)." }),
  article: z
    .string()
    .regex(/^\d{1,5}(?:-\d{1,3})?$/, "条号须为数字，例如 30 或 10-1（第十条之一）")
    .openapi({ param: { name: "article", in: "path" }, example: "30" }),
});

export const CaseRecordSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    typeCode: z.string(),
    narrative: z.string(),
    points: z.array(z.string()),
    plan: z.string(),
    outcome: z.string(),
    statutes: z.array(z.object({ law: z.string(), article: z.number().int() })),
    source: z.string(),
    score: z.number(),
  })
  .openapi("CaseHit");

export const CaseSearchQuerySchema = z.strictObject({
  q: z.string().min(1).max(2000).openapi({ param: { name: "q", in: "query" }, example: "楼上漏水 天花板" }),
  k: z.coerce.number().int().min(1).max(50).optional().openapi({ param: { name: "k", in: "query" } }),
  type: z.string().max(64).optional().openapi({ param: { name: "type", in: "query" }, example: "neighbor" }),
});

export const CaseSearchResponse = z.object({ query: z.string(), hits: z.array(CaseRecordSchema) }).openapi("CaseSearchResult");

export const HealthSchema = z.object({ status: z.literal("ok"), uptimeSeconds: z.number() }).openapi("Health");

export const IngestProgressSchema = z
  .object({
    state: z.enum(["idle", "running", "done", "failed"]),
    phase: z.string().optional(),
    done: z.number().optional(),
    total: z.number().optional(),
    message: z.string().optional(),
  })
  .openapi("IngestProgress");

export const ReadinessSchema = z
  .object({
    ready: z.boolean(),
    database: z.enum(["ok", "unreachable"]),
    articles: z.number().nullable(),
    cases: z.number().nullable(),
    embeddingModel: z.string().nullable(),
    ingest: IngestProgressSchema,
  })
  .openapi("Readiness");

export const ApiKeyScopeSchema = z.enum(["read", "ingest", "admin"]);

export const CreateKeyRequestSchema = z
  .strictObject({
    name: z.string().min(1).max(100),
    scopes: z.array(ApiKeyScopeSchema).min(1),
    rateLimitPerMinute: z.number().int().min(1).max(1_000_000).nullable().optional(),
  })
  .openapi("CreateKeyRequest");

export const ApiKeyRecordSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scopes: z.array(ApiKeyScopeSchema),
    rateLimitPerMinute: z.number().nullable(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi("ApiKey");

export const CreatedKeySchema = z
  .object({ key: z.string().openapi({ description: "Shown once; only a hash is stored." }), record: ApiKeyRecordSchema })
  .openapi("CreatedKey");

export const AuditRowSchema = z
  .object({
    id: z.number(),
    at: z.string(),
    requestId: z.string(),
    actor: z.string(),
    method: z.string(),
    route: z.string(),
    status: z.number(),
    durationMs: z.number(),
    caseRef: z.string().optional(),
    typeCode: z.string().optional(),
    text: z.string().optional(),
  })
  .openapi("AuditRow");
