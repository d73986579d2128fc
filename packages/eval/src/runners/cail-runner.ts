import type { EvalEngine } from "../engines/eval-engine.ts";
import { latencyMetrics } from "../metrics/latency.ts";
import { cailScore, meanItemF1, multiLabelMetrics } from "../metrics/multilabel.ts";
import type { CailSuiteReport, CaseFailure, ElementDomainMetrics } from "../report/report-model.ts";
import type { CailDomainDocs, InvalidLine } from "../suites/suite-loader.ts";
import type { Suite } from "../suites/suite-schema.ts";
import { timed, type Progress } from "./timing.ts";

/** Per-sentence multi-label element recognition, scored as in CAIL2019 (mean of micro and macro F1). */
export async function runCailSuite(
  suite: Suite,
  domains: CailDomainDocs[],
  invalidLines: InvalidLine[],
  ctx: { engine: EvalEngine; progress: Progress; limit?: number },
): Promise<CailSuiteReport> {
  const elements = ctx.engine.elements?.bind(ctx.engine);
  if (!elements) throw new Error(`engine ${ctx.engine.name} cannot run "cail-elements" suites (no element classifier)`);
  const failures: CaseFailure[] = [];
  const results: ElementDomainMetrics[] = [];
  let items = 0;
  let completed = 0;
  for (const domain of domains) {
    const docs = ctx.limit === undefined ? domain.docs : domain.docs.slice(0, ctx.limit);
    const sentences = docs.flatMap((d, di) => d.sentences.map((s, si) => ({ ...s, id: `${domain.schema}:${d.doc ?? di}:${si}` })));
    items += sentences.length;
    if (sentences[0]) await elements(sentences[0].sentence, domain.schema).catch(() => {}); // untimed warm-up
    ctx.progress.start(sentences.length, `${suite.name} ${domain.schema}`);
    const pairs: Array<{ gold: string[]; predicted: string[] }> = [];
    const times: number[] = [];
    for (const s of sentences) {
      const result = await timed(() => elements(s.sentence, domain.schema));
      if (result.ok) {
        pairs.push({ gold: s.labels, predicted: result.value });
        times.push(result.ms);
        completed += 1;
      } else failures.push({ id: s.id, error: result.error });
      ctx.progress.tick();
    }
    ctx.progress.stop();
    const m = multiLabelMetrics(pairs, domain.labels.length > 0 ? { labels: domain.labels } : {});
    results.push({
      schema: domain.schema, documents: docs.length, sentences: sentences.length, elements: m, cailScore: cailScore(m),
      meanSentenceF1: meanItemF1(pairs), latency: latencyMetrics(times),
    });
  }
  const meanCailScore = results.length === 0 ? 0 : results.reduce((a, r) => a + r.cailScore, 0) / results.length;
  return {
    kind: "cail-elements", name: suite.name, ...(suite.description ? { description: suite.description } : {}),
    data: suite.data, items, completed, failures, invalidLines,
    metrics: completed === 0 ? null : { domains: results, meanCailScore },
  };
}
