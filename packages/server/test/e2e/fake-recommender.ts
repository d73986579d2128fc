// Test double for the Recommender: input-dependent and schema-valid, with article text read
// from the shared statute corpus at run time (never invented). It exists so the kiosk and
// workbench can be tested before/independently of the offline engine.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { disputeTypeName, type DisputeTypeCode, type Recommendation, RecommendationSchema, type Span } from "@mediate/core";
import type { RecommendInput, Recommender } from "../../src/recommendation/types.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
export const corpusDir = process.env.MEDIATE_CORPUS_DIR ?? path.resolve(repoRoot, "../shared/corpora/laws");

type ArticleRef = { file: string; law: string; label: string; article: number; reason: string; supports: string[] };

/** Exact text of one article: its paragraph group up to the next 第…条 or heading. */
export function readArticle(file: string, label: string): string {
  const lines = readFileSync(path.join(corpusDir, file), "utf8").split("\n");
  const start = lines.findIndex((l) => l.startsWith(`${label} `) || l.startsWith(`${label}\u3000`));
  if (start < 0) throw new Error(`${label} not found in ${file}`);
  const out: string[] = [];
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (i > start && (/^第[一二三四五六七八九十百千零〇]+条/.test(line) || line.startsWith("#"))) break;
    out.push(line);
  }
  return out.join("\n").trim();
}

type Profile = {
  type: DisputeTypeCode;
  cues: string[];
  point: { code: string; name: string };
  articles: ArticleRef[];
  department: { code: "womens-federation" | "labor-arbitration" | "justice-office"; name: string };
};

const PROFILES: Profile[] = [
  {
    type: "marriage-family",
    cues: ["打我", "家暴", "离婚", "喝醉"],
    point: { code: "domestic-violence", name: "家庭暴力" },
    articles: [
      { file: "民法典/婚姻家庭编.md", law: "中华人民共和国民法典", label: "第一千零四十二条", article: 1042, reason: "叙述中有家庭暴力情节", supports: ["domestic-violence"] },
      { file: "民法典/婚姻家庭编.md", law: "中华人民共和国民法典", label: "第一千零七十九条", article: 1079, reason: "当事人提出离婚", supports: ["domestic-violence"] },
    ],
    department: { code: "womens-federation", name: "妇联" },
  },
  {
    type: "labor",
    cues: ["工资", "老板", "拖欠"],
    point: { code: "wage-arrears", name: "拖欠劳动报酬" },
    articles: [
      { file: "社会法/劳动合同法(2012-12-28).md", law: "中华人民共和国劳动合同法", label: "第三十条", article: 30, reason: "用人单位未按时支付工资", supports: ["wage-arrears"] },
    ],
    department: { code: "labor-arbitration", name: "劳动人事争议仲裁委员会" },
  },
  {
    type: "neighbor",
    cues: ["漏水", "邻居", "楼上"],
    point: { code: "water-damage", name: "漏水损害" },
    articles: [
      { file: "民法典/物权编.md", law: "中华人民共和国民法典", label: "第二百八十八条", article: 288, reason: "相邻关系纠纷", supports: ["water-damage"] },
    ],
    department: { code: "justice-office", name: "司法所" },
  },
];

function spanOf(text: string, cue: string): Span | null {
  const start = text.indexOf(cue);
  return start < 0 ? null : { text: cue, start, end: start + cue.length };
}

export function fakeRecommendation(input: RecommendInput): Recommendation {
  const text = input.text;
  const profile = PROFILES.find((p) => p.cues.some((c) => text.includes(c))) ?? PROFILES[2]!;
  const evidence = profile.cues.map((c) => spanOf(text, c)).filter((s): s is Span => s !== null);
  const firstEvidence = evidence[0] ?? { text: text.slice(0, Math.min(4, text.length)), start: 0, end: Math.min(4, text.length) };
  const sentence = { text, start: 0, end: text.length };
  const name = disputeTypeName(profile.type);
  const rec: Recommendation = {
    engine: "offline",
    type: { code: profile.type, name, confidence: 0.82, alternatives: [{ code: "other", name: "其他纠纷", confidence: 0.1 }] },
    risk: {
      level: text.includes("打") ? "orange" : "yellow",
      score: text.includes("打") ? 6 : 3,
      reasons: [{ code: "violence-cue", label: text.includes("打") ? "存在人身伤害风险" : "矛盾持续时间较长", weight: 3, evidence: [firstEvidence] }],
    },
    plan: {
      approaches: [{ code: "separate-sessions", name: "背对背调解", why: "双方情绪对立，先分别听取意见" }],
      steps: [
        { order: 1, title: "分别听取双方陈述", detail: "先与来访人单独谈话，了解诉求" },
        { order: 2, title: "释法说理", detail: "向双方讲明相关法律规定" },
        { order: 3, title: "达成协议", detail: "制作调解协议书并视情申请司法确认" },
      ],
      verify: ["核实双方身份和关系"],
      evidenceToGather: ["身份证", "相关照片或聊天记录"],
      departments: [{ code: profile.department.code, name: profile.department.name, why: "需要相关部门参与" }],
      timeLimit: { class: "complex", days: 20, why: "涉及多方，需要时间核实" },
      talkingPoints: [{ point: profile.point.code, pointName: profile.point.name, text: `围绕“${profile.point.name}”讲明双方的权利和义务。` }],
      summary: `本案为${name}，建议先背对背调解，再面对面协商。`,
    },
    legalBasis: profile.articles.map((a) => ({
      law: a.law,
      article: a.article,
      label: a.label,
      text: readArticle(a.file, a.label),
      reason: a.reason,
      supports: a.supports,
    })),
    similarCases: [
      { id: "demo-1", title: `${name}示例案例`, typeCode: profile.type, summary: "双方经调解达成协议。", plan: "背对背调解后面对面协商", outcome: "达成调解协议并履行", score: 0.7, source: "test" },
    ],
    analysis: {
      engine: "offline",
      script: "simplified",
      textLength: text.length,
      type: { code: profile.type, name, confidence: 0.82, alternatives: [] },
      facts: {
        parties: [{ mention: "来访人", label: "来访人", role: "applicant", spans: [] }],
        events: evidence,
        places: [],
        times: [],
        causes: [],
        amounts: [],
        headCounts: [],
        demands: [],
      },
      contestedPoints: [{ code: profile.point.code, name: profile.point.name, confidence: 0.8, evidence: [{ ...firstEvidence, cue: firstEvidence.text }] }],
      elements: [],
      risk: { level: "yellow", score: 3, reasons: [] },
      sentences: [sentence],
    },
  };
  return RecommendationSchema.parse(rec);
}

export function createFakeRecommender(options: { fail?: boolean; delayMs?: number } = {}): Recommender & { calls: RecommendInput[] } {
  const calls: RecommendInput[] = [];
  return {
    calls,
    async recommend(input) {
      calls.push(input);
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      if (options.fail) throw new Error("fake recommender failure");
      return fakeRecommendation(input);
    },
  };
}
