// Reciprocal rank fusion: robust to the incomparable score scales of BM25, cosine similarity
// and a prior list, and needs no training data.
export type RankedList<T> = { name: string; weight: number; items: T[] };

export type FusedItem<T> = { item: T; score: number; ranks: Record<string, number> };

export const RRF_K = 60;

export function reciprocalRankFusion<T>(lists: RankedList<T>[], keyOf: (item: T) => string, k = RRF_K): FusedItem<T>[] {
  const fused = new Map<string, FusedItem<T>>();
  for (const list of lists) {
    if (list.weight <= 0) continue;
    list.items.forEach((item, index) => {
      const key = keyOf(item);
      let f = fused.get(key);
      if (!f) fused.set(key, (f = { item, score: 0, ranks: {} }));
      if (f.ranks[list.name] !== undefined) return; // duplicates within one list count once
      f.ranks[list.name] = index + 1;
      f.score += list.weight / (k + index + 1);
    });
  }
  // Stable: ties keep first-seen order.
  return [...fused.values()].sort((a, b) => b.score - a.score);
}
