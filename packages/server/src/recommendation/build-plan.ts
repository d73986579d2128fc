// Fits the playbook of the detected type to the case: approaches, ordered steps, what to
// verify, evidence, departments, time-limit class and talking points per contested point.
import {
  DEPARTMENTS,
  MEDIATION_APPROACHES,
  RISK_LEVEL_NAMES,
  TIME_LIMIT_CLASSES,
  type CaseAnalysis,
  type DepartmentCode,
  type MediationApproachCode,
  type MediationPlan,
  type StatuteCitation,
  type TimeLimitClass,
} from "@mediate/core";
import type { Playbook, Playbooks } from "./playbooks.ts";

/** Thresholds that make a case 复杂 (20 days). */
export const COMPLEXITY = {
  /** Head count from which a dispute is 一事多人. */
  manyClaimants: 10,
  /** Total yuan from which the sum is large. */
  largeSum: 100_000,
  /** Confidence of a second dispute type from which the story holds several disputes. */
  secondDispute: 0.3,
};

const VIOLENCE_SIGNALS = new Set(["violence", "weapon", "threat", "threat-to-kill"]);
const EMOTION_SIGNALS = new Set(["self-harm", "escalating-emotion"]);
const MONEY_POINTS = new Set([
  "child-support", "property-division", "marital-debt", "bride-price", "elderly-support", "inheritance-share",
  "water-leak", "pet-damage", "rent-arrears", "deposit-refund", "contract-breach", "goods-payment", "freight-fee",
  "partnership", "property-damage", "crop-damage", "bodily-injury", "falling-object", "wage-arrears", "subcontract-chain",
  "work-injury", "dismissal-compensation", "overtime-pay", "loan-repayment", "interest-rate", "guarantee",
  "construction-payment", "construction-quality", "property-fee", "product-quality", "prepaid-refund", "online-purchase",
  "tour-contract", "traffic-liability", "insurance-claim", "medical-malpractice", "land-acquisition-compensation",
  "collective-distribution", "pollution",
]);

const approachName = (code: MediationApproachCode) => MEDIATION_APPROACHES.find((a) => a.code === code)?.name ?? code;
const departmentName = (code: DepartmentCode) => DEPARTMENTS.find((d) => d.code === code)?.name ?? code;

export type CaseSignals = {
  violence: boolean;
  emotional: boolean;
  selfHarm: boolean;
  domesticViolence: boolean;
  maxHeadCount: number;
  totalAmount: number;
  money: boolean;
  severeRisk: boolean;
  secondType: string | null;
  riskCodes: Set<string>;
};

/** `pointTypes`: dispute types each contested point belongs to (from the taxonomy). */
export function caseSignals(analysis: CaseAnalysis, pointTypes?: (code: string) => readonly string[] | undefined): CaseSignals {
  const riskCodes = new Set(analysis.risk.reasons.map((r) => r.code));
  const pointCodes = new Set(analysis.contestedPoints.map((p) => p.code));
  const domesticViolence = pointCodes.has("domestic-violence");
  const maxHeadCount = Math.max(0, ...analysis.facts.headCounts.map((h) => h.count), ...analysis.facts.parties.map((p) => p.count ?? 0));
  // Amounts repeat (a total and its parts); the largest one is the honest "how much".
  const totalAmount = Math.max(0, ...analysis.facts.amounts.map((a) => a.value));
  const alt = analysis.type.alternatives[0];
  const secondType =
    alt &&
    alt.confidence >= COMPLEXITY.secondDispute &&
    (!pointTypes || analysis.contestedPoints.some((p) => !(pointTypes(p.code) ?? [analysis.type.code]).includes(analysis.type.code)))
      ? alt.name
      : null;
  return {
    violence: [...riskCodes].some((c) => VIOLENCE_SIGNALS.has(c)) || domesticViolence,
    emotional: [...riskCodes].some((c) => EMOTION_SIGNALS.has(c)),
    selfHarm: riskCodes.has("self-harm"),
    domesticViolence,
    maxHeadCount,
    totalAmount,
    money: totalAmount > 0 || analysis.contestedPoints.some((p) => MONEY_POINTS.has(p.code)),
    severeRisk: analysis.risk.level === "red" || analysis.risk.level === "orange",
    secondType,
    riskCodes,
  };
}

// One formatter: toLocaleString builds a new Intl formatter on every call.
const YUAN_NUMBER = new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 2 });

function formatYuan(value: number): string {
  if (value >= 10_000) return `${YUAN_NUMBER.format(value / 10_000)}万元`;
  return `${YUAN_NUMBER.format(value)}元`;
}

function uniquePush(list: string[], items: Iterable<string>, cap: number): void {
  for (const item of items) {
    if (list.length >= cap) return;
    if (!list.includes(item)) list.push(item);
  }
}

export function buildPlan(input: {
  analysis: CaseAnalysis;
  playbook: Playbook;
  playbooks: Playbooks;
  legalBasis: StatuteCitation[];
  pointTypes?: (code: string) => readonly string[] | undefined;
}): MediationPlan {
  const { analysis, playbook, playbooks } = input;
  const s = caseSignals(analysis, input.pointTypes);
  const points = [...analysis.contestedPoints].sort((a, b) => b.confidence - a.confidence);

  // Departments: playbook defaults, then what the points and risk call for.
  const departments = new Map<DepartmentCode, string>();
  const addDept = (code: DepartmentCode, why: string) => {
    if (!departments.has(code)) departments.set(code, why);
  };
  if (s.violence) addDept("police", s.domesticViolence ? "涉及家庭暴力，通报派出所，必要时出警制止、出具告诫书" : "涉及暴力或威胁，通报派出所做好防范和处置");
  if (s.domesticViolence) addDept("womens-federation", "为家暴受害人提供维权帮助，必要时转介庇护");
  for (const p of points) for (const d of playbooks.points.get(p.code)?.departments ?? []) addDept(d.code, d.why);
  for (const d of playbook.departments) addDept(d.code, d.why);
  if (s.riskCodes.has("collective-action") || s.riskCodes.has("repeated-complaints")) addDept("petition-office", "有群体聚集或反复信访苗头，协同做好稳控和化解");
  if (s.riskCodes.has("livelihood-hardship")) addDept("civil-affairs", "当事人生计困难，协调临时救助");
  if (s.maxHeadCount >= COMPLEXITY.manyClaimants && points.some((p) => p.code === "wage-arrears")) addDept("legal-aid", "农民工讨薪可申请法律援助");

  // Approaches.
  const approaches = new Map<MediationApproachCode, string>();
  const addApproach = (code: MediationApproachCode, why: string) => {
    if (!approaches.has(code)) approaches.set(code, why);
  };
  if (s.violence || s.severeRisk) {
    addApproach("separate-sessions", s.violence ? "存在暴力或威胁，双方分开谈，保障当事人安全、避免当面冲突" : `风险等级${RISK_LEVEL_NAMES[analysis.risk.level]}，先背对背分别做工作，防止矛盾激化`);
  }
  if (s.emotional || s.domesticViolence) {
    addApproach("psychological-support", s.selfHarm ? "当事人有自伤、轻生言行，须先做心理疏导，必要时联系心理援助热线 12356" : "当事人情绪激动或受到伤害，先做情绪疏导再谈方案");
  }
  const external = [...departments.keys()].filter((d) => d !== "village-committee" && d !== "justice-office");
  if (external.length >= 2) addApproach("joint-consultation", `涉及${external.slice(0, 4).map(departmentName).join("、")}等多个部门，召集联合会诊共同研判`);
  for (const a of playbook.approaches) {
    if (a.code === "face-to-face" && (s.violence || analysis.risk.level === "red")) continue; // not while anyone is at risk
    addApproach(a.code, a.why);
  }
  if (input.legalBasis.length > 0) addApproach("legal-explanation", "结合引用的法律条文向双方释法说理");
  if (s.money) {
    addApproach("judicial-confirmation", "达成金钱给付等协议后，可自协议生效之日起三十日内共同向人民法院申请司法确认，赋予强制执行力");
    addDept("court", "对调解协议进行司法确认；调解不成的可依法起诉");
  }

  // Time limit.
  const complexReasons: string[] = [];
  if (s.maxHeadCount >= COMPLEXITY.manyClaimants) complexReasons.push(`涉及${s.maxHeadCount}人（一事多人）`);
  if (s.totalAmount >= COMPLEXITY.largeSum) complexReasons.push(`涉案金额较大（${formatYuan(s.totalAmount)}）`);
  if (s.severeRisk) complexReasons.push(`风险等级${RISK_LEVEL_NAMES[analysis.risk.level]}`);
  if (s.secondType) complexReasons.push(`同时涉及「${s.secondType}」等多个纠纷`);
  if (external.length >= 3) complexReasons.push("需要多个部门协同");
  const timeClass: TimeLimitClass = complexReasons.length > 0 ? "complex" : playbook.timeLimit;
  const timeDef = TIME_LIMIT_CLASSES.find((t) => t.code === timeClass) ?? TIME_LIMIT_CLASSES[0];
  const timeWhy =
    complexReasons.length > 0
      ? `${complexReasons.join("；")}，按复杂纠纷办理`
      : timeClass === "complex"
        ? `「${playbook.name}」通常需要调档、勘查或多方协调，按复杂纠纷办理`
        : "事实较清楚、争议不大，按简易纠纷办理";

  // Steps: safety first, the playbook's order, joint consultation before agreement, confirmation last.
  const steps: Array<{ title: string; detail: string }> = [];
  if (s.violence || s.selfHarm || analysis.risk.level === "red") {
    steps.push({
      title: "安全处置（优先）",
      detail: s.selfHarm
        ? "立即评估自伤风险，安排专人陪护，必要时拨打 120 或心理援助热线 12356，通知家属；稳定后再调解。"
        : "先确认当事人人身安全：有现实危险的立即报警（110），告知人身安全保护令等保护措施，调解期间双方分开安排。",
    });
  }
  const playbookSteps = [...playbook.steps];
  const lastStep = playbookSteps.pop();
  steps.push(...playbookSteps);
  if (approaches.has("psychological-support")) steps.splice(Math.min(steps.length, s.violence || s.selfHarm ? 2 : 1), 0, { title: "心理疏导", detail: "单独倾听，安抚情绪，了解当事人最担心的事；情绪平稳后再进入协商。" });
  if (approaches.has("joint-consultation") && !playbook.approaches.some((a) => a.code === "joint-consultation")) {
    // Departments meet before the parties negotiate, not after.
    const negotiate = steps.findIndex((st, i) => i > 0 && /协商|协议|方案/.test(st.title));
    steps.splice(negotiate > 0 ? negotiate : steps.length, 0, {
      title: "联合会诊",
      detail: `召集${external.map(departmentName).join("、")}共同研判，明确各自职责和处置时限。`,
    });
  }
  if (lastStep) steps.push(lastStep);
  if (approaches.has("judicial-confirmation") && !steps.some((st) => st.title.includes("司法确认"))) {
    steps.push({ title: "申请司法确认", detail: "协议生效后三十日内，引导双方共同向人民法院申请司法确认，保障履行。" });
  }

  // What to verify and which evidence to gather: playbook, points, then facts of this case.
  const verify: string[] = [];
  const evidence: string[] = [];
  for (const h of analysis.facts.headCounts) uniquePush(verify, [`核实${h.count}名${h.who}的名单、身份和各自诉求金额`], 12);
  if (s.totalAmount > 0) uniquePush(verify, [`核实涉案金额（${formatYuan(s.totalAmount)}）的构成和计算依据`], 12);
  for (const p of points) uniquePush(verify, playbooks.points.get(p.code)?.verify ?? [], 12);
  uniquePush(verify, playbook.verify, 12);
  for (const p of points) uniquePush(evidence, playbooks.points.get(p.code)?.evidence ?? [], 12);
  uniquePush(evidence, playbook.evidence, 12);

  const talkingPoints = points.map((p) => ({
    point: p.code,
    pointName: p.name,
    text: playbook.talkingPoints[p.code] ?? playbooks.points.get(p.code)?.talk ?? `围绕「${p.name}」核实事实、讲明法律规定，引导双方协商。`,
  }));

  const deptList = [...departments].map(([code, why]) => ({ code, name: departmentName(code), why }));
  const approachList = [...approaches].map(([code, why]) => ({ code, name: approachName(code), why }));
  const summaryParts = [
    `初步判断为「${analysis.type.name}」，风险等级${RISK_LEVEL_NAMES[analysis.risk.level]}。`,
    points.length > 0 ? `争议焦点：${points.map((p) => p.name).join("、")}。` : "暂未识别出明确的争议焦点，需进一步询问事实和诉求。",
    `建议采用${approachList.map((a) => a.name).join("、")}`,
    deptList.length > 0 ? `，协调${deptList.slice(0, 4).map((d) => d.name).join("、")}参与` : "",
    `，按${timeDef.name}在 ${timeDef.days} 日内办结。`,
    playbook.summary,
  ];

  return {
    approaches: approachList,
    steps: steps.map((st, i) => ({ order: i + 1, title: st.title, detail: st.detail })),
    verify,
    evidenceToGather: evidence,
    departments: deptList,
    timeLimit: { class: timeClass, days: timeDef.days, why: timeWhy },
    talkingPoints,
    summary: summaryParts.join(""),
  };
}
