export { analyzeCase, analyzePrepared, type AnalyzeCaseOptions } from "./analyze-case.ts";
