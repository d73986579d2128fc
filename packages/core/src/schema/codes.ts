// Stable codes shared by every package, the corpora and the evaluation suites.
// Changing a code is a breaking change of the public contract.

export const DISPUTE_TYPES = [
  { code: "marriage-family", name: "婚姻家庭纠纷" },
  { code: "neighbor", name: "邻里纠纷" },
  { code: "housing-homestead", name: "房屋宅基地纠纷" },
  { code: "contract", name: "合同纠纷" },
  { code: "business", name: "生产经营纠纷" },
  { code: "damages", name: "损害赔偿纠纷" },
  { code: "labor", name: "劳动争议纠纷" },
  { code: "village-affairs", name: "村务管理纠纷" },
  { code: "land-forest", name: "山林土地纠纷" },
  { code: "land-acquisition", name: "征地拆迁纠纷" },
  { code: "environment", name: "环境污染纠纷" },
  { code: "traffic", name: "道路交通事故纠纷" },
  { code: "medical", name: "医疗纠纷" },
  { code: "property-management", name: "物业纠纷" },
  { code: "consumer", name: "消费纠纷" },
  { code: "tourism", name: "旅游纠纷" },
  { code: "intellectual-property", name: "知识产权纠纷" },
  { code: "e-commerce", name: "电子商务纠纷" },
  { code: "private-lending", name: "民间借贷纠纷" },
  { code: "inheritance", name: "继承纠纷" },
  { code: "support", name: "赡养抚养纠纷" },
  { code: "construction", name: "建设工程纠纷" },
  { code: "personal-injury", name: "人身损害纠纷" },
  { code: "other", name: "其他纠纷" },
] as const;

export type DisputeTypeCode = (typeof DISPUTE_TYPES)[number]["code"];
export const DISPUTE_TYPE_CODES = DISPUTE_TYPES.map((t) => t.code) as unknown as readonly [
  DisputeTypeCode,
  ...DisputeTypeCode[],
];

export function disputeTypeName(code: DisputeTypeCode): string {
  return DISPUTE_TYPES.find((t) => t.code === code)?.name ?? "其他纠纷";
}

/** 红/橙/黄/绿, most to least urgent; see docs/risk-levels.md. */
export const RISK_LEVELS = ["red", "orange", "yellow", "green"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const RISK_LEVEL_NAMES: Record<RiskLevel, string> = {
  red: "红色（紧急）",
  orange: "橙色（高）",
  yellow: "黄色（中）",
  green: "绿色（低）",
};

export const ELEMENT_SCHEMAS = ["divorce", "labor", "loan"] as const;
export type ElementSchema = (typeof ELEMENT_SCHEMAS)[number];

/** Mediation approaches (调解方式) a plan may use. */
export const MEDIATION_APPROACHES = [
  { code: "face-to-face", name: "面对面调解" },
  { code: "separate-sessions", name: "背对背调解" },
  { code: "joint-consultation", name: "联合会诊" },
  { code: "legal-explanation", name: "释法说理" },
  { code: "psychological-support", name: "心理疏导" },
  { code: "judicial-confirmation", name: "司法确认" },
  { code: "on-site-inspection", name: "现场勘查调解" },
  { code: "family-involvement", name: "亲友参与调解" },
] as const;
export type MediationApproachCode = (typeof MEDIATION_APPROACHES)[number]["code"];

/** Departments a plan may refer to or involve. */
export const DEPARTMENTS = [
  { code: "justice-office", name: "司法所" },
  { code: "labor-arbitration", name: "劳动人事争议仲裁委员会" },
  { code: "labor-inspection", name: "人社局劳动保障监察" },
  { code: "court", name: "人民法院" },
  { code: "womens-federation", name: "妇联" },
  { code: "police", name: "派出所" },
  { code: "traffic-police", name: "交警部门" },
  { code: "housing-authority", name: "住建/物业主管部门" },
  { code: "village-committee", name: "村（居）委会" },
  { code: "civil-affairs", name: "民政部门" },
  { code: "health-commission", name: "卫生健康部门" },
  { code: "market-regulation", name: "市场监管部门" },
  { code: "natural-resources", name: "自然资源部门" },
  { code: "ecology-environment", name: "生态环境部门" },
  { code: "legal-aid", name: "法律援助中心" },
  { code: "petition-office", name: "信访部门" },
  { code: "culture-tourism", name: "文化和旅游部门" },
  { code: "insurance-company", name: "保险公司" },
] as const;
export type DepartmentCode = (typeof DEPARTMENTS)[number]["code"];

/** 简易 (3 days) or 复杂 (20 days) — the time-limit classes of the centres. */
export const TIME_LIMIT_CLASSES = [
  { code: "simple", name: "简易纠纷", days: 3 },
  { code: "complex", name: "复杂纠纷", days: 20 },
] as const;
export type TimeLimitClass = (typeof TIME_LIMIT_CLASSES)[number]["code"];

export const codesOf = <T extends { code: string }>(list: readonly T[]) =>
  list.map((x) => x.code) as unknown as readonly [T["code"], ...T["code"][]];
