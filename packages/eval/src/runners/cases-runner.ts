import type { Recommendation, RiskLevel } from "@mediate/core";
import type { StatuteIndex } from "../corpus/statute-index.ts";
import type { EvalEngine } from "../engines/eval-engine.ts";
import { classificationMetrics, safeDiv } from "../metrics/classification.ts";
import { citationSupport, citationValidity, checkCitation, type PointArticleLinks } from "../metrics/citations.ts";
import { latencyMetrics } from "../metrics/latency.ts";
import { multiLabelMetrics } from "../metrics/multilabel.ts";
import { planCoverage } from "../metrics/plan-coverage.ts";
import { rankingMetrics, refKey } from "../metrics/ranking.ts";
import { riskMetrics } from "../metrics/risk.ts";
import type { CaseRow, CasesMetrics, CasesSuiteReport, CaseFailure } from "../report/report-model.ts";
import type { CaseItem } from "../suites/case-item.ts";
import type { InvalidLine } from "../suites/suite-loader.ts";
import type { Suite } from "../suites/suite-schema.ts";
import { timed, type Progress } from "./timing.ts";
import { DISPUTE_TYPE_CODES } from "@mediate/core";

export type CasesRunContext = {
  engine: EvalEngine;
  statutes: StatuteIndex;
  links: PointArticleLinks;
  progress: Progress;
  /** Optional LLM-as-judge scorer, 1..5 per item, null when it could not score. */
  judge?: (item: CaseItem, rec: Recommendation) => Promise<number | null>;
};

type Answered = { item: CaseItem; rec: Recommendation; ms: number };

export async function runCasesSuite(
  suite: Suite,
  items: CaseItem[],
  invalidLines: InvalidLine[],
  ctx: CasesRunContext,
): Promise<CasesSuiteReport> {
  const recommend = ctx.engine.recommend?.bind(ctx.engine);
  if (!recommend) throw new Error(`engine ${ctx.engine.name} cannot run "cases" suites (no recommend)`);
  const answered: Answered[] = [];
  const failures: CaseFailure[] = [];
  const rows: CaseRow[] = [];
  const judgeScores: number[] = [];
  let judgeFailures = 0;
  // One untimed call first: lazy start-up (models, database, caches) is not per-case latency.
  if (items[0]) await recommend({ id: "warm-up", text: items[0].text }).catch(() => {});
  ctx.progress.start(items.length, suite.name);
  for (const item of items) {
    const result = await timed((signal) => recommend({ id: item.id, text: item.text }, signal));
    if (result.ok) {
      answered.push({ item, rec: result.value, ms: result.ms });
      rows.push(rowOf(item, result.value, result.ms, ctx.statutes));
      if (ctx.judge) {
        const score = await ctx.judge(item, result.value).catch(() => null);
        if (score === null) judgeFailures += 1;
        else judgeScores.push(score);
      }
    } else {
      failures.push({ id: item.id, error: result.error });
      rows.push({
        id: item.id, form: item.form, tags: item.tags ?? [], goldType: item.type, predictedType: null,
        goldRisk: item.risk, predictedRisk: null, missedArticles: item.articles.map(refKey), invalidCitations: 0,
        ms: result.ms, error: result.error,
      });
    }
    ctx.progress.tick();
  }
  ctx.progress.stop();
  const metrics = answered.length === 0 ? null : casesMetrics(answered, suite.options.k ?? 10, ctx);
  if (metrics && ctx.judge) {
    metrics.judge = {
      n: judgeScores.length,
      meanScore: safeDiv(judgeScores.reduce((a, b) => a + b, 0), judgeScores.length),
      failures: judgeFailures,
      prompt: "prompts/judge-plan.v1.md",
    };
  }
  return {
    kind: "cases", name: suite.name, ...(suite.description ? { description: suite.description } : {}),
    data: suite.data, items: items.length, completed: answered.length, failures, invalidLines, metrics, rows,
  };
}

function rowOf(item: CaseItem, rec: Recommendation, ms: number, statutes: StatuteIndex): CaseRow {
  const cited = new Set(rec.legalBasis.map(refKey));
  return {
    id: item.id, form: item.form, tags: item.tags ?? [], goldType: item.type, predictedType: rec.type.code,
    goldRisk: item.risk, predictedRisk: rec.risk.level,
    missedArticles: item.articles.map(refKey).filter((k) => !cited.has(k)),
    invalidCitations: rec.legalBasis.filter((c) => checkCitation(c, statutes) !== "valid").length,
    ms,
  };
}

export function casesMetrics(answered: Answered[], k: number, ctx: Pick<CasesRunContext, "statutes" | "links">): CasesMetrics {
  const typePairs = answered.map(({ item, rec }) => ({ gold: item.type as string, predicted: rec.type.code as string }));
  const typeByForm: CasesMetrics["typeByForm"] = {};
  for (const form of ["narrative", "question"] as const) {
    const sub = answered.filter((a) => a.item.form === form);
    typeByForm[form] = { n: sub.length, accuracy: safeDiv(sub.filter((a) => a.rec.type.code === a.item.type).length, sub.length) };
  }
  const hard = answered.filter((a) => a.item.tags?.includes("hard"));
  const typeByTag: CasesMetrics["typeByTag"] = {};
  for (const tag of [...new Set(answered.flatMap((a) => a.item.tags ?? []))].sort()) {
    const sub = answered.filter((a) => a.item.tags?.includes(tag));
    typeByTag[tag] = { n: sub.length, accuracy: safeDiv(sub.filter((a) => a.rec.type.code === a.item.type).length, sub.length) };
  }
  const detected = (rec: Recommendation) => rec.analysis.contestedPoints.map((p) => p.code);
  return {
    type: classificationMetrics(typePairs, DISPUTE_TYPE_CODES),
    typeByForm,
    typeHard: { n: hard.length, accuracy: safeDiv(hard.filter((a) => a.rec.type.code === a.item.type).length, hard.length) },
    typeByTag,
    points: multiLabelMetrics(answered.map(({ item, rec }) => ({ gold: item.points, predicted: detected(rec) }))),
    statutes: rankingMetrics(answered.map(({ item, rec }) => ({ gold: item.articles, ranked: rec.legalBasis })), k),
    citationValidity: citationValidity(answered.map(({ item, rec }) => ({ id: item.id, citations: rec.legalBasis })), ctx.statutes),
    citationSupport: citationSupport(
      answered.map(({ item, rec }) => ({ gold: item.articles, detectedPoints: detected(rec), citations: rec.legalBasis })),
      ctx.links,
    ),
    plan: planCoverage(
      answered.map(({ item, rec }) => ({
        gold: item.plan,
        predicted: {
          approaches: rec.plan.approaches.map((a) => a.code),
          departments: rec.plan.departments.map((d) => d.code),
          timeLimit: rec.plan.timeLimit.class,
        },
      })),
    ),
    risk: riskMetrics(answered.map(({ item, rec }) => ({ gold: item.risk, predicted: rec.risk.level as RiskLevel }))),
    latency: latencyMetrics(answered.map((a) => a.ms)),
  };
}
