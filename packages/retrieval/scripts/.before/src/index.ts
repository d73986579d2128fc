// Public API of @mediate/retrieval.
export * from "./types.ts";
export * from "./store/index.ts";
export * from "./statutes/statute-parser.ts";
export * from "./statutes/corpus-files.ts";
export * from "./statutes/chinese-numeral.ts";
export * from "./ingest/ingest-statutes.ts";
export * from "./ingest/ingest-cases.ts";
export * from "./cases/case-record.ts";
export * from "./cases/typical-case-parser.ts";
export * from "./documents/index.ts";
export * from "./embeddings/index.ts";
export * from "./search/index.ts";
