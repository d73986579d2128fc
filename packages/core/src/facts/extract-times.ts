// 时: dates (2023年5月, 3月31日), relative times (去年, 今年6月, 第二天), durations
// (三个月 → 90 days, 十余天) and recurring periods (每月, 每周末).
import type { TimeExpression } from "../schema/case-analysis.ts";
import type { PreparedText } from "../text/prepare-text.ts";
import { parseChineseNumber } from "./chinese-number.ts";
import { Claimed, matchAll, spanOf } from "./spans.ts";

const CN = "〇零一二两三四五六七八九十";
const YEAR = `(\\d{4}|[〇零一二三四五六七八九]{4})年`;
const MONTH = `(\\d{1,2}|[${CN}]{1,3})月(?:份)?`;
const DAY = `(\\d{1,2}|[${CN}]{1,3})[日号]`;
const DAYPART = "(?:凌晨|早上|上午|中午|下午|傍晚|晚上|晚|夜里|深夜)?(?:\\d{1,2}[点时:](?:\\d{1,2}分?|半)?(?:左右)?)?";

const DATE_RE = new RegExp(`${YEAR}(?:${MONTH}(?:${DAY})?)?(?:${DAYPART})`, "g");
// 2023-05-12, 2023/5/12, 2023.5.12, 2023-05.
const NUMERIC_DATE_RE = /(?<![\d.])((?:19|20)\d{2})([-/.])(\d{1,2})(?:\2(\d{1,2}))?(?![\d]|\.\d)/g;
const MONTH_DAY_RE = new RegExp(`(?<![\\d${CN}])${MONTH}${DAY}(?:${DAYPART})|(?<![\\d${CN}年])${MONTH}(?:上旬|中旬|下旬|初|底|末)`, "g");

const RELATIVE_WORDS = [
  "前年", "去年", "今年", "明年", "上个月", "这个月", "本月", "下个月", "上月", "上周", "本周", "下周", "上星期",
  "前天", "昨天", "昨晚", "今天", "今晚", "明天", "后天", "当天", "当晚", "当日", "次日", "第二天", "第三天", "翌日",
  "近日", "近期", "最近", "日前", "此前", "目前", "至今", "如今", "刚刚", "年前", "年后", "春节前", "春节后",
  "年初", "年底", "年末", "月初", "月底", "早年", "前几年", "这几年", "近年来", "前段时间", "上半年", "下半年",
];
// 去年8月, 今年6月, 年底前: a relative anchor followed by a month or day.
const RELATIVE_RE = new RegExp(
  `(?:${RELATIVE_WORDS.sort((a, b) => b.length - a.length).join("|")})(?:${MONTH}(?:${DAY}|上旬|中旬|下旬|初|底)?)?(?:${DAYPART})`,
  "g",
);

const DURATION_UNITS: Record<string, number> = {
  年: 365, 个月: 30, 月: 30, 周: 7, 星期: 7, 天: 1, 日: 1, 小时: 1 / 24, 分钟: 1 / 1440,
};
const DURATION_RE = new RegExp(
  `(\\d+(?:\\.\\d+)?|[${CN}百千半]+)(多|余|几|来)?(个)?(半)?(年|个月|周|星期|天|日|小时|分钟|月)(多|余|半)?`,
  "g",
);
const PERIOD_RE = /每(?:个)?(?:年|季度|月|周末?|星期|天|日|晚)|(?:逢年过节|周末)/g;

export function extractTimes(p: PreparedText): TimeExpression[] {
  const t = p.normalized;
  const claimed = new Claimed();
  const out: TimeExpression[] = [];
  const add = (start: number, end: number, x: Omit<TimeExpression, "text" | "start" | "end">) => {
    while (end > start && /[\s，,]/.test(t[end - 1] as string)) end--;
    if (end <= start || claimed.overlaps(start, end)) return;
    claimed.add(start, end);
    out.push({ ...spanOf(p, start, end), ...x });
  };

  for (const m of matchAll(DATE_RE, t)) {
    const year = parseChineseNumber(m[1] ?? "");
    if (year === undefined || year < 1900 || year > 2100) continue;
    const month = m[2] ? parseChineseNumber(m[2]) : undefined;
    const day = m[3] ? parseChineseNumber(m[3]) : undefined;
    add(m.index, m.index + m[0].length, { kind: "date", iso: iso(year, month, day) });
  }
  for (const m of matchAll(NUMERIC_DATE_RE, t)) {
    const month = Number(m[3]);
    const day = m[4] === undefined ? undefined : Number(m[4]);
    if (month < 1 || month > 12 || (day !== undefined && (day < 1 || day > 31))) continue;
    // 2023.5 alone could be a number with decimals; only a full date is safe with dots.
    if (m[2] === "." && day === undefined) continue;
    add(m.index, m.index + m[0].length, { kind: "date", iso: iso(Number(m[1]), month, day) });
  }
  for (const m of matchAll(MONTH_DAY_RE, t)) {
    const month = parseChineseNumber(m[1] ?? m[3] ?? "");
    const day = m[2] ? parseChineseNumber(m[2]) : undefined;
    if (month === undefined || month < 1 || month > 12 || (day !== undefined && (day < 1 || day > 31))) continue;
    add(m.index, m.index + m[0].length, { kind: "date" });
  }
  for (const m of matchAll(RELATIVE_RE, t)) add(m.index, m.index + m[0].length, { kind: "relative" });
  for (const m of matchAll(DURATION_RE, t)) {
    const [whole, numText = "", approx, ge, half1, unit = "", tail] = m;
    // 6月 alone is a month, not a duration; 三个月 and 半年 are durations.
    if (unit === "月" && !ge && numText !== "半") continue;
    if (unit === "日" && !/^[\d]+$/.test(numText) && !approx) continue;
    const next = t[m.index + whole.length] ?? "";
    if (unit === "年" && /[\d级龄代纪]/.test(next)) continue;
    if (/^(日|号)$/.test(next)) continue;
    const n = numText === "半" ? 0.5 : parseChineseNumber(numText.replace(/半$/, ""));
    if (n === undefined || n <= 0) continue;
    const halves = (half1 ? 0.5 : 0) + (tail === "半" ? 0.5 : 0) + (numText.length > 1 && numText.endsWith("半") ? 0.5 : 0);
    const perUnit = DURATION_UNITS[unit === "月" ? "个月" : unit] ?? 1;
    const days = Math.round((n + halves) * perUnit * 1000) / 1000;
    add(m.index, m.index + whole.length, { kind: "duration", days });
  }
  for (const m of matchAll(PERIOD_RE, t)) add(m.index, m.index + m[0].length, { kind: "period" });
  // Repeats of 每月 or 当晚 add nothing; dates and durations are kept each time.
  const seen = new Set<string>();
  return out
    .filter((x) => {
      if (x.kind !== "period" && x.kind !== "relative") return true;
      const key = x.kind + x.text;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.start - b.start);
}

function iso(year: number, month?: number, day?: number): string {
  const y = String(year);
  if (month === undefined || month < 1 || month > 12) return y;
  const m = String(month).padStart(2, "0");
  if (day === undefined || day < 1 || day > 31) return `${y}-${m}`;
  return `${y}-${m}-${String(day).padStart(2, "0")}`;
}
