// The offline analysis pipeline: prepare → facts → contested points → type → risk → elements.
import { classifyDispute } from "../classify/classify-dispute.ts";
import { detectContestedPoints } from "../contested/detect-contested-points.ts";
import { classifyElements, schemasForType } from "../elements/classify-elements.ts";
import { extractFacts } from "../facts/extract-facts.ts";
import { assessRisk } from "../risk/assess-risk.ts";
import type { AnalyzeOptions, CaseAnalysis } from "../schema/case-analysis.ts";
import { prepareText, type PreparedText } from "../text/prepare-text.ts";

export type AnalyzeCaseOptions = AnalyzeOptions & { id?: string };

/**
 * Analyses one narrative offline and deterministically. Throws MediateError for input
 * that is empty, too long or binary (see prepareText).
 */
export function analyzeCase(text: string, options: AnalyzeCaseOptions = {}): CaseAnalysis {
  return analyzePrepared(prepareText(text), options);
}

/** Same as analyzeCase for text already prepared (the server reuses its PreparedText). */
export function analyzePrepared(p: PreparedText, options: AnalyzeCaseOptions = {}): CaseAnalysis {
  const facts = extractFacts(p);
  const contestedPoints = detectContestedPoints(p);
  const type = classifyDispute(p, contestedPoints);
  const risk = assessRisk(p, facts, contestedPoints);
  const schemas = options.schemas ?? schemasForType(type.code);
  const elements = schemas.length > 0 ? classifyElements(p, schemas) : [];
  const analysis: CaseAnalysis = {
    engine: "offline",
    script: p.script,
    textLength: p.original.length,
    type,
    facts,
    contestedPoints,
    elements,
    risk,
    sentences: p.sentences,
  };
  // id first in the JSON, as clients read it first in --jsonl output.
  return options.id === undefined ? analysis : { id: options.id, ...analysis };
}
