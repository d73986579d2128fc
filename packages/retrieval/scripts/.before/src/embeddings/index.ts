export * from "./create-embeddings.ts";
export * from "./offline-embeddings.ts";
export * from "./openai-embeddings.ts";
export * from "./ollama-embeddings.ts";
export * from "./token-budget.ts";
