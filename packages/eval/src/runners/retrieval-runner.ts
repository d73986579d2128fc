import type { EvalEngine } from "../engines/eval-engine.ts";
import { latencyMetrics } from "../metrics/latency.ts";
import { rankingMetrics, type ArticleRef } from "../metrics/ranking.ts";
import type { CaseFailure, RetrievalSuiteReport } from "../report/report-model.ts";
import type { RetrievalQuestion } from "../suites/case-item.ts";
import type { InvalidLine } from "../suites/suite-loader.ts";
import type { Suite } from "../suites/suite-schema.ts";
import { timed, type Progress } from "./timing.ts";

export async function runRetrievalSuite(
  suite: Suite,
  questions: RetrievalQuestion[],
  invalidLines: InvalidLine[],
  ctx: { engine: EvalEngine; progress: Progress },
): Promise<RetrievalSuiteReport> {
  const search = ctx.engine.searchStatutes?.bind(ctx.engine);
  if (!search) throw new Error(`engine ${ctx.engine.name} cannot run "retrieval-questions" suites (no statute search)`);
  const k = suite.options.k ?? 10;
  const failures: CaseFailure[] = [];
  const scored: Array<{ gold: ArticleRef[]; ranked: ArticleRef[] }> = [];
  const times: number[] = [];
  if (questions[0]) await search(questions[0].question, k).catch(() => {}); // untimed warm-up
  ctx.progress.start(questions.length, suite.name);
  for (const q of questions) {
    const result = await timed(() => search(q.question, k));
    if (result.ok) {
      scored.push({ gold: q.gold, ranked: result.value });
      times.push(result.ms);
    } else failures.push({ id: q.id, error: result.error });
    ctx.progress.tick();
  }
  ctx.progress.stop();
  return {
    kind: "retrieval-questions", name: suite.name, ...(suite.description ? { description: suite.description } : {}),
    data: suite.data, items: questions.length, completed: scored.length, failures, invalidLines,
    metrics: scored.length === 0 ? null : { ranking: rankingMetrics(scored, k), latency: latencyMetrics(times) },
  };
}
