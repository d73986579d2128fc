import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileRule, loadElementRules, parseElementRules, ruleMatches, rulesForLabels } from "./element-rules.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const RULES_FILE = path.join(repoRoot, "corpora/elements/element-rules.json");

const rules = loadElementRules(RULES_FILE);
const matcher = (schema: "divorce" | "labor" | "loan", label: string) => {
  const r = rules.schemas[schema]?.[label];
  if (!r) throw new Error(`no rule for ${schema}/${label}`);
  const c = compileRule(r);
  return (s: string) => ruleMatches(c, s);
};

describe("element rules file (corpora/elements/element-rules.json)", () => {
  it("names only real labels of each schema and compiles", () => {
    const labels = {
      divorce: ["存在非婚生子", "适当帮助", "损害赔偿", "不履行离婚协议", "感情不和分居满二年", "婚前个人财产", "婚后个人财产", "不履行家庭义务"],
      labor: ["劳动仲裁阶段未提起", "法人资格已灭失", "有调解协议", "特殊工种", "经济性裁员", "支付工伤赔偿"],
      loan: ["多人借款", "质押人系公司", "免除保证人保证责任", "有书面还款承诺", "债务人转让债务"],
    };
    for (const [schema, names] of Object.entries(labels)) for (const n of names) expect(rules.schemas[schema as "labor"]?.[n]).toBeDefined();
    const labor = ["劳动仲裁阶段未提起", "不支付违法解除劳动关系赔偿金", "经济性裁员", "不支付奖金", "违法向劳动者收取财物", "特殊工种", "支付工亡补助金|丧葬补助金|抚恤金", "用人单位提前通知解除", "法人资格已灭失", "有调解协议", "支付工伤赔偿", "解除劳动关系"];
    const slots = rulesForLabels(rules, "labor", labor);
    expect(slots.at(-2)).toBeDefined();
    expect(slots.at(-1)).toBeUndefined();
    expect(() => rulesForLabels(rules, "labor", ["解除劳动关系"])).toThrow(/not a labor label/);
  });

  it("matches what the legal definitions describe, in narratives as well as judgments", () => {
    const mediation = matcher("labor", "有调解协议");
    expect(mediation("双方在街道人民调解委员会主持下达成调解协议，公司分两期支付工资。")).toBe(true);
    expect(mediation("公司拖欠工资三个月。")).toBe(false);
    const dissolved = matcher("labor", "法人资格已灭失");
    expect(dissolved("老板跑了，公司营业执照已被吊销。")).toBe(true);
    expect(dissolved("该公司于2016年办理了注销登记。")).toBe(true);
    // Negation vetoes the rule.
    expect(dissolved("公司至今未注销，仍在经营。")).toBe(false);
    const child = matcher("divorce", "存在非婚生子");
    expect(child("丈夫在婚姻存续期间与他人同居并生育一子。")).toBe(true);
    expect(child("经鉴定，排除原告与孩子的亲子关系。")).toBe(true);
    expect(child("婚后生育一女，现随母亲生活。")).toBe(false);
    const many = matcher("loan", "多人借款");
    expect(many("被告张某、李某夫妻二人共同向原告借款5万元。")).toBe(true);
    expect(many("被告向原告借款5万元。")).toBe(false);
    const release = matcher("loan", "免除保证人保证责任");
    expect(release("债权人在保证期间内未主张权利，保证人的保证责任免除。")).toBe(true);
    const transfer = matcher("loan", "债务人转让债务");
    // 债务人 is a party, not a transfer of the debt.
    expect(transfer("原告将债权转让给第三人，并通知了债务人。")).toBe(false);
    expect(transfer("经三方协商，被告将该笔债务转移给刘某承担。")).toBe(true);
  });
});

describe("parseElementRules", () => {
  const file = (schemas: unknown) => JSON.stringify({ format: "mediate-element-rules", version: 1, schemas });

  it("applies exclude patterns and defaults them to none", () => {
    const parsed = parseElementRules(file({ labor: { 有调解协议: { patterns: ["调解协议"] } } }));
    const r = parsed.schemas.labor!["有调解协议"]!;
    expect(r.exclude).toEqual([]);
    const c = compileRule({ patterns: ["注销"], exclude: ["未注销"] });
    expect(ruleMatches(c, "公司已注销")).toBe(true);
    expect(ruleMatches(c, "公司未注销")).toBe(false);
  });

  it("rejects broken files with a clear message naming the problem", () => {
    expect(() => parseElementRules("{")).toThrow(/not valid JSON/);
    expect(() => parseElementRules(JSON.stringify({ format: "other" }))).toThrow(/not a mediate-element-rules v1 file/);
    expect(() => parseElementRules(file({ labor: { 有调解协议: { patterns: [] } } }))).toThrow(/not a mediate-element-rules/);
    expect(() => parseElementRules(file({ labor: { 有调解协议: { patterns: ["(unclosed"] } } }))).toThrow(/invalid pattern in labor\/有调解协议/);
    expect(() => loadElementRules("/nonexistent/rules.json")).toThrow(/element rules not found/);
  });
});
