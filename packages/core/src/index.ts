// Public API of @mediate/core. Sub-modules add their exports here as they land.
export * from "./schema/index.ts";
export * from "./errors/mediate-error.ts";
export * from "./text/index.ts";
export * from "./facts/index.ts";
export * from "./taxonomy/index.ts";
export * from "./contested/index.ts";
export * from "./classify/index.ts";
export * from "./risk/index.ts";
export * from "./elements/index.ts";
export * from "./analyze/index.ts";
