// BM25 shared by the SQL ranking and the in-process index, so both rank identically.
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;

export function bm25Idf(docCount: number, df: number): number {
  return Math.log(1 + (docCount - df + 0.5) / (df + 0.5));
}

export function bm25TermScore(idf: number, tf: number, docLength: number, avgDocLength: number): number {
  const norm = 1 - BM25_B + BM25_B * (docLength / (avgDocLength || 1));
  return (idf * tf * (BM25_K1 + 1)) / (tf + BM25_K1 * norm);
}

/** Query terms with their counts, in first-seen order. */
export function queryTerms(tokens: string[]): Array<{ term: string; qtf: number }> {
  const m = new Map<string, number>();
  for (const t of tokens) m.set(t, (m.get(t) ?? 0) + 1);
  return [...m].map(([term, qtf]) => ({ term, qtf }));
}

/** Below this many documents no term is cut: a share of a handful of documents says nothing. */
export const MIN_DOCS_FOR_DF_CUT = 1000;

/**
 * The largest document frequency a query term may have and still be scored: terms in more than
 * `fraction` of the `docCount` documents carry little weight (idf ≈ 1.4 at 0.2) but the longest
 * postings. Both rankings (SQL and in-process) use this one cut so they stay identical.
 */
export function maxDocumentFrequency(docCount: number, fraction: number): number {
  return fraction >= 1 || docCount < MIN_DOCS_FOR_DF_CUT ? docCount : Math.floor(docCount * fraction);
}
