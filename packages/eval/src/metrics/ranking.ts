import { safeDiv } from "./classification.ts";

export type ArticleRef = { law: string; article: number };
/** Title spacing is normalised as in the statute index (corpus headings are not uniform). */
export const refKey = (r: ArticleRef): string => `${r.law.replace(/\s+/gu, " ").trim()}#${r.article}`;

export type RankingMetrics = {
  n: number;
  k: number;
  /** recallAtK[i] = share of items with at least one gold article in the top i+1. */
  hitAtK: number[];
  /** fullAtK[i] = share of items with every gold article in the top i+1. */
  fullAtK: number[];
  /** Mean share of gold articles found in the top k (per item, then averaged). */
  recallAtK: number;
  mrrAt10: number;
  /** Cited ∩ gold / cited, micro over all items (top k). */
  citationPrecision: number;
};

/** Statute ranking quality; items without gold articles are skipped. Duplicates in a ranking count once. */
export function rankingMetrics(items: Array<{ gold: ArticleRef[]; ranked: ArticleRef[] }>, k = 10): RankingMetrics {
  const scored = items.filter((i) => i.gold.length > 0);
  const hit = new Array<number>(k).fill(0);
  const full = new Array<number>(k).fill(0);
  let recallSum = 0;
  let rrSum = 0;
  let cited = 0;
  let citedGold = 0;
  for (const item of scored) {
    const gold = new Set(item.gold.map(refKey));
    const ranked = dedupe(item.ranked.map(refKey)).slice(0, k);
    cited += ranked.length;
    let found = 0;
    let firstRank = 0;
    for (let i = 0; i < k; i++) {
      const key = ranked[i];
      if (key !== undefined && gold.has(key)) {
        found += 1;
        if (firstRank === 0) firstRank = i + 1;
      }
      if (found > 0) hit[i]! += 1;
      if (found === gold.size) full[i]! += 1;
    }
    citedGold += found;
    recallSum += found / gold.size;
    if (firstRank > 0 && firstRank <= 10) rrSum += 1 / firstRank;
  }
  const n = scored.length;
  return {
    n,
    k,
    hitAtK: hit.map((h) => safeDiv(h, n)),
    fullAtK: full.map((f) => safeDiv(f, n)),
    recallAtK: safeDiv(recallSum, n),
    mrrAt10: safeDiv(rrSum, n),
    citationPrecision: safeDiv(citedGold, cited),
  };
}

function dedupe(keys: string[]): string[] {
  return [...new Set(keys)];
}
