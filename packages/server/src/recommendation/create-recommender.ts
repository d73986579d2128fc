// The offline recommender: analyzeCase → legal basis (taxonomy-linked articles + statute
// search, all from the corpus) → plan fitted from the type's playbook → similar cases.
import { MediateError, type CaseAnalysis, type Recommendation, type SimilarCase } from "@mediate/core";
import { analyzeCase } from "@mediate/core/analyze/analyze-case.ts";
import { loadTaxonomy } from "@mediate/core/taxonomy/load-taxonomy.ts";
import type { Retrieval } from "@mediate/retrieval/types.ts";
import { createArticleCache } from "./article-cache.ts";
import { buildPlan } from "./build-plan.ts";
import { buildLegalBasis, type TaxonomyLinks } from "./legal-basis.ts";
import { loadPlaybooks, type Playbooks } from "./playbooks.ts";
import type { RecommendInput, Recommender } from "./types.ts";

export type AnalyzeFn = (text: string, options?: { schemas?: RecommendInput["schemas"]; id?: string }) => CaseAnalysis;

export type RecommenderSettings = {
  retrieval: Retrieval;
  /** Default: loadPlaybooks() from corpora/playbooks. */
  playbooks?: Playbooks;
  /** Default: analyzeCase from @mediate/core. */
  analyze?: AnalyzeFn;
  /** Default: the taxonomy of corpora/taxonomy. */
  taxonomy?: TaxonomyLinks;
  /** Statute search depth merged into the legal basis (default 8). */
  searchK?: number;
};

const DEFAULT_MAX_CITATIONS = 6;
const DEFAULT_MAX_CASES = 3;

function summaryOf(narrative: string, max = 140): string {
  const clean = narrative.replace(/\s+/g, " ").trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

export function createRecommender(settings: RecommenderSettings): Recommender {
  const { retrieval } = settings;
  const taxonomy = settings.taxonomy ?? loadTaxonomy();
  const playbooks = settings.playbooks ?? loadPlaybooks(undefined, { pointCodes: taxonomy.pointByCode.keys() });
  const analyze: AnalyzeFn = settings.analyze ?? ((text, options) => analyzeCase(text, options));
  const lookup = createArticleCache(retrieval);
  const pointTypes = (code: string) => taxonomy.pointByCode.get(code)?.types;

  async function similarCases(text: string, analysis: CaseAnalysis, max: number): Promise<SimilarCase[]> {
    if (max <= 0) return [];
    const query = text.length > 600 ? text.slice(0, 600) : text;
    // Cases of the same type only: a neighbour quarrel is no precedent for a wage claim. Other
    // types are searched only when the type has no case at all (one query per request).
    let hits = await retrieval.searchCases(query, { k: max, typeCode: analysis.type.code });
    if (hits.length === 0) hits = await retrieval.searchCases(query, { k: max });
    return hits.map((h) => ({
      id: h.id,
      title: h.title,
      typeCode: h.typeCode,
      summary: summaryOf(h.narrative),
      plan: h.plan,
      outcome: h.outcome,
      score: h.score,
      source: h.source,
    }));
  }

  return {
    async recommend(input: RecommendInput, signal?: AbortSignal): Promise<Recommendation> {
      signal?.throwIfAborted();
      const analysis = analyze(input.text, { schemas: input.schemas, id: input.id });
      const playbook = playbooks.byType.get(analysis.type.code) ?? playbooks.byType.get("other");
      if (!playbook) throw new MediateError("internal", `no playbook for ${analysis.type.code}`);
      const [legalBasis, cases] = await Promise.all([
        buildLegalBasis({
          text: input.text,
          analysis,
          retrieval,
          lookup,
          links: taxonomy,
          max: input.maxCitations ?? DEFAULT_MAX_CITATIONS,
          searchK: settings.searchK,
        }),
        similarCases(input.text, analysis, input.maxCases ?? DEFAULT_MAX_CASES),
      ]);
      signal?.throwIfAborted();
      const plan = buildPlan({ analysis, playbook, playbooks, legalBasis, pointTypes });
      return {
        engine: "offline",
        type: analysis.type,
        risk: analysis.risk,
        plan,
        legalBasis,
        similarCases: cases,
        analysis,
      };
    },
  };
}
