import { f1Of, safeDiv, type Prf } from "./classification.ts";

export type MultiLabelMetrics = {
  n: number;
  micro: { precision: number; recall: number; f1: number };
  /** Mean over labels that occur in gold or prediction. */
  macro: { precision: number; recall: number; f1: number };
  perLabel: Record<string, Prf & { tp: number; fp: number; fn: number }>;
};

export type MultiLabelOptions = {
  /**
   * The full label set (e.g. the 20 labels of a CAIL domain). Every listed label enters the
   * macro average; one that never occurs in gold nor prediction scores P = R = F1 = 1, as in the
   * CAIL2019 judger. Without it, macro averages over the labels that occur.
   */
  labels?: readonly string[];
};

/** Multi-label P/R/F1 (contested points, legal elements): one gold and one predicted label set per item. */
export function multiLabelMetrics(
  pairs: Array<{ gold: Iterable<string>; predicted: Iterable<string> }>,
  options: MultiLabelOptions = {},
): MultiLabelMetrics {
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const get = (label: string) => {
    let c = counts.get(label);
    if (!c) counts.set(label, (c = { tp: 0, fp: 0, fn: 0 }));
    return c;
  };
  for (const label of options.labels ?? []) get(label);
  for (const pair of pairs) {
    const gold = new Set(pair.gold);
    const predicted = new Set(pair.predicted);
    for (const label of predicted) {
      if (gold.has(label)) get(label).tp += 1;
      else get(label).fp += 1;
    }
    for (const label of gold) if (!predicted.has(label)) get(label).fn += 1;
  }
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const perLabel: MultiLabelMetrics["perLabel"] = {};
  for (const [label, c] of [...counts.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    tp += c.tp;
    fp += c.fp;
    fn += c.fn;
    const untouched = c.tp + c.fp + c.fn === 0;
    const precision = untouched ? 1 : safeDiv(c.tp, c.tp + c.fp);
    const recall = untouched ? 1 : safeDiv(c.tp, c.tp + c.fn);
    perLabel[label] = { ...c, precision, recall, f1: f1Of(precision, recall), support: c.tp + c.fn };
  }
  const microP = safeDiv(tp, tp + fp);
  const microR = safeDiv(tp, tp + fn);
  const labels = Object.values(perLabel);
  const mean = (xs: number[]) => safeDiv(xs.reduce((a, b) => a + b, 0), xs.length);
  return {
    n: pairs.length,
    micro: { precision: microP, recall: microR, f1: f1Of(microP, microR) },
    macro: {
      precision: mean(labels.map((l) => l.precision)),
      recall: mean(labels.map((l) => l.recall)),
      f1: mean(labels.map((l) => l.f1)),
    },
    perLabel,
  };
}

/** CAIL2019 element score: the mean of micro-F1 and macro-F1. */
export const cailScore = (m: MultiLabelMetrics): number => (m.micro.f1 + m.macro.f1) / 2;

/** Mean per-item F1 of predicted vs gold sets, over items with at least one gold label. */
export function meanItemF1(pairs: Array<{ gold: Iterable<string>; predicted: Iterable<string> }>): number {
  let sum = 0;
  let n = 0;
  for (const pair of pairs) {
    const gold = new Set(pair.gold);
    if (gold.size === 0) continue;
    const predicted = new Set(pair.predicted);
    const hit = [...predicted].filter((l) => gold.has(l)).length;
    sum += hit === 0 ? 0 : (2 * hit) / (gold.size + predicted.size);
    n += 1;
  }
  return safeDiv(sum, n);
}
