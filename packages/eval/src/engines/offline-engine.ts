import { analyzeCase, MediateError, type ElementSchema } from "@mediate/core";
import type { Retrieval } from "@mediate/retrieval/types.ts";
import { openRetrievalFromEnv } from "@mediate/retrieval/search/open-retrieval.ts";
import { createRecommender } from "@mediate/server/recommendation/create-recommender.ts";
import type { Recommender } from "@mediate/server/recommendation/types.ts";
import type { EvalEngine } from "./eval-engine.ts";

export type OfflineEngineSettings = {
  /** Environment handed to openRetrievalFromEnv (database URL or PGlite dir, embeddings). */
  env: Record<string, string | undefined>;
  /** Skip opening the store when only element suites run. */
  needsRetrieval: boolean;
};

/** The real offline pipeline: core analysis + retrieval + recommender, nothing mocked. */
export async function createOfflineEngine(settings: OfflineEngineSettings): Promise<EvalEngine> {
  if (!settings.needsRetrieval) return engineOver("offline", null, null);
  const retrieval = await openRetrievalFromEnv(settings.env);
  await requireStatutes(retrieval);
  return engineOver("offline", retrieval, createRecommender({ retrieval }));
}

/** An empty store would make every citation metric zero for the wrong reason. */
export async function requireStatutes(retrieval: Retrieval): Promise<void> {
  const stats = await retrieval.stats();
  if (stats.articles === 0) {
    await retrieval.close();
    throw new MediateError("not_found", "the statute store is empty: run `pnpm mediate ingest statutes` first (same MEDIATE_DATABASE_URL / MEDIATE_DATA_DIR)");
  }
}

export function engineOver(name: string, retrieval: Retrieval | null, recommender: Recommender | null): EvalEngine {
  return {
    name,
    ...(recommender ? { recommend: (input: { id: string; text: string }, signal?: AbortSignal) => recommender.recommend(input, signal) } : {}),
    async elements(sentence: string, schema: ElementSchema) {
      const analysis = analyzeCase(sentence, { schemas: [schema] });
      return [...new Set(analysis.elements.filter((e) => e.schema === schema).map((e) => e.label))];
    },
    ...(retrieval
      ? {
          searchStatutes: async (query: string, k: number) =>
            (await retrieval.searchStatutes(query, { k })).map((h) => ({ law: h.law, article: h.article })),
        }
      : {}),
    async close() {
      await retrieval?.close();
    },
  };
}
