// QueryAnalyzer backed by @mediate/core: the same contested-point detector (with negation and
// domain context) and dispute classifier the case analysis uses, so a query and a case
// narrative are understood alike. Articles and laws come from core's taxonomy.
import { classifyDispute, detectContestedPoints, loadTaxonomy, prepareText } from "@mediate/core";
import type { QueryAnalyzer } from "./taxonomy-analyzer.ts";

export function createCoreAnalyzer(): QueryAnalyzer {
  const taxonomy = loadTaxonomy();
  const prepared = new Map<string, ReturnType<typeof prepareText>>();
  // detectPoints and classify are called in turn on the same text; prepare it once.
  const prepare = (text: string) => {
    let p = prepared.get(text);
    if (!p) {
      prepared.clear();
      p = prepareText(text);
      prepared.set(text, p);
    }
    return p;
  };
  const lastPoints = new Map<string, ReturnType<typeof detectContestedPoints>>();
  return {
    detectPoints(text) {
      const points = detectContestedPoints(prepare(text));
      lastPoints.clear();
      lastPoints.set(text, points);
      return points.map((p) => ({ code: p.code, score: p.confidence })).sort((a, b) => b.score - a.score);
    },
    classify(text) {
      const type = classifyDispute(prepare(text), lastPoints.get(text) ?? detectContestedPoints(prepare(text)));
      return type.code === "other" && type.confidence < 0.3 ? null : type.code;
    },
    pointArticles: (code) => taxonomy.pointByCode.get(code)?.articles ?? [],
    typeLaws: (code) => taxonomy.typeByCode.get(code)?.laws ?? [],
    typeArticles: (code) => taxonomy.typeByCode.get(code)?.articles ?? [],
    pointName: (code) => taxonomy.pointByCode.get(code)?.name,
  };
}
