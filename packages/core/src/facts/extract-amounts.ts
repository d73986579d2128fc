// Money amounts: 370万元 → 3,700,000; 8000元; 一万二; 1.5万; 800余万元 (approximate);
// with the purpose (工资, 工程款, 运费 …) when it is said close by.
import type { Amount } from "../schema/case-analysis.ts";
import type { PreparedText } from "../text/prepare-text.ts";
import { NUMBER_CHARS, parseChineseNumber } from "./chinese-number.ts";
import { clauseAround, matchAll, spanOf } from "./spans.ts";

// Bounded runs: an unbounded one lets the regex backtrack quadratically over digit-dense text.
const NUM = `(?:\\d{1,3}(?:,\\d{3}){1,8}(?:\\.\\d{1,6})?|[${NUMBER_CHARS}]{1,24})`;
// number, approximate marker, big unit, approximate marker, currency — or a bare 万/亿
// amount that money words around it make unambiguous (工程款共计620万).
const AMOUNT_RE = new RegExp(
  `(约|大约|大概|将近|接近|近|超过|不到|不足|逾)?(${NUM})(多|余|来)?(万|亿|千)?(多|余)?(?: ?(元|块钱|块|圆|人民币))?(左右|上下|多)?`,
  "g",
);
// ¥15000, ￥1.5万, RMB 5000: the currency sign stands before the number.
const SIGN_RE = new RegExp(`(?:[¥￥]|RMB ?|人民币)(${NUM})(万|亿)?(元)?`, "g");
const MONEY_CONTEXT = /(钱|款|费|金|资|薪|欠|付|赔|还|借|收入|价|账|债|补偿|彩礼|存款|元)/;

// Clauses are looked at once per amount: cap their reach so amount-dense text stays linear.
const CLAUSE_REACH = 120;

type PurposeRule = { purpose: string; re: RegExp };
// Ordered from specific to generic: the nearest specific mention wins.
const PURPOSES: PurposeRule[] = [
  { purpose: "抚养费", re: /抚养费|扶养费/g },
  { purpose: "赡养费", re: /赡养费|养老钱/g },
  { purpose: "工程款", re: /工程款|工程欠款/g },
  { purpose: "劳务费", re: /劳务费|劳务款/g },
  { purpose: "工资", re: /工资|工钱|薪水|薪资|薪酬|欠薪|生活费/g },
  { purpose: "经济补偿金", re: /经济补偿金?|赔偿金/g },
  { purpose: "运费", re: /运费|运输费/g },
  { purpose: "货款", re: /货款|瓷砖款/g },
  { purpose: "材料款", re: /材料款|材料费/g },
  { purpose: "借款", re: /借款|借给|借了|借钱|欠款|借条|欠条|本金|还款|还了/g },
  { purpose: "利息", re: /利息/g },
  { purpose: "医疗费", re: /医疗费|医药费|治疗费|住院费/g },
  { purpose: "误工费", re: /误工费/g },
  { purpose: "租金", re: /租金|房租/g },
  { purpose: "押金", re: /押金/g },
  { purpose: "保证金", re: /保证金/g },
  { purpose: "彩礼", re: /彩礼/g },
  { purpose: "物业费", re: /物业费/g },
  { purpose: "维修费", re: /维修费|修理费|维修费用|维修/g },
  { purpose: "补偿款", re: /补偿款|征地款|安置费/g },
  { purpose: "购房款", re: /购房款|房款/g },
  { purpose: "违约金", re: /违约金/g },
  { purpose: "遗产", re: /遗产|存款/g },
  { purpose: "赔偿", re: /赔偿|损失|赔/g },
  { purpose: "差价", re: /差价|退款|退还/g },
];

export function extractAmounts(p: PreparedText): Amount[] {
  const t = p.normalized;
  const out: Amount[] = [];
  for (const m of matchAll(AMOUNT_RE, t)) {
    const [whole, pre, numText = "", approx1, bigUnit, approx2, currency, post] = m;
    if (!currency && !bigUnit && !/[万亿]/.test(numText)) continue;
    // 数万元, 几千块: no definite value.
    const before = t[m.index - 1];
    if (before === "几" || before === "数" || before === "多" || before === "上") continue;
    // 万/亿 without 元 counts as money only when money words are near (not 3.5万个网格).
    if (!currency) {
      const c = clauseAround(p, m.index, m.index + whole.length, CLAUSE_REACH);
      if (!MONEY_CONTEXT.test(t.slice(c.start, c.end))) continue;
      if (/^[个名人户件条次家位]/.test(t.charAt(m.index + whole.length))) continue;
    }
    const base = parseChineseNumber(numText);
    if (base === undefined || base <= 0) continue;
    // 一块宅基地, 三块地: 块 is a measure word there, not yuan.
    if (currency === "块" && base * (bigUnit ? 1e4 : 1) < 10) continue;
    const factor = bigUnit === "亿" ? 1e8 : bigUnit === "万" ? 1e4 : bigUnit === "千" ? 1e3 : 1;
    const value = Math.round(base * factor * 100) / 100;
    const approximate = Boolean(pre || approx1 || approx2 || post === "左右" || post === "上下" || post === "多");
    // The span covers the amount itself; leading 约 and trailing 左右 are included when present.
    const start = m.index;
    const end = m.index + whole.length;
    const amount: Amount = { ...spanOf(p, start, end), value, currency: "CNY", approximate };
    const purpose = purposeNear(p, start, end);
    if (purpose) amount.purpose = purpose;
    out.push(amount);
  }
  // Only the main pattern's amounts can overlap (sign matches never overlap each other);
  // a moving pointer over them keeps sign-dense text linear.
  const mainAmounts = out.slice();
  let next = 0;
  for (const m of matchAll(SIGN_RE, t)) {
    const start = m.index;
    const end = start + m[0].length;
    // 人民币5万元 was already read by the main pattern. Both lists run left to right.
    while (next < mainAmounts.length && (mainAmounts[next] as Amount).end <= start) next++;
    const overlapping = mainAmounts[next];
    if (overlapping && overlapping.start < end) continue;
    const base = parseChineseNumber(m[1] ?? "");
    if (base === undefined || base <= 0) continue;
    const value = Math.round(base * (m[2] === "亿" ? 1e8 : m[2] === "万" ? 1e4 : 1) * 100) / 100;
    const amount: Amount = { ...spanOf(p, start, end), value, currency: "CNY", approximate: false };
    const purpose = purposeNear(p, start, end);
    if (purpose) amount.purpose = purpose;
    out.push(amount);
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Nearest purpose word in the same sentence, preferring what precedes the amount. */
function purposeNear(p: PreparedText, start: number, end: number): string | undefined {
  const t = p.normalized;
  const c = clauseAround(p, start, end, CLAUSE_REACH);
  // Look back a little past the clause: 拖欠工资，合计370万元.
  const lo = Math.max(0, Math.min(c.start, start - 24));
  const hi = Math.min(t.length, Math.max(c.end, end + 8));
  const window = t.slice(lo, hi);
  let best: { purpose: string; distance: number } | undefined;
  for (const rule of PURPOSES) {
    for (const m of matchAll(rule.re, window)) {
      const at = lo + m.index;
      const stop = /[。！？!?；;\n]/.test(t.slice(Math.min(at, start), Math.max(at + m[0].length, end)));
      if (stop) continue;
      // Words after the amount count a little less than words before it.
      const distance = at >= end ? (at - end) * 1.5 + 2 : Math.max(0, start - (at + m[0].length));
      if (!best || distance < best.distance) best = { purpose: rule.purpose, distance };
    }
  }
  return best?.purpose;
}
