import { RISK_LEVELS, type RiskLevel } from "@mediate/core";
import { classificationMetrics, safeDiv, type ConfusionMatrix } from "./classification.ts";

export type RiskMetrics = {
  n: number;
  accuracy: number;
  /** Predicted less urgent than gold. */
  underEstimated: number;
  underRate: number;
  overEstimated: number;
  /** The worst error: a red case called green. */
  redToGreen: number;
  /** Red cases called yellow or green (two levels or more too low). */
  redToYellowOrGreen: number;
  /** Mean levels too low over under-estimated cases, 0 when none. */
  meanUnderSteps: number;
  confusion: ConfusionMatrix;
};

const severity = (level: RiskLevel): number => RISK_LEVELS.length - 1 - RISK_LEVELS.indexOf(level);

export function riskMetrics(pairs: Array<{ gold: RiskLevel; predicted: RiskLevel }>): RiskMetrics {
  let under = 0;
  let over = 0;
  let steps = 0;
  let redToGreen = 0;
  let redToYellowOrGreen = 0;
  for (const { gold, predicted } of pairs) {
    const diff = severity(gold) - severity(predicted);
    if (diff > 0) {
      under += 1;
      steps += diff;
    } else if (diff < 0) over += 1;
    if (gold === "red" && predicted === "green") redToGreen += 1;
    if (gold === "red" && (predicted === "green" || predicted === "yellow")) redToYellowOrGreen += 1;
  }
  const cls = classificationMetrics(pairs, RISK_LEVELS);
  return {
    n: pairs.length,
    accuracy: cls.accuracy,
    underEstimated: under,
    underRate: safeDiv(under, pairs.length),
    overEstimated: over,
    redToGreen,
    redToYellowOrGreen,
    meanUnderSteps: safeDiv(steps, under),
    confusion: cls.confusion,
  };
}
