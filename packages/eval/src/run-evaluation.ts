import { MediateError, type Recommendation } from "@mediate/core";
import { loadPointArticleLinks } from "./corpus/point-links.ts";
import { loadStatuteIndex } from "./corpus/statute-index.ts";
import type { EvalEngine } from "./engines/eval-engine.ts";
import type { EvalPaths } from "./paths.ts";
import { headlineOf } from "./report/headline.ts";
import { REPORT_VERSION, type EvalReport, type SuiteReport } from "./report/report-model.ts";
import { runCailSuite } from "./runners/cail-runner.ts";
import { runCasesSuite } from "./runners/cases-runner.ts";
import { runRetrievalSuite } from "./runners/retrieval-runner.ts";
import { silentProgress, type Progress } from "./runners/timing.ts";
import type { CaseItem } from "./suites/case-item.ts";
import { loadCailDocs, loadCaseItems, loadRetrievalQuestions, loadSuite } from "./suites/suite-loader.ts";

export type RunOptions = {
  suites: string[];
  engine: EvalEngine;
  paths: EvalPaths;
  /** At most N items per suite (N documents per CAIL domain). */
  limit?: number;
  progress?: Progress;
  command?: string;
  judge?: (item: CaseItem, rec: Recommendation) => Promise<number | null>;
  /** Where warnings go (invalid lines); default: nowhere. */
  warn?: (message: string) => void;
};

/** Loads every suite first (so an unknown name fails before any work), then runs them in order. */
export async function runEvaluation(options: RunOptions): Promise<EvalReport> {
  const started = performance.now();
  const progress = options.progress ?? silentProgress;
  const warn = options.warn ?? (() => {});
  const suites = await Promise.all(options.suites.map((name) => loadSuite(name, options.paths.repoRoot)));
  const reports: SuiteReport[] = [];
  const take = <T>(xs: T[]) => (options.limit === undefined ? xs : xs.slice(0, options.limit));
  for (const suite of suites) {
    if (suite.kind === "cases") {
      const [{ items, invalid }, statutes, taxonomy] = await Promise.all([
        loadCaseItems(suite, options.paths),
        loadStatuteIndex(options.paths.corpusDir),
        loadPointArticleLinks(options.paths.repoRoot),
      ]);
      invalid.forEach((i) => warn(`${i.file}:${i.line}: skipped invalid line: ${i.error}`));
      reports.push(
        await runCasesSuite(suite, take(items), invalid, {
          engine: options.engine, statutes, links: taxonomy.links, progress,
          ...(options.judge ? { judge: options.judge } : {}),
        }),
      );
    } else if (suite.kind === "cail-elements") {
      const { domains, invalid } = await loadCailDocs(suite, options.paths);
      invalid.forEach((i) => warn(`${i.file}:${i.line}: skipped invalid line: ${i.error}`));
      reports.push(await runCailSuite(suite, domains, invalid, { engine: options.engine, progress, ...(options.limit !== undefined ? { limit: options.limit } : {}) }));
    } else if (suite.kind === "retrieval-questions") {
      const { items, invalid } = await loadRetrievalQuestions(suite, options.paths);
      invalid.forEach((i) => warn(`${i.file}:${i.line}: skipped invalid line: ${i.error}`));
      reports.push(await runRetrievalSuite(suite, take(items), invalid, { engine: options.engine, progress }));
    } else {
      throw new MediateError("invalid_input", `unsupported suite kind in ${suite.file}`);
    }
  }
  return {
    version: REPORT_VERSION,
    createdAt: new Date().toISOString(),
    engine: options.engine.name,
    command: options.command ?? "",
    durationMs: Math.round(performance.now() - started),
    suites: reports,
    headline: headlineOf(reports),
  };
}
