export type LatencyMetrics = {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
  /** Histogram for the report: bucket upper bounds (ms) and counts. */
  histogram: Array<{ upTo: number | null; count: number }>;
};

/** Nearest-rank percentile on sorted values (p in 0..100). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

const BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000, Infinity];

export function latencyMetrics(millis: number[]): LatencyMetrics {
  const sorted = [...millis].sort((a, b) => a - b);
  const histogram = BUCKETS.map((upTo) => ({ upTo, count: 0 }));
  for (const ms of sorted) histogram.find((b) => ms <= b.upTo)!.count += 1;
  // Trim empty buckets at both ends so the chart shows the populated range.
  let lo = histogram.findIndex((b) => b.count > 0);
  let hi = histogram.length - 1 - [...histogram].reverse().findIndex((b) => b.count > 0);
  if (lo < 0) lo = hi = 0;
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sorted.length === 0 ? 0 : sorted.reduce((a, b) => a + b, 0) / sorted.length,
    max: sorted.at(-1) ?? 0,
    // null = open-ended last bucket (JSON has no Infinity).
    histogram: sorted.length === 0 ? [] : histogram.slice(lo, hi + 1).map((b) => ({ upTo: Number.isFinite(b.upTo) ? b.upTo : null, count: b.count })),
  };
}
