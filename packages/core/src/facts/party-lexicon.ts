// Role and kinship words that name a party, with the relation they imply. `side` is the
// party's end of the relation ("a" = first word of the relation name: employer, landlord,
// lender, carrier, owner, doctor, villager, buyer, parent; "b" = the other end; "both" for
// symmetric relations like spouses and neighbours).
import type { Relation } from "../schema/case-analysis.ts";

export type Side = "a" | "b" | "both";
export type RoleTerm = { word: string; label: string; relation?: Relation; side?: Side };

const terms = (relation: Relation | undefined, side: Side | undefined, list: Array<string | [string, string]>): RoleTerm[] =>
  list.map((w) => {
    const [word, label] = typeof w === "string" ? [w, w] : w;
    const t: RoleTerm = { word, label };
    if (relation) t.relation = relation;
    if (side) t.side = side;
    return t;
  });

export const ROLE_TERMS: RoleTerm[] = [
  ...terms("spouse", "both", ["丈夫", ["老公", "丈夫"], "妻子", ["老婆", "妻子"], ["爱人", "配偶"], "配偶", "夫妻", ["男方", "男方"], ["女方", "女方"], "未婚妻", "未婚夫"]),
  ...terms("ex-spouse", "both", ["前夫", "前妻"]),
  ...terms("parent-child", "a", [
    "父亲", "母亲", ["爸爸", "父亲"], ["妈妈", "母亲"], "父母", ["老父亲", "父亲"], ["老母亲", "母亲"], "公公", "婆婆", "岳父", "岳母", "爷爷", "奶奶", "外公", "外婆",
  ]),
  ...terms("parent-child", "b", ["儿子", "女儿", "孩子", "子女", "儿女", ["婚生子", "孩子"], ["婚生女", "孩子"], "儿媳", "女婿", "孙子", "孙女", "独生子"]),
  ...terms("sibling", "both", [["哥哥", "哥哥"], "弟弟", "姐姐", "妹妹", ["大哥", "哥哥"], ["二哥", "哥哥"], ["三哥", "哥哥"], ["大姐", "姐姐"], ["二姐", "姐姐"], ["小妹", "妹妹"], "兄弟", "姐妹", "兄妹", "姐弟"]),
  ...terms("relative", "both", ["亲戚", "亲属", "家属", "叔叔", "舅舅", "姑姑", "阿姨家", "侄子", "外甥", "堂哥", "表哥", "嫂子", "弟媳"]),
  ...terms("employer-worker", "a", ["老板", "厂长", "雇主", "用人单位", "用工单位", "公司", "工厂", "服装厂", "企业", "单位", "店主", "经理", "配送站"]),
  ...terms("employer-worker", "b", ["农民工", "工人", "职工", "员工", "工友", "女工", "保姆", "店员", "学徒", "骑手", ["外卖骑手", "骑手"], "劳动者", "临时工"]),
  ...terms("contractor-worker", "a", ["包工头", "项目部", "总包方", "总包", "总承包方", "劳务公司", "施工方", "施工单位", "建设单位", "班组长", "承包人", "发包方"]),
  ...terms("landlord-tenant", "a", ["房东", "出租人", "出租方", "房主"]),
  ...terms("landlord-tenant", "b", ["租客", "租户", "承租人", "承租方", "房客"]),
  ...terms("neighbor", "both", ["邻居", "隔壁", ["楼上", "楼上住户"], ["楼下", "楼下住户"], ["楼上住户", "楼上住户"], ["楼下住户", "楼下住户"], "对门", "住户"]),
  ...terms("lender-borrower", "a", ["债主", "出借人", "债权人"]),
  ...terms("lender-borrower", "b", ["借款人", "债务人", "欠款人"]),
  ...terms("carrier-shipper", "a", ["货车司机", "承运人", "物流公司", "运输公司"]),
  ...terms("carrier-shipper", "b", ["货主", "托运人", "发货人", "托运方"]),
  ...terms("owner-property-manager", "a", ["业主", "业委会"]),
  ...terms("owner-property-manager", "b", ["物业公司", "物业", "物业经理", "物业管理处", "物管"]),
  ...terms("doctor-patient", "a", ["医生", "医院", "卫生院", "诊所", "医护人员"]),
  ...terms("doctor-patient", "b", ["患者", "病人", "患者家属"]),
  ...terms("villager-village", "a", ["村民", "农户"]),
  ...terms("villager-village", "b", ["村委会", "村集体", "村干部", "村组", "村民小组"]),
  ...terms("buyer-seller", "a", ["买家", "顾客", "消费者", "购房者", "游客", "买方", "客户"]),
  ...terms("buyer-seller", "b", ["商家", "卖家", "店家", "商户", "旅行社", "开发商", "房地产公司", "卖方", "商贩", "烧烤店", "网店"]),
  ...terms(undefined, undefined, ["司机", "驾驶人", "驾驶员", "车主", "居民", "群众", "老人", "行人", "学生", "对方", "当事人", "朋友", "同学", "同事", "老乡", "熟人", "战友"]),
];

/** People who handle the case rather than take part in it. */
export const OFFICIAL_WORDS = [
  "民警", "警察", "交警", "调解员", "网格员", "工作人员", "法官", "律师", "记者", "干警", "特巡警", "社区干部", "法律顾问", "心理咨询师", "负责人",
];

/** Words after which a name is the one who came for help. */
export const APPLICANT_MARKERS = ["申请人", "报警人", "来访人", "投诉人", "求助人", "反映人", "原告"];
export const RESPONDENT_MARKERS = ["被申请人", "被投诉人", "被告", "被报警人"];
