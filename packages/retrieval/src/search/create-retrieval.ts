// Hybrid statute retrieval: BM25 over the expanded query, vector similarity, the taxonomy's
// linked articles as a prior and a BM25 list restricted to the dispute type's core laws, fused
// by reciprocal rank. Every hit is a real stored article with its exact text.
import { MediateError } from "@mediate/core";
import type { Store, StatuteFilter, StatuteRef } from "../store/types.ts";
import type {
  CaseHit,
  CaseSearchOptions,
  Embeddings,
  Retrieval,
  StatuteArticle,
  StatuteHit,
  StatuteSearchOptions,
} from "../types.ts";
import { reciprocalRankFusion, type RankedList } from "./rank-fusion.ts";
import { createQueryUnderstander, type QueryUnderstander, type UnderstoodQuery } from "./understand-query.ts";

export type FusionWeights = { lexical: number; vector: number; prior: number; typeLaws: number };

/**
 * With the offline hashed embeddings the vector list is weak on its own (Recall@10 ≈ 0.26 on
 * dev), so it only breaks ties; tuned on the dev split of corpora/retrieval-eval.
 */
export const OFFLINE_FUSION_WEIGHTS: FusionWeights = { lexical: 1, vector: 0.25, prior: 1.2, typeLaws: 0.25 };
/** For a real embedding model (OpenAI-compatible, bge-m3 …) the vector list gets full weight (not measured here: no model offline). */
export const MODEL_FUSION_WEIGHTS: FusionWeights = { lexical: 1, vector: 1, prior: 1.2, typeLaws: 0.25 };

export function defaultFusionWeights(embeddingModel: string): FusionWeights {
  return embeddingModel.startsWith("mediate-offline-") ? OFFLINE_FUSION_WEIGHTS : MODEL_FUSION_WEIGHTS;
}

export type RetrievalSettings = {
  store: Store;
  embeddings: Embeddings;
  understand?: QueryUnderstander;
  /** Overrides of defaultFusionWeights(embeddings.model). */
  weights?: Partial<FusionWeights>;
  /** Candidates taken from each list before fusion (default 50). */
  candidates?: number;
  /** Called with the wall time of each stage of a hybrid search (benchmarks, tracing). */
  onStage?: (stage: SearchStage, ms: number) => void;
};

export type SearchStage = "understand" | "lexical" | "embed" | "vector" | "prior" | "fusion" | "fetch";

export const MAX_K = 50;

export function checkQueryAndK(query: unknown, k: unknown): { query: string; k: number } {
  if (typeof query !== "string" || query.trim() === "") {
    throw new MediateError("invalid_input", "查询内容不能为空", { details: { field: "query" } });
  }
  const kk = k ?? 10;
  if (typeof kk !== "number" || !Number.isInteger(kk) || kk < 1 || kk > MAX_K) {
    throw new MediateError("invalid_input", `返回条数 k 必须是 1 到 ${MAX_K} 之间的整数`, { details: { field: "k", value: k } });
  }
  return { query: query.trim(), k: kk };
}

export const articleKey = (a: Pick<StatuteArticle, "law" | "version" | "article" | "articleSub">) =>
  `${a.law}|${a.version ?? ""}|${a.article}|${a.articleSub ?? ""}`;

export type ExplainedSearch = { understood: UnderstoodQuery; hits: Array<StatuteHit & { ranks: Record<string, number> }> };

export type HybridRetrieval = Retrieval & {
  /** searchStatutes plus what the query was understood as and each hit's rank per list. */
  explainStatutes(query: string, options?: StatuteSearchOptions): Promise<ExplainedSearch>;
  readonly store: Store;
  readonly embeddings: Embeddings;
};

export function createRetrieval(settings: RetrievalSettings): HybridRetrieval {
  const { store, embeddings } = settings;
  const understand = settings.understand ?? createQueryUnderstander();
  const weights = { ...defaultFusionWeights(embeddings.model), ...settings.weights };
  const candidates = settings.candidates ?? 50;
  const embedQuery = recentQueryEmbeddings(embeddings);

  async function explainStatutes(rawQuery: string, options: StatuteSearchOptions = {}): Promise<ExplainedSearch> {
    const { query, k } = checkQueryAndK(rawQuery, options.k);
    const mode = options.mode ?? "hybrid";
    if (!["hybrid", "lexical", "vector"].includes(mode)) {
      throw new MediateError("invalid_input", `检索模式必须是 hybrid、lexical 或 vector（收到 ${String(mode)}）`);
    }
    const understood = timed("understand", () =>
      understand(query, {
        ...(options.typeCode ? { typeCode: options.typeCode } : {}),
        ...(options.points ? { points: options.points } : {}),
      }),
    );
    const filter: StatuteFilter = {
      currentOnly: options.currentOnly ?? true,
      ...(options.levels?.length ? { levels: options.levels } : {}),
    };
    const plain = (hits: StatuteHit[]) => ({ understood, hits: hits.slice(0, k).map((h) => ({ ...h, ranks: {} })) });
    if (mode === "lexical") return plain(await store.lexicalSearchStatutes(understood.expandedText, { ...filter, k }));
    if (mode === "vector") return plain(await store.vectorSearchStatutes(await embedQuery(understood.text), { ...filter, k }));

    // Lists carry ids and keys only; the text of the k winners is fetched once at the end.
    const n = Math.max(candidates, k);
    const [lexical, typed, vector, prior] = await Promise.all([
      timedAsync("lexical", () => store.rankStatutesLexical(understood.expandedText, { ...filter, k: n })),
      understood.typeLaws.length && weights.typeLaws > 0
        ? timedAsync("lexical", () => store.rankStatutesLexical(understood.expandedText, { ...filter, k: n, laws: understood.typeLaws }))
        : Promise.resolve([]),
      timedAsync("embed", () => embedQuery(understood.text)).then((v) =>
        timedAsync("vector", () => store.rankStatutesVector(v, { ...filter, k: n })),
      ),
      understood.priorRefs.length
        ? timedAsync("prior", () => store.findArticleRefs(understood.priorRefs.slice(0, candidates)))
        : Promise.resolve([]),
    ]);
    const fused = timed("fusion", () => {
      const lists: RankedList<StatuteRef>[] = [
        { name: "lexical", weight: weights.lexical, items: lexical },
        { name: "vector", weight: weights.vector, items: vector },
        { name: "prior", weight: weights.prior, items: prior.filter((a) => passes(a, filter)) },
        { name: "typeLaws", weight: weights.typeLaws, items: typed },
      ];
      return reciprocalRankFusion(lists, articleKey).slice(0, k);
    });
    const articles = await timedAsync("fetch", () => store.statutesByIds(fused.map((f) => f.item.id)));
    const byId = new Map(articles.map(({ id, ...a }) => [id, a]));
    return {
      understood,
      hits: fused.flatMap((f) => {
        const a = byId.get(f.item.id);
        return a ? [{ ...a, score: f.score, ranks: f.ranks }] : [];
      }),
    };
  }

  function timed<T>(stage: SearchStage, fn: () => T): T {
    if (!settings.onStage) return fn();
    const t0 = performance.now();
    const out = fn();
    settings.onStage(stage, performance.now() - t0);
    return out;
  }

  async function timedAsync<T>(stage: SearchStage, fn: () => Promise<T>): Promise<T> {
    if (!settings.onStage) return fn();
    const t0 = performance.now();
    const out = await fn();
    settings.onStage(stage, performance.now() - t0);
    return out;
  }

  return {
    store,
    embeddings,
    explainStatutes,
    async searchStatutes(query, options) {
      const { hits } = await explainStatutes(query, options);
      return hits.map(({ ranks: _ranks, ...hit }) => hit);
    },
    getArticle: (law, article, articleSub) => store.getArticle(law, article, articleSub),
    async searchCases(rawQuery, options: CaseSearchOptions = {}): Promise<CaseHit[]> {
      const { query, k } = checkQueryAndK(rawQuery, options.k);
      const understood = understand(query, options.typeCode ? { typeCode: options.typeCode } : {});
      const filter = { k: Math.max(candidates, k), ...(options.typeCode ? { typeCode: options.typeCode } : {}) };
      const [lexical, vector] = await Promise.all([
        store.lexicalSearchCases(understood.expandedText, filter),
        embedQuery(understood.text).then((v) => store.vectorSearchCases(v, filter)),
      ]);
      const fused = reciprocalRankFusion(
        [
          { name: "lexical", weight: 1, items: lexical },
          { name: "vector", weight: 1, items: vector },
        ],
        (c) => c.id,
      );
      return fused.slice(0, k).map((f) => ({ ...f.item, score: f.score }));
    },
    async stats() {
      const s = await store.stats();
      return { articles: s.articles, cases: s.cases, embeddingModel: s.embeddingModel };
    },
    close: () => store.close(),
  };
}

function passes(a: Pick<StatuteArticle, "superseded" | "level">, filter: StatuteFilter): boolean {
  if ((filter.currentOnly ?? true) && a.superseded) return false;
  return !filter.levels?.length || filter.levels.includes(a.level);
}

/**
 * embedQuery with the last few results kept: a recommendation searches statutes and similar
 * cases for the same narrative, and with a remote model each embedding is a network call.
 * Failures are not kept.
 */
function recentQueryEmbeddings(embeddings: Embeddings, size = 16): (text: string) => Promise<number[]> {
  const recent = new Map<string, Promise<number[]>>();
  return (text) => {
    let hit = recent.get(text);
    if (!hit) {
      const value = embeddings.embedQuery(text);
      hit = value;
      recent.set(text, value);
      if (recent.size > size) recent.delete(recent.keys().next().value as string);
      value.catch(() => {
        if (recent.get(text) === value) recent.delete(text);
      });
    }
    return hit;
  };
}
