import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ELEMENT_SCHEMAS, LegalElementSchema, type Span } from "../schema/index.ts";
import { calibrate, classifyDocument, classifyElements, classifySentence, loadElementModel, schemasForType, scoreDocument, scoreSentence } from "./classify-elements.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const labelsDir = path.resolve(repoRoot, "../shared/datasets/cail2019-elements");

// A minimal PreparedText: sentences cut after 。！？；, offsets into the original.
function prepare(text: string) {
  const sentences: Span[] = [];
  const re = /[^。！？；\n]+[。！？；]?/g;
  for (const m of text.matchAll(re)) {
    if (m[0].trim() === "") continue;
    sentences.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return { original: text, normalized: text, sentences };
}

const DIVORCE =
  "我和丈夫2010年结婚，婚后生育一子一女，现在孩子都跟我生活。" +
  "丈夫经常酗酒，对家庭不管不问，我们已经分居两年多了。" +
  "我要求离婚，两个孩子由我抚养，他每月支付抚养费各1000元。" +
  "婚后我们共同购买了一套房屋，要求依法分割。";

const LABOR =
  "我于2019年3月入职该公司，一直没有签订书面劳动合同。" +
  "公司拖欠我三个月工资共计15000元，还经常让我们加班却不给加班费。" +
  "今年6月公司口头通知我解除劳动关系，我要求公司支付拖欠的工资、加班工资和经济补偿金，以及未签劳动合同的二倍工资。";

const LOAN =
  "2020年5月，被告向原告借款10万元，并出具借条一张，约定月利率1%。" +
  "借款到期后，原告多次催要，被告至今未还。" +
  "原告请求判令被告返还借款本金10万元及利息，担保人张某承担连带保证责任。";

describe("classifyElements with the committed model", () => {
  const model = loadElementModel();

  it("has the 20 labels of each CAIL2019 labels file, names exactly as written there", () => {
    for (const schema of ELEMENT_SCHEMAS) {
      const d = model.domains[schema]!;
      expect(d.labels).toHaveLength(20);
      const file = path.join(labelsDir, `${schema}.labels.json`);
      if (existsSync(file)) {
        const expected = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
        expect(Object.fromEntries(d.labels.map((l) => [l.code, l.name]))).toEqual(expected);
      }
    }
  });

  it.each([
    ["divorce", DIVORCE, ["婚后有子女", "支付抚养费", "婚后分居"]],
    ["labor", LABOR, ["未支付足额劳动报酬", "未签订劳动合同", "解除劳动关系", "支付经济补偿金"]],
    ["loan", LOAN, ["返还借款", "支付利息"]],
  ] as const)("finds %s elements in a narrative, with exact evidence offsets", (schema, text, expected) => {
    const p = prepare(text);
    const elements = classifyElements(p, [schema]);
    const names = elements.map((e) => e.label);
    for (const label of expected) expect(names).toContain(label);
    const labelNames = new Set(model.domains[schema]!.labels.map((l) => l.name));
    for (const e of elements) {
      expect(LegalElementSchema.safeParse(e).success).toBe(true);
      expect(e.schema).toBe(schema);
      expect(labelNames.has(e.label)).toBe(true);
      expect(e.evidence.length).toBeGreaterThan(0);
      expect(e.confidence).toBeGreaterThanOrEqual(0.5);
      for (const ev of e.evidence) expect(text.slice(ev.start, ev.end)).toBe(ev.text);
    }
    // Sorted by confidence, one entry per label.
    expect(new Set(names).size).toBe(names.length);
    const conf = elements.map((e) => e.confidence);
    expect([...conf].sort((a, b) => b - a)).toEqual(conf);
  });

  it("quotes evidence from the original text when the normalised form differs (traditional script)", () => {
    const original = "被告向原告借款10萬元，至今未還。";
    const normalized = "被告向原告借款10万元，至今未还。";
    const elements = classifyElements({ original, normalized, sentences: [{ text: original, start: 0, end: original.length }] }, ["loan"]);
    for (const e of elements) expect(e.evidence[0]!.text).toBe(original);
  });

  it("returns nothing for empty input or no schema, and probabilities for every label", () => {
    expect(classifyElements(prepare("今天天气很好。"), [])).toEqual([]);
    expect(classifyElements({ original: "", normalized: "", sentences: [] }, ["divorce"])).toEqual([]);
    const scores = scoreSentence("被告每月支付抚养费1000元", "divorce");
    expect(scores).toHaveLength(20);
    expect(classifySentence("被告每月支付抚养费1000元", "divorce")).toContain("支付抚养费");
  });

  it("uses the pattern rules cross-validation kept, for labels the linear model rarely finds", () => {
    const d = model.domains.labor!;
    const mediation = d.labels.findIndex((l) => l.name === "有调解协议");
    expect(d.rules[mediation]).toBeDefined();
    const text = "双方在街道人民调解委员会主持下达成调解协议，公司分两期支付工资。";
    expect(classifySentence(text, "labor")).toContain("有调解协议");
    const score = scoreSentence(text, "labor").find((s) => s.label === "有调解协议")!;
    expect(score.confidence).toBeGreaterThanOrEqual(0.5);
    const loan = classifyElements(prepare("被告张某、李某夫妻二人共同向原告借款5万元，约定一年内还清。"), ["loan"]);
    expect(loan.map((e) => e.label)).toContain("多人借款");
    // Labels whose rules did not beat silence in CV stay off even when the pattern is there.
    const off = d.labels.findIndex((l) => l.name === "特殊工种");
    expect(d.rules[off]).toBeUndefined();
    expect(classifySentence("原告在被告处从事电焊工作，属于特殊工种。", "labor")).not.toContain("特殊工种");
  });

  it("classifies a document sentence by sentence, as classifySentence does when the model uses no context", () => {
    const sentences = LOAN.split("。").filter((s) => s !== "").map((s) => `${s}。`);
    const whole = classifyDocument(sentences, "loan");
    expect(whole).toEqual(sentences.map((s) => classifySentence(s, "loan")));
    const scores = scoreDocument(sentences, "loan");
    expect(scores).toHaveLength(sentences.length);
    expect(scores[0]).toHaveLength(20);
    expect(classifyDocument([], "loan")).toEqual([]);
  });

  it("calibrates so that the tuned threshold maps to 0.5", () => {
    expect(calibrate(0.3, 0.3)).toBeCloseTo(0.5, 10);
    expect(calibrate(0.15, 0.3)).toBeCloseTo(0.25, 10);
    expect(calibrate(1, 0.3)).toBe(1);
    expect(calibrate(0, 0.3)).toBe(0);
  });
});

describe("schemasForType", () => {
  it("maps dispute types to element schemas", () => {
    expect(schemasForType("marriage-family")).toEqual(["divorce"]);
    expect(schemasForType("support")).toEqual(["divorce"]);
    expect(schemasForType("labor")).toEqual(["labor"]);
    expect(schemasForType("private-lending")).toEqual(["loan"]);
    expect(schemasForType("traffic")).toEqual([]);
  });
});
