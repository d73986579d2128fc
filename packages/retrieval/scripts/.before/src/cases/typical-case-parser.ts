// Parses the typical-case markdown under 案例/ of the statute corpus into CaseRecords.
// The files vary (基本案情/案情回顾/简要案情, 裁判结果/处理结果, 裁判要点/典型意义 …); we take
// what the structure gives and report files without a usable narrative.
import type { DisputeTypeCode } from "@mediate/core";
import type { CaseRecord } from "../types.ts";
import { parseChineseNumeral } from "../statutes/chinese-numeral.ts";
import { sha256 } from "../statutes/statute-parser.ts";

const NARRATIVE = ["基本案情", "案情回顾", "简要案情", "案情简介", "案情"];
const OUTCOME = ["裁判结果", "处理结果", "法院裁判", "判决结果", "调解结果"];
const PLAN = ["裁判要点", "裁判要旨", "典型意义", "案例分析", "适用解析", "法官解读", "裁判理由"];

// Dispute type from the folder first, then from words of the title and narrative.
const TYPE_CUES: Array<[DisputeTypeCode, RegExp]> = [
  ["labor", /劳动|加班|工资|用人单位|工伤|劳务派遣/],
  ["e-commerce", /网络(信息)?购物|网购|电子商务|网店|直播带货|App|平台/],
  ["tourism", /旅游|旅行社|景区/],
  ["medical", /医院|医疗|医美/],
  ["traffic", /交通事故|搭乘|驾驶/],
  ["inheritance", /继承|遗嘱|遗产/],
  ["marriage-family", /婚姻|离婚|夫妻|彩礼|结婚/],
  ["land-acquisition", /征收|拆迁|补偿安置/],
  ["land-forest", /土地承包|承包经营|林地|山林/],
  ["property-management", /物业/],
  ["private-lending", /借款|借贷/],
  ["intellectual-property", /著作权|商标|专利|名誉权|外挂/],
  ["personal-injury", /受伤|人身损害|体育活动/],
  ["consumer", /消费者|买卖合同|欺诈|影楼|购物/],
  ["damages", /损害赔偿|财产损害/],
  ["contract", /合同/],
];

const FOLDER_TYPES: Record<string, DisputeTypeCode> = { 劳动人事: "labor" };

export function classifyTypicalCase(folder: string, title: string, narrative: string): DisputeTypeCode {
  const byFolder = FOLDER_TYPES[folder];
  if (byFolder) return byFolder;
  // The case name (…买卖合同纠纷案) is more telling than incidental words of the narrative.
  for (const text of [title, narrative]) for (const [code, re] of TYPE_CUES) if (re.test(text)) return code;
  return folder === "行政协议诉讼" ? "land-acquisition" : "other";
}

/** 《中华人民共和国民法典》第一千零五十三条 / 民法典第一千零五十四条 → refs (resolved later against the store). */
export function citedArticles(text: string): Array<{ law: string; article: number }> {
  const refs = new Map<string, { law: string; article: number }>();
  const re = /《([^》]{2,60})》(?:（[^）]*）)?第([零〇一二三四五六七八九十百千万两]+)条|(民法典)第([零〇一二三四五六七八九十百千万两]+)条/g;
  for (const m of text.matchAll(re)) {
    const law = m[1] ?? m[3] ?? "";
    const article = parseChineseNumeral(m[2] ?? m[4] ?? "");
    if (!law || !article) continue;
    const full = law === "民法典" ? "中华人民共和国民法典" : law;
    refs.set(`${full}#${article}`, { law: full, article });
  }
  return [...refs.values()];
}

export type TypicalCaseResult = { record: CaseRecord | null; skipped?: string };

export function parseTypicalCase(source: string, content: string): TypicalCaseResult {
  const lines = content.split(/\r?\n/);
  const title = lines.find((l) => /^#\s+/.test(l))?.replace(/^#\s+/, "").trim() ?? "";
  const sections = new Map<string, string[]>();
  let current: string | null = null;
  let firstSection: string | null = null;
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || /^<!--.*-->$/.test(line)) continue;
    const h = /^##\s+(.*)$/.exec(line);
    if (h) {
      current = (h[1] ?? "").replace(/[\s\u3000]+/g, "");
      firstSection ??= current;
      sections.set(current, sections.get(current) ?? []);
      continue;
    }
    if (current && !/^#\s/.test(line)) sections.get(current)?.push(line);
  }
  const pick = (names: string[]) => {
    for (const n of names) {
      const body = sections.get(n);
      if (body?.length) return body.join("\n");
    }
    return "";
  };
  const narrative = pick(NARRATIVE);
  if (!title) return { record: null, skipped: `${source}: no title` };
  if (narrative.length < 30) return { record: null, skipped: `${source}: no 基本案情/案情 section` };
  // A `## name` heading before the sections is the case name (e.g. 张莉诉…案); the `#` title is then the holding.
  const caseName = firstSection && !NARRATIVE.includes(firstSection) && !PLAN.includes(firstSection) && (sections.get(firstSection)?.length ?? 0) === 0 ? firstSection : null;
  const folder = source.split("/")[1] ?? "";
  const plan = pick(PLAN);
  const outcome = pick(OUTCOME);
  return {
    record: {
      id: `typical-${sha256(source).slice(0, 12)}`,
      title: caseName ?? title,
      typeCode: classifyTypicalCase(folder, `${caseName ?? ""} ${title}`, narrative.slice(0, 400)),
      narrative,
      points: [],
      plan,
      outcome,
      statutes: citedArticles(content),
      source: `typical-case:${source}`,
    },
  };
}
