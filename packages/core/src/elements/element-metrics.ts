// CAIL2019 element-task scoring: per-label TP/FP/FN at sentence level, micro and macro F1,
// and the score = (micro + macro) / 2. A label with no gold and no prediction in the split
// scores F1 = 1, as in the official judger.

export type ElementScores = {
  microF1: number;
  macroF1: number;
  /** (micro + macro) / 2 — the CAIL2019 element score. */
  cailScore: number;
  /** Mean F1 of predicted vs gold label sets over sentences that have at least one gold label. */
  meanSentenceF1: number;
  perLabel: Array<{ label: string; tp: number; fp: number; fn: number; f1: number }>;
  sentences: number;
};

function f1(tp: number, fp: number, fn: number): number {
  if (tp === 0) return fp === 0 && fn === 0 ? 1 : 0;
  const p = tp / (tp + fp);
  const r = tp / (tp + fn);
  return (2 * p * r) / (p + r);
}

export function scoreElements(labels: string[], gold: string[][], predicted: string[][]): ElementScores {
  if (gold.length !== predicted.length) throw new Error("gold and predicted differ in length");
  const index = new Map(labels.map((l, i) => [l, i]));
  const tp = new Array<number>(labels.length).fill(0);
  const fp = new Array<number>(labels.length).fill(0);
  const fn = new Array<number>(labels.length).fill(0);
  let sentF1Sum = 0;
  let labelled = 0;
  gold.forEach((g, i) => {
    const gs = new Set(g);
    const ps = new Set(predicted[i] ?? []);
    let hit = 0;
    for (const l of ps) {
      const k = index.get(l);
      if (k === undefined) continue;
      if (gs.has(l)) {
        tp[k]!++;
        hit++;
      } else fp[k]!++;
    }
    for (const l of gs) {
      const k = index.get(l);
      if (k !== undefined && !ps.has(l)) fn[k]!++;
    }
    if (gs.size > 0) {
      labelled++;
      sentF1Sum += hit === 0 ? 0 : (2 * hit) / (gs.size + ps.size);
    }
  });
  const perLabel = labels.map((label, k) => ({ label, tp: tp[k]!, fp: fp[k]!, fn: fn[k]!, f1: f1(tp[k]!, fp[k]!, fn[k]!) }));
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const microF1 = f1(sum(tp), sum(fp), sum(fn));
  const macroF1 = sum(perLabel.map((p) => p.f1)) / Math.max(1, labels.length);
  return {
    microF1,
    macroF1,
    cailScore: (microF1 + macroF1) / 2,
    meanSentenceF1: labelled === 0 ? 0 : sentF1Sum / labelled,
    perLabel,
    sentences: gold.length,
  };
}
