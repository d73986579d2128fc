// Strict Chinese-numeral parser for article labels (第一千零八十四条, 第十条之一).
// core has no shared parseChineseNumber yet; this one rejects anything ambiguous.
const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Parses 一 … 九千九百九十九万… ; returns null for malformed input (e.g. 十十, 一百一千). */
export function parseChineseNumeral(text: string): number | null {
  if (!text) return null;
  if (/^[0-9]+$/.test(text)) return Number(text);
  const wan = text.split("万");
  if (wan.length > 2) return null;
  if (wan.length === 2) {
    const high = parseBelowWan(wan[0] ?? "");
    const low = wan[1] === "" ? 0 : parseBelowWan(wan[1] ?? "");
    return high === null || low === null || high === 0 ? null : high * 10_000 + low;
  }
  return parseBelowWan(text);
}

function parseBelowWan(text: string): number | null {
  if (text === "") return null;
  let total = 0;
  let pending: number | null = null;
  let lastUnit = 10_000;
  for (const ch of text) {
    const digit = DIGITS[ch];
    if (digit !== undefined) {
      if (pending !== null && pending !== 0) return null; // two digits in a row (一二)
      pending = digit;
      continue;
    }
    const unit = UNITS[ch];
    if (unit === undefined || unit >= lastUnit) return null;
    // 十 alone at the start means 一十
    const factor = pending ?? (total === 0 && unit === 10 ? 1 : null);
    if (factor === null || factor === 0) return null;
    total += factor * unit;
    lastUnit = unit;
    pending = null;
  }
  if (pending !== null) total += pending;
  return total;
}

const DIGIT_CHARS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/** 1084 → 一千零八十四 (the style of statute labels; 10..19 → 十…). */
export function toChineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 100_000_000) throw new RangeError(`cannot render ${n}`);
  if (n === 0) return "零";
  if (n >= 10_000) {
    const high = Math.floor(n / 10_000);
    const low = n % 10_000;
    const lowText = low === 0 ? "" : (low < 1000 ? "零" : "") + belowWan(low, false);
    return belowWan(high, true) + "万" + lowText;
  }
  return belowWan(n, true);
}

function belowWan(n: number, leading: boolean): string {
  const parts: string[] = [];
  const units = ["千", "百", "十", ""];
  const values = [1000, 100, 10, 1];
  let zero = false;
  let started = false;
  values.forEach((v, i) => {
    const d = Math.floor(n / v) % 10;
    if (d === 0) {
      if (started) zero = true;
      return;
    }
    if (zero) parts.push("零");
    zero = false;
    const isTeen = v === 10 && d === 1 && !started && leading;
    parts.push((isTeen ? "" : (DIGIT_CHARS[d] ?? "")) + (units[i] ?? ""));
    started = true;
  });
  return parts.join("");
}

export function articleLabel(article: number, articleSub?: number): string {
  return `第${toChineseNumeral(article)}条${articleSub ? `之${toChineseNumeral(articleSub)}` : ""}`;
}
