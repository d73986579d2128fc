// Article lookups are the hot path of every recommendation (the same core articles over
// and over), so they are memoised per process: found articles until evicted (LRU), misses
// only briefly (the corpus may still be ingesting). Concurrent lookups share one promise.
import type { Retrieval, StatuteArticle } from "@mediate/retrieval/types.ts";

export type ArticleLookup = (law: string, article: number, articleSub?: number) => Promise<StatuteArticle | null>;

export function createArticleCache(
  retrieval: Pick<Retrieval, "getArticle">,
  options: { maxEntries?: number; missTtlMs?: number; now?: () => number } = {},
): ArticleLookup & { size(): number } {
  const maxEntries = options.maxEntries ?? 5000;
  const missTtlMs = options.missTtlMs ?? 30_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { value: Promise<StatuteArticle | null>; missUntil?: number }>();

  const lookup = (law: string, article: number, articleSub?: number): Promise<StatuteArticle | null> => {
    const key = `${law}\u0000${article}\u0000${articleSub ?? 0}`;
    const hit = entries.get(key);
    if (hit && (hit.missUntil === undefined || hit.missUntil > now())) {
      entries.delete(key); // refresh LRU position
      entries.set(key, hit);
      return hit.value;
    }
    const value = retrieval.getArticle(law, article, articleSub);
    const entry: { value: Promise<StatuteArticle | null>; missUntil?: number } = { value };
    entries.set(key, entry);
    value.then(
      (found) => {
        if (!found) entry.missUntil = now() + missTtlMs;
      },
      () => {
        if (entries.get(key) === entry) entries.delete(key); // never cache failures
      },
    );
    if (entries.size > maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) entries.delete(oldest);
    }
    return value;
  };
  return Object.assign(lookup, { size: () => entries.size });
}
