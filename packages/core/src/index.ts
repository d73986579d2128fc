// Public API of @mediate/core. Sub-modules add their exports here as they land.
export * from "./schema/index.ts";
export * from "./errors/mediate-error.ts";
