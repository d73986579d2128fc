export * from "./codes.ts";
export * from "./case-analysis.ts";
export * from "./recommendation.ts";
