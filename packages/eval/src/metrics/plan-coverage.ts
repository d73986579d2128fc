import { safeDiv } from "./classification.ts";

export type GoldPlan = { approaches: string[]; departments: string[]; timeLimit: string };
export type PredictedPlan = { approaches: string[]; departments: string[]; timeLimit: string | null };

export type PlanCoverageMetrics = {
  n: number;
  /** Share of gold approaches present in the plan (micro over all gold approaches). */
  approaches: number;
  departments: number;
  timeLimit: number;
  /** Mean of the three. */
  overall: number;
};

/** Coverage: each gold element the plan must contain, found or not (extra elements are not penalised here). */
export function planCoverage(items: Array<{ gold: GoldPlan; predicted: PredictedPlan }>): PlanCoverageMetrics {
  let approachGold = 0;
  let approachHit = 0;
  let deptGold = 0;
  let deptHit = 0;
  let timeHit = 0;
  for (const { gold, predicted } of items) {
    const a = new Set(predicted.approaches);
    const d = new Set(predicted.departments);
    approachGold += gold.approaches.length;
    approachHit += gold.approaches.filter((x) => a.has(x)).length;
    deptGold += gold.departments.length;
    deptHit += gold.departments.filter((x) => d.has(x)).length;
    if (predicted.timeLimit === gold.timeLimit) timeHit += 1;
  }
  const approaches = approachGold === 0 ? 1 : approachHit / approachGold;
  const departments = deptGold === 0 ? 1 : deptHit / deptGold;
  const timeLimit = safeDiv(timeHit, items.length);
  return { n: items.length, approaches, departments, timeLimit, overall: (approaches + departments + timeLimit) / 3 };
}
