// Public API of @mediate/server.
export { createApp, DEFAULT_APP_SETTINGS, DEFAULT_BODY_LIMIT_BYTES, jsonLogger } from "./http/create-app.ts";
export type { AppDeps, AppSettings, AppEnv, IngestStatus, Logger, Principal } from "./http/app-types.ts";
export { ProblemSchema, PROBLEM_CONTENT_TYPE, errorToProblem, isDatabaseOutage, type Problem } from "./http/problem.ts";
export { CONTENT_SECURITY_POLICY, DOCS_CONTENT_SECURITY_POLICY } from "./http/security-headers.ts";
export { createIngestRoutes, CaseInputSchema, MAX_CASES_PER_REQUEST } from "./http/ingest-routes.ts";
export { createRecommender, type RecommenderSettings } from "./recommendation/create-recommender.ts";
export { loadPlaybooks, defaultPlaybookDir, type Playbook, type Playbooks, type PointGuide } from "./recommendation/playbooks.ts";
export { buildPlan, caseSignals, COMPLEXITY } from "./recommendation/build-plan.ts";
export { buildLegalBasis } from "./recommendation/legal-basis.ts";
export { createArticleCache } from "./recommendation/article-cache.ts";
export type { Recommender, RecommendInput } from "./recommendation/types.ts";
export { createServerState, type ServerStateSettings } from "./state/create-server-state.ts";
export { migrateServerState } from "./state/migrations.ts";
export { generateCaseCode, normalizeCaseCode } from "./state/case-code.ts";
export { createMemoryRateLimiter } from "./state/rate-limiter.ts";
export { scopeAllows, parseScopes } from "./state/api-keys.ts";
export type * from "./state/types.ts";
export { startRuntime, appSettingsFromEnv, createRecommenderFromEnv, type Runtime, type RuntimeOptions } from "./cli/server-runtime.ts";
