// QueryAnalyzer backed by @mediate/core: the same contested-point detector (with negation and
// domain context) and dispute classifier the case analysis uses, so a query and a case
// narrative are understood alike. Articles and laws come from core's taxonomy.
import { classifyDispute, detectContestedPoints, loadTaxonomy, prepareText, type ContestedPoint, type PreparedText } from "@mediate/core";
import type { QueryAnalyzer } from "./taxonomy-analyzer.ts";

export function createCoreAnalyzer(): QueryAnalyzer {
  const taxonomy = loadTaxonomy();
  // detectPoints then classify run on the same text: prepare and detect once.
  let last: { text: string; prepared: PreparedText; points: ContestedPoint[] } | undefined;
  const analyse = (text: string) => {
    if (last?.text !== text) {
      const prepared = prepareText(text);
      last = { text, prepared, points: detectContestedPoints(prepared) };
    }
    return last;
  };
  return {
    detectPoints: (text) =>
      analyse(text).points.map((p) => ({ code: p.code, score: p.confidence })).sort((a, b) => b.score - a.score),
    classify(text) {
      const { prepared, points } = analyse(text);
      const type = classifyDispute(prepared, points);
      // A weak "other" says nothing; let the lists without a type bias decide.
      return type.code === "other" && type.confidence < 0.3 ? null : type.code;
    },
    pointArticles: (code) => taxonomy.pointByCode.get(code)?.articles ?? [],
    typeLaws: (code) => taxonomy.typeByCode.get(code)?.laws ?? [],
    typeArticles: (code) => taxonomy.typeByCode.get(code)?.articles ?? [],
    pointName: (code) => taxonomy.pointByCode.get(code)?.name,
  };
}
