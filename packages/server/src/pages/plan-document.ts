// The mediation plan as a Word document (.docx, built with `docx`), for the workbench's
// 下载方案 button. The document holds what the mediator saw: type, risk, narrative, plan,
// the cited articles in full and similar cases.
import { RISK_LEVEL_NAMES, type Recommendation, TIME_LIMIT_CLASSES } from "@mediate/core";
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from "docx";

export type PlanDocumentInput = {
  recommendation: Omit<Recommendation, "analysis">;
  narrative?: string;
  generatedAt?: Date;
};

const FONT = { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "SimSun" };

const heading = (text: string) => new Paragraph({ text, heading: HeadingLevel.HEADING_2, spacing: { before: 240, after: 120 } });
const para = (text: string) => new Paragraph({ children: [new TextRun(text)], spacing: { after: 80 } });
const bullet = (text: string) => new Paragraph({ children: [new TextRun(text)], bullet: { level: 0 } });
const labelled = (label: string, text: string) =>
  new Paragraph({ children: [new TextRun({ text: `${label}：`, bold: true }), new TextRun(text)], spacing: { after: 80 } });

/** Keeps the article's paragraphs as paragraphs. */
const multiline = (text: string) => text.split(/\n+/).filter((l) => l.trim()).map((l) => para(l.trim()));

export function planDocumentParagraphs(input: PlanDocumentInput): Paragraph[] {
  const rec = input.recommendation;
  const plan = rec.plan;
  const at = input.generatedAt ?? new Date();
  const timeClass = TIME_LIMIT_CLASSES.find((t) => t.code === plan.timeLimit.class)?.name ?? plan.timeLimit.class;
  const out: Paragraph[] = [
    new Paragraph({ text: "调解方案", heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
    labelled("生成时间", at.toISOString().slice(0, 16).replace("T", " ") + " UTC"),
    labelled("生成方式", rec.engine === "llm" ? "大模型辅助" : "离线引擎"),
    labelled("纠纷类型", `${rec.type.name}（置信度 ${Math.round(rec.type.confidence * 100)}%）`),
    labelled("风险等级", RISK_LEVEL_NAMES[rec.risk.level]),
    ...rec.risk.reasons.map((r) => bullet(r.label)),
  ];
  if (input.narrative?.trim()) out.push(heading("案情"), ...multiline(input.narrative));
  out.push(
    heading("方案概述"),
    para(plan.summary),
    heading("调解方式"),
    ...plan.approaches.map((a) => bullet(`${a.name}：${a.why}`)),
    heading("步骤"),
    ...plan.steps.map((s) => para(`${s.order}. ${s.title}：${s.detail}`)),
    heading("需核实"),
    ...plan.verify.map(bullet),
    heading("需收集的证据"),
    ...plan.evidenceToGather.map(bullet),
    heading("协同部门"),
    ...plan.departments.map((d) => bullet(`${d.name}：${d.why}`)),
    heading("办理时限"),
    para(`${timeClass}，${plan.timeLimit.days} 日内。${plan.timeLimit.why}`),
    heading("释法说理要点"),
    ...plan.talkingPoints.map((t) => bullet(`【${t.pointName}】${t.text}`)),
    heading("法律依据"),
  );
  for (const c of rec.legalBasis) {
    out.push(new Paragraph({ children: [new TextRun({ text: `《${c.law}》${c.label}`, bold: true })], spacing: { before: 120 } }));
    out.push(...multiline(c.text));
    out.push(new Paragraph({ children: [new TextRun({ text: `适用理由：${c.reason}`, italics: true })] }));
  }
  if (rec.legalBasis.length === 0) out.push(para("（无）"));
  if (rec.similarCases.length > 0) {
    out.push(heading("类似案例"));
    for (const k of rec.similarCases) {
      out.push(new Paragraph({ children: [new TextRun({ text: k.title, bold: true })], spacing: { before: 120 } }));
      out.push(para(k.summary), labelled("做法", k.plan), labelled("结果", k.outcome));
    }
  }
  out.push(new Paragraph({ children: [new TextRun({ text: "本方案由调解助手生成，供调解员参考，不代替调解员的判断。", italics: true, size: 18 })], spacing: { before: 360 } }));
  return out;
}

export async function buildPlanDocument(input: PlanDocumentInput): Promise<Buffer> {
  const doc = new Document({
    creator: "Mediation Copilot",
    title: "调解方案",
    styles: { default: { document: { run: { font: FONT, size: 24 } } } },
    sections: [{ children: planDocumentParagraphs(input) }],
  });
  return Packer.toBuffer(doc);
}
