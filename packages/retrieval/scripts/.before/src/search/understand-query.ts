// Query understanding: turn an everyday question into (1) an expanded lexical query that also
// speaks the statutes' language, (2) the contested points and dispute type it raises and
// (3) a prior ranked list of the articles the taxonomy links to those points and that type.
import type { ArticleRef } from "../store/types.ts";
import { defaultLexiconMatcher, type ConceptMatch, type LexiconMatcher } from "./lexicon.ts";
import type { DetectedPoint, QueryAnalyzer } from "./taxonomy-analyzer.ts";
import { createCoreAnalyzer } from "./core-analyzer.ts";
import { toSimplified } from "./normalize-query.ts";

export type UnderstoodQuery = {
  /** Simplified, NFKC-normalised question. */
  text: string;
  concepts: ConceptMatch[];
  points: DetectedPoint[];
  typeCode: string | null;
  /** Legal wordings added to the lexical query. */
  expansion: string[];
  /** Question (weighted twice) + expansion, for BM25. */
  expandedText: string;
  /** Articles linked to the detected points and type, most relevant first. */
  priorRefs: ArticleRef[];
  /** Core laws of the dispute type (full titles), for the type-biased lexical list. */
  typeLaws: string[];
};

export type UnderstandOptions = {
  /** Dispute type given by the caller; wins over the detected one. */
  typeCode?: string;
  /** Contested points given by the caller; added before the detected ones. */
  points?: string[];
};

export type QueryUnderstander = (query: string, options?: UnderstandOptions) => UnderstoodQuery;

export type QueryUnderstanderSettings = {
  lexicon?: LexiconMatcher;
  /** Default: @mediate/core's detectors (createCoreAnalyzer); createTaxonomyAnalyzer is a lighter alternative. */
  analyzer?: QueryAnalyzer;
  /** At most this many expansion terms (default 40): long expansions drown the question. */
  maxExpansionTerms?: number;
};

let coreAnalyzer: QueryAnalyzer | undefined;
const defaultCoreAnalyzer = () => (coreAnalyzer ??= createCoreAnalyzer());

export function createQueryUnderstander(settings: QueryUnderstanderSettings = {}): QueryUnderstander {
  const lexicon = settings.lexicon ?? defaultLexiconMatcher();
  const analyzer = settings.analyzer ?? defaultCoreAnalyzer();
  const maxTerms = settings.maxExpansionTerms ?? 40;

  return (query, options = {}) => {
    const text = toSimplified(query).trim();
    const concepts = lexicon.match(text);
    const detected = analyzer.detectPoints(text);
    const given = (options.points ?? []).filter((c) => !detected.some((d) => d.code === c));
    const points: DetectedPoint[] = [...given.map((code) => ({ code, score: Infinity })), ...detected];
    const typeCode = options.typeCode ?? analyzer.classify(text, detected);

    const expansion: string[] = [];
    const addTerm = (t: string) => {
      if (expansion.length < maxTerms && !text.includes(t) && !expansion.includes(t)) expansion.push(t);
    };
    for (const p of points) {
      const name = analyzer.pointName(p.code);
      if (name) addTerm(name);
    }
    // Round-robin over concepts so one concept's long list cannot take every slot.
    const lists = concepts.map((c) => lexicon.concepts.get(c.id)?.legal ?? []);
    for (let i = 0; lists.some((l) => i < l.length); i++) for (const l of lists) if (l[i]) addTerm(l[i]!);

    const priorRefs: ArticleRef[] = [];
    const seen = new Set<string>();
    const addRef = (r: ArticleRef) => {
      const key = `${r.law}#${r.article}`;
      if (!seen.has(key)) {
        seen.add(key);
        priorRefs.push({ law: r.law, article: r.article });
      }
    };
    // Interleave points by rank: each point's most central article first.
    const pointLists = points.map((p) => analyzer.pointArticles(p.code));
    for (let i = 0; pointLists.some((l) => i < l.length); i++) for (const l of pointLists) if (l[i]) addRef(l[i]!);
    if (typeCode) for (const r of analyzer.typeArticles(typeCode)) addRef(r);

    return {
      text,
      concepts,
      points,
      typeCode,
      expansion,
      expandedText: [text, text, ...expansion].join(" "),
      priorRefs,
      typeLaws: typeCode ? analyzer.typeLaws(typeCode) : [],
    };
  };
}
