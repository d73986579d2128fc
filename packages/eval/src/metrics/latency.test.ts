import { describe, expect, it } from "vitest";
import { latencyMetrics, percentile } from "./latency.ts";

describe("latency", () => {
  it("uses nearest-rank percentiles", () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 95)).toBe(95);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBe(0);
  });

  it("builds a trimmed histogram with an open last bucket", () => {
    const m = latencyMetrics([3, 4, 40, 100000]);
    expect(m.p50).toBe(4);
    expect(m.max).toBe(100000);
    expect(m.histogram[0]).toEqual({ upTo: 5, count: 2 });
    expect(m.histogram.at(-1)).toEqual({ upTo: null, count: 1 });
    expect(m.histogram.reduce((a, b) => a + b.count, 0)).toBe(4);
  });
});
