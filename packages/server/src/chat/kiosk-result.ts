// Turns a Recommendation (written for mediators) into what a kiosk visitor needs: the kind
// of dispute, the law in plain words with the cited articles quoted exactly, next steps
// and which window to go to.
import type { DepartmentCode, Recommendation, StatuteCitation } from "@mediate/core";

export type KioskResult = {
  caseCode: string;
  typeName: string;
  explanation: string;
  nextSteps: string[];
  window: string;
  qrSvg: string;
};

// Which counter of a 综治中心 hall handles what a department does.
const WINDOWS: Partial<Record<DepartmentCode, string>> = {
  "justice-office": "人民调解窗口（司法所）",
  "labor-arbitration": "劳动争议调解仲裁窗口",
  "labor-inspection": "劳动保障监察窗口（人社）",
  court: "诉调对接窗口（法院）",
  "womens-federation": "妇女儿童维权窗口（妇联）",
  police: "公安窗口（派出所）",
  "traffic-police": "交通事故调解窗口（交警）",
  "housing-authority": "住建物业窗口",
  "village-committee": "村（居）委会调解室",
  "civil-affairs": "民政窗口",
  "health-commission": "医疗纠纷调解窗口（卫健）",
  "market-regulation": "消费维权窗口（市场监管）",
  "natural-resources": "自然资源窗口",
  "ecology-environment": "生态环境窗口",
  "legal-aid": "法律援助窗口",
  "petition-office": "信访窗口",
  "culture-tourism": "文旅投诉窗口",
};
const DEFAULT_WINDOW = "人民调解窗口";

export function windowFor(rec: Recommendation): string {
  for (const dept of rec.plan.departments) {
    const window = WINDOWS[dept.code];
    if (window) return window;
  }
  return DEFAULT_WINDOW;
}

/** The article as quoted to a visitor: whole when short, else its first paragraph (still exact). */
export function quoteArticle(citation: StatuteCitation, maxChars = 160): string {
  const text = citation.text.trim();
  if (text.length <= maxChars) return text;
  const first = text.split(/\n+/)[0] ?? text;
  if (first.length <= maxChars) return `${first}……`;
  const sentence = first.match(/^.*?[。；]/)?.[0];
  return `${sentence && sentence.length <= maxChars ? sentence : first.slice(0, maxChars)}……`;
}

/** Short title without the 中华人民共和国 prefix, as people say it. */
const spokenLaw = (law: string) => law.replace(/^中华人民共和国/, "");

export function explainLaw(rec: Recommendation, maxArticles = 2): string {
  const cited = rec.legalBasis.slice(0, maxArticles);
  if (cited.length === 0) {
    return `您的事属于“${rec.type.name}”。具体用到哪条法律，调解员会当面给您讲清楚。`;
  }
  const parts = [`您的事属于“${rec.type.name}”。和它有关的法律是这样说的：`];
  for (const c of cited) {
    const articleText = c.text.replace(/^第[一二三四五六七八九十百千零〇两\d]+条(之[一二三四五六七八九十]+)?\s*/, "");
    const quoted = quoteArticle({ ...c, text: articleText });
    parts.push(`《${spokenLaw(c.law)}》${c.label}：“${quoted}”`);
  }
  parts.push("简单说：法律保护您的正当权益，有理可以好好讲，调解员会帮您和对方把话说开。");
  return parts.join("\n");
}

export function nextStepsFor(rec: Recommendation, window: string): string[] {
  const steps = [`带上这张案件码，到“${window}”找调解员。`];
  const evidence = rec.plan.evidenceToGather.slice(0, 3);
  if (evidence.length > 0) steps.push(`能带的材料请带上：${evidence.join("、")}。`);
  steps.push(`调解员会先听您说，再约对方一起谈。一般在${rec.plan.timeLimit.days}天内给您答复。`);
  steps.push("调解不收费。谈成了，可以请法院司法确认，让协议更有保障。");
  return steps;
}
