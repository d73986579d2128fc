// A small, self-contained reading of the project taxonomy (corpora/taxonomy): contested points
// with their cues and their core articles, and (when present) dispute types with their laws.
// A light alternative to createCoreAnalyzer (the default): plain cue counting, no negation.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ArticleRef } from "../store/types.ts";

export type DetectedPoint = { code: string; score: number };

/** What query understanding needs from contested-point detection and dispute classification. */
export type QueryAnalyzer = {
  detectPoints(text: string): DetectedPoint[];
  classify(text: string, points: DetectedPoint[]): string | null;
  /** Core articles of a contested point, most central first. */
  pointArticles(code: string): ArticleRef[];
  /** Laws (full titles) most used for a dispute type. */
  typeLaws(typeCode: string): string[];
  /** Core articles of a dispute type. */
  typeArticles(typeCode: string): ArticleRef[];
  pointName(code: string): string | undefined;
};

type Cues = { strong?: string[]; medium?: string[]; weak?: string[]; patterns?: string[] };
type PointDef = { code: string; name: string; types: string[]; cues: Cues; exclude?: string[]; articles: ArticleRef[] };
type TypeDef = { code: string; laws?: string[]; articles?: ArticleRef[] };

export const DEFAULT_TAXONOMY_DIR = fileURLToPath(new URL("../../../../corpora/taxonomy", import.meta.url));

function readJson(file: string): unknown {
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined;
}

const count = (text: string, cue: string) => {
  let n = 0;
  for (let at = text.indexOf(cue); at >= 0; at = text.indexOf(cue, at + cue.length)) n++;
  return n;
};

export function createTaxonomyAnalyzer(dir: string = DEFAULT_TAXONOMY_DIR): QueryAnalyzer {
  const points = ((readJson(path.join(dir, "contested-points.json")) as { points?: PointDef[] } | undefined)?.points ?? []).map(
    (p) => ({ ...p, regexes: (p.cues.patterns ?? []).map((s) => new RegExp(s, "g")) }),
  );
  const types = (readJson(path.join(dir, "dispute-types.json")) as { types?: TypeDef[] } | undefined)?.types ?? [];
  const byCode = new Map(points.map((p) => [p.code, p]));
  const typeByCode = new Map(types.map((t) => [t.code, t]));

  // Laws of a type: the type's own list when the taxonomy has one, else the laws its points cite.
  const typeLaws = (code: string): string[] => {
    const own = typeByCode.get(code)?.laws;
    if (own?.length) return own;
    const laws = new Set<string>();
    for (const p of points) if (p.types.includes(code)) for (const a of p.articles) laws.add(a.law);
    return [...laws];
  };

  return {
    detectPoints(text) {
      const found: DetectedPoint[] = [];
      for (const p of points) {
        let masked = text;
        for (const ex of p.exclude ?? []) masked = masked.split(ex).join("　".repeat(ex.length));
        const strong = (p.cues.strong ?? []).reduce((n, c) => n + count(masked, c), 0);
        const medium = (p.cues.medium ?? []).reduce((n, c) => n + count(masked, c), 0);
        const weak = (p.cues.weak ?? []).reduce((n, c) => n + count(masked, c), 0);
        const pattern = p.regexes.reduce((n, r) => n + (masked.match(r)?.length ?? 0), 0);
        const decisive = strong + pattern;
        // A weak cue alone is not enough (打 alone is not 家暴); two cues are.
        if (decisive > 0 || medium > 0 && medium + weak >= 2 || weak >= 2) {
          found.push({ code: p.code, score: 2 * decisive + 1.5 * medium + 0.5 * weak });
        }
      }
      return found.sort((a, b) => b.score - a.score);
    },
    classify(_text, detected) {
      const score = new Map<string, number>();
      for (const d of detected) {
        const p = byCode.get(d.code);
        // The first type a point lists is its home type.
        p?.types.forEach((t, i) => score.set(t, (score.get(t) ?? 0) + d.score / (i + 1)));
      }
      let best: string | null = null;
      let bestScore = 0;
      for (const [t, s] of score) if (s > bestScore) [best, bestScore] = [t, s];
      return best;
    },
    pointArticles: (code) => byCode.get(code)?.articles ?? [],
    typeLaws,
    typeArticles: (code) => typeByCode.get(code)?.articles ?? [],
    pointName: (code) => byCode.get(code)?.name,
  };
}

let defaultAnalyzer: QueryAnalyzer | undefined;
export function defaultTaxonomyAnalyzer(): QueryAnalyzer {
  return (defaultAnalyzer ??= createTaxonomyAnalyzer());
}
