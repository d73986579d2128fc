export * from "./types.ts";
export { openStore, SqlStore, lawNames } from "./sql-store.ts";
export { openSqlClient, openSqlBackend } from "./open-sql-client.ts";
export { lexicalTokens } from "./lexical-tokens.ts";
export { MIGRATIONS } from "./migrations.ts";
