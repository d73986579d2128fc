// A deterministic engine for tests: same answer for every case, one real citation (text taken
// from the corpus index) and optionally one invented article, so validity checks have work to do.
import type { DisputeTypeCode, Recommendation, RiskLevel } from "@mediate/core";
import type { StatuteIndex } from "../corpus/statute-index.ts";
import type { EvalEngine } from "../engines/eval-engine.ts";

export type FakeEngineOptions = {
  type?: DisputeTypeCode;
  risk?: RiskLevel;
  /** Add a citation of an article that does not exist. */
  inventArticle?: boolean;
  /** Throw for these case ids. */
  crashIds?: string[];
  statutes?: StatuteIndex;
};

export function fakeRecommendation(text: string, opts: FakeEngineOptions): Recommendation {
  const type = { code: opts.type ?? "marriage-family", name: "婚姻家庭纠纷", confidence: 0.5, alternatives: [] };
  const risk = { level: opts.risk ?? "yellow", score: 1, reasons: [] };
  const real = opts.statutes?.texts("中华人民共和国民法典", 1079)[0] ?? "第一千零七十九条 （文本缺失）";
  const legalBasis: Recommendation["legalBasis"] = [
    { law: "中华人民共和国民法典", article: 1079, label: "第一千零七十九条", text: real, reason: "离婚", supports: ["divorce"] },
  ];
  if (opts.inventArticle) {
    legalBasis.push({ law: "中华人民共和国民法典", article: 9999, label: "第九千九百九十九条", text: "编造的条文", reason: "x", supports: [] });
  }
  return {
    engine: "offline",
    type,
    risk,
    plan: {
      approaches: [{ code: "legal-explanation", name: "释法说理", why: "" }],
      steps: [],
      verify: [],
      evidenceToGather: [],
      departments: [{ code: "court", name: "人民法院", why: "" }],
      timeLimit: { class: "simple", days: 3, why: "" },
      talkingPoints: [],
      summary: "",
    },
    legalBasis,
    similarCases: [],
    analysis: {
      engine: "offline",
      script: "simplified",
      textLength: text.length,
      type,
      facts: { parties: [], events: [], places: [], times: [], causes: [], amounts: [], headCounts: [], demands: [] },
      contestedPoints: [{ code: "divorce", name: "是否离婚", confidence: 0.5, evidence: [{ text: text.slice(0, 5), start: 0, end: Math.min(5, text.length), cue: "x" }] }],
      elements: [],
      risk,
      sentences: [],
    },
  };
}

export function createFakeEngine(opts: FakeEngineOptions = {}): EvalEngine & { calls: number } {
  const engine = {
    name: "fake",
    calls: 0,
    async recommend(input: { id: string; text: string }) {
      engine.calls += 1;
      if (opts.crashIds?.includes(input.id)) throw new Error(`boom on ${input.id}`);
      return fakeRecommendation(input.text, opts);
    },
    async elements(sentence: string) {
      return sentence.includes("子女") ? ["婚后有子女"] : [];
    },
    async searchStatutes() {
      return [{ law: "中华人民共和国民法典", article: 1079 }];
    },
    async close() {},
  };
  return engine;
}
