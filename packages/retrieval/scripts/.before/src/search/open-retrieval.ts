// Opens the retrieval stack from the environment (CLI and server start-up only):
// MEDIATE_DATABASE_URL (PostgreSQL + pgvector) or MEDIATE_DATA_DIR (PGlite, default
// <repo>/.data/pglite), embeddings from MEDIATE_EMBEDDINGS*.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openStore } from "../store/sql-store.ts";
import { createEmbeddingsFromEnv } from "../embeddings/create-embeddings.ts";
import { createRetrieval, type HybridRetrieval, type RetrievalSettings } from "./create-retrieval.ts";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
export const DEFAULT_DATA_DIR = path.join(REPO_ROOT, ".data", "pglite");

export type Env = Record<string, string | undefined>;

export async function openRetrievalFromEnv(
  env: Env = process.env,
  extra: Omit<RetrievalSettings, "store" | "embeddings"> = {},
): Promise<HybridRetrieval> {
  const embeddings = await createEmbeddingsFromEnv(env);
  const databaseUrl = env.MEDIATE_DATABASE_URL || undefined;
  const store = await openStore({
    ...(databaseUrl ? { databaseUrl } : { dataDir: env.MEDIATE_DATA_DIR || DEFAULT_DATA_DIR }),
    dimensions: embeddings.dimensions,
    embeddingModel: embeddings.model,
  });
  return createRetrieval({ ...extra, store, embeddings });
}
