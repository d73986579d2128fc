// Single-label classification: accuracy, macro-F1 and the confusion matrix.

export type Prf = { precision: number; recall: number; f1: number; support: number };

export type ConfusionMatrix = {
  /** Row = gold label, column = predicted label, same order. */
  labels: string[];
  counts: number[][];
};

export type ClassificationMetrics = {
  n: number;
  accuracy: number;
  macroF1: number;
  perLabel: Record<string, Prf>;
  confusion: ConfusionMatrix;
};

export const safeDiv = (a: number, b: number): number => (b === 0 ? 0 : a / b);
export const f1Of = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/**
 * `labels` fixes the matrix order (e.g. all dispute-type codes); labels seen in the data but
 * not listed are appended. Macro-F1 averages over labels that occur in gold or prediction.
 */
export function classificationMetrics(
  pairs: Array<{ gold: string; predicted: string }>,
  labels: readonly string[] = [],
): ClassificationMetrics {
  const order = [...labels];
  for (const { gold, predicted } of pairs) {
    if (!order.includes(gold)) order.push(gold);
    if (!order.includes(predicted)) order.push(predicted);
  }
  const index = new Map(order.map((l, i) => [l, i]));
  const counts = order.map(() => order.map(() => 0));
  let correct = 0;
  for (const { gold, predicted } of pairs) {
    const row = counts[index.get(gold)!]!;
    row[index.get(predicted)!]! += 1;
    if (gold === predicted) correct += 1;
  }
  const perLabel: Record<string, Prf> = {};
  const f1s: number[] = [];
  order.forEach((label, i) => {
    const tp = counts[i]![i]!;
    const goldN = counts[i]!.reduce((a, b) => a + b, 0);
    const predN = counts.reduce((a, row) => a + row[i]!, 0);
    if (goldN === 0 && predN === 0) return;
    const precision = safeDiv(tp, predN);
    const recall = safeDiv(tp, goldN);
    const f1 = f1Of(precision, recall);
    perLabel[label] = { precision, recall, f1, support: goldN };
    f1s.push(f1);
  });
  return {
    n: pairs.length,
    accuracy: safeDiv(correct, pairs.length),
    macroF1: safeDiv(f1s.reduce((a, b) => a + b, 0), f1s.length),
    perLabel,
    confusion: { labels: order, counts },
  };
}
