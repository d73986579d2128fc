// Fixed-window counters kept in memory per instance: cheap on the hot path. With N
// instances behind a balancer the effective limit is up to N× the configured one
// (documented in docs/api.md); the windows are short so memory stays bounded.
import type { RateDecision, RateLimiter } from "./types.ts";

export function createMemoryRateLimiter(options: { now?: () => number; maxBuckets?: number } = {}): RateLimiter {
  const now = options.now ?? Date.now;
  const maxBuckets = options.maxBuckets ?? 100_000;
  const buckets = new Map<string, { windowStart: number; count: number }>();

  function sweep(t: number, windowMs: number): void {
    for (const [key, b] of buckets) if (t - b.windowStart >= windowMs) buckets.delete(key);
  }

  return {
    take(bucket, limit, windowMs): RateDecision {
      const t = now();
      const windowStart = t - (t % windowMs);
      let entry = buckets.get(bucket);
      if (!entry || entry.windowStart !== windowStart) {
        if (buckets.size >= maxBuckets) sweep(t, windowMs);
        entry = { windowStart, count: 0 };
        buckets.set(bucket, entry);
      }
      entry.count += 1;
      const allowed = entry.count <= limit;
      return {
        allowed,
        limit,
        remaining: Math.max(0, limit - entry.count),
        resetSeconds: Math.max(1, Math.ceil((windowStart + windowMs - t) / 1000)),
      };
    },
  };
}
