import type { ClassificationMetrics } from "../metrics/classification.ts";
import type { CitationSupportMetrics, CitationValidityMetrics } from "../metrics/citations.ts";
import type { LatencyMetrics } from "../metrics/latency.ts";
import type { MultiLabelMetrics } from "../metrics/multilabel.ts";
import type { PlanCoverageMetrics } from "../metrics/plan-coverage.ts";
import type { RankingMetrics } from "../metrics/ranking.ts";
import type { RiskMetrics } from "../metrics/risk.ts";
import type { InvalidLine } from "../suites/suite-loader.ts";

export const REPORT_VERSION = 1;

export type CaseFailure = { id: string; error: string };

type SuiteBase = {
  name: string;
  description?: string;
  data: string[];
  /** Items the suite selected (after skipping invalid lines). */
  items: number;
  /** Items the engine answered without crashing. */
  completed: number;
  failures: CaseFailure[];
  invalidLines: InvalidLine[];
};

export type CaseRow = {
  id: string;
  form: "narrative" | "question";
  tags: string[];
  goldType: string;
  predictedType: string | null;
  goldRisk: string;
  predictedRisk: string | null;
  missedArticles: string[];
  invalidCitations: number;
  ms: number;
  error?: string;
};

export type JudgeMetrics = { n: number; meanScore: number; failures: number; prompt: string };

export type CasesMetrics = {
  type: ClassificationMetrics;
  /** Type accuracy on the mediator's long form and on the visitor's short questions. */
  typeByForm: Record<string, { n: number; accuracy: number }>;
  /** Type accuracy on items tagged `hard`. */
  typeHard: { n: number; accuracy: number };
  /** Type accuracy per tag (dialect, traditional, negation, typo, multi …). */
  typeByTag: Record<string, { n: number; accuracy: number }>;
  points: MultiLabelMetrics;
  statutes: RankingMetrics;
  citationValidity: CitationValidityMetrics;
  citationSupport: CitationSupportMetrics;
  plan: PlanCoverageMetrics;
  risk: RiskMetrics;
  latency: LatencyMetrics;
  judge?: JudgeMetrics;
};

export type CasesSuiteReport = SuiteBase & { kind: "cases"; metrics: CasesMetrics | null; rows: CaseRow[] };

export type ElementDomainMetrics = {
  schema: string;
  documents: number;
  sentences: number;
  elements: MultiLabelMetrics;
  /** (micro-F1 + macro-F1) / 2, macro over the domain's full label set as in the CAIL2019 judger. */
  cailScore: number;
  /** Mean per-sentence F1 over sentences with at least one gold label. */
  meanSentenceF1: number;
  latency: LatencyMetrics;
};

export type CailSuiteReport = SuiteBase & {
  kind: "cail-elements";
  metrics: { domains: ElementDomainMetrics[]; meanCailScore: number } | null;
};

export type RetrievalSuiteReport = SuiteBase & {
  kind: "retrieval-questions";
  metrics: { ranking: RankingMetrics; latency: LatencyMetrics } | null;
};

export type SuiteReport = CasesSuiteReport | CailSuiteReport | RetrievalSuiteReport;

export type HeadlineMetric = {
  value: number;
  better: "higher" | "lower";
  /** Compared against a baseline (latency is machine-dependent and only reported). */
  gated: boolean;
};

export type EvalReport = {
  version: typeof REPORT_VERSION;
  createdAt: string;
  engine: string;
  /** Command line that produced it, for reproduction. */
  command: string;
  durationMs: number;
  suites: SuiteReport[];
  headline: Record<string, HeadlineMetric>;
};
