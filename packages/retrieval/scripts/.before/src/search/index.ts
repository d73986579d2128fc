export * from "./lexicon.ts";
export * from "./normalize-query.ts";
export * from "./taxonomy-analyzer.ts";
export * from "./core-analyzer.ts";
export * from "./understand-query.ts";
export * from "./rank-fusion.ts";
export * from "./create-retrieval.ts";
export * from "./open-retrieval.ts";
