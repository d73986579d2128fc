export { createPageRoutes, PlanDocumentRequestSchema, type PageRoutesDeps } from "./page-routes.ts";
export { buildPlanDocument, planDocumentParagraphs, type PlanDocumentInput } from "./plan-document.ts";
