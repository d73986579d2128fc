// Parses numbers as written in Chinese narratives: 370, 1.5, 12,000, 一百零三, 两千五,
// 一万二 (=12000), 370万, 1.5亿, 壹仟, 二〇二三. Shared by amounts, head counts and times.

const DIGITS: Record<string, number> = {
  〇: 0, 零: 0, 一: 1, 壹: 1, 二: 2, 贰: 2, 两: 2, 俩: 2, 三: 3, 叁: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const SMALL_UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };

/** Characters a number may be written with (after half-width normalisation). */
export const NUMBER_CHARS = "0-9.〇零一壹二贰两俩三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万亿廿";
/** A regex source matching one number token, e.g. `1.5万`, `一百零三`, `12,000`. */
export const NUMBER_PATTERN = `(?:\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|[${NUMBER_CHARS}]+)`;

/**
 * Value of a Chinese or Arabic numeral, or undefined when the string is not a number.
 * Trailing abbreviations follow everyday usage: 一万二 = 12000, 三千五 = 3500, 两百五 = 250.
 */
export function parseChineseNumber(input: string): number | undefined {
  const s = input.trim().replace(/(\d),(?=\d{3}\b)/g, "$1");
  if (s.length === 0) return undefined;
  if (/^\d+(?:\.\d+)?$/.test(s)) return Number(s);
  if (/^[〇零一二三四五六七八九]{2,}$/.test(s) && !/[十百千万亿]/.test(s)) {
    // Digit-by-digit reading: 二〇二三 (year), 一三九 (room number).
    let v = "";
    for (const ch of s) v += String(DIGITS[ch]);
    return Number(v);
  }
  let yi = 0;
  let wan = 0;
  let section = 0;
  let current: number | undefined;
  let currentIsDigit = false; // a single Chinese digit, eligible for the 一万二 abbreviation
  let lastUnit = 1;
  let zero = false;
  let sawAny = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if ((ch >= "0" && ch <= "9") || ch === ".") {
      let j = i;
      while (j < s.length && (((s[j] as string) >= "0" && (s[j] as string) <= "9") || s[j] === ".")) j++;
      const part = s.slice(i, j);
      if (!/^\d+(?:\.\d+)?$/.test(part) || current !== undefined) return undefined;
      current = Number(part);
      currentIsDigit = part.length === 1; // 1万2 reads like 一万二
      sawAny = true;
      i = j - 1;
      continue;
    }
    if (ch === "廿") {
      if (current !== undefined) return undefined;
      current = 20;
      currentIsDigit = false;
      sawAny = true;
      continue;
    }
    const d = DIGITS[ch];
    if (d !== undefined) {
      sawAny = true;
      if (d === 0 && (ch === "零" || ch === "〇")) {
        zero = true;
        continue;
      }
      if (current !== undefined) return undefined;
      current = d;
      currentIsDigit = true;
      continue;
    }
    const u = SMALL_UNITS[ch];
    if (u !== undefined) {
      sawAny = true;
      section += (current ?? 1) * u;
      current = undefined;
      lastUnit = u;
      zero = false;
      continue;
    }
    if (ch === "万") {
      if (!sawAny) return undefined;
      wan = (section + (current ?? 0)) || 1;
      section = 0;
      current = undefined;
      lastUnit = 10_000;
      zero = false;
      continue;
    }
    if (ch === "亿") {
      if (!sawAny) return undefined;
      yi = (wan * 10_000 + section + (current ?? 0)) || 1;
      wan = 0;
      section = 0;
      current = undefined;
      lastUnit = 100_000_000;
      zero = false;
      continue;
    }
    return undefined;
  }
  if (!sawAny) return undefined;
  let tail = current ?? 0;
  if (current !== undefined && currentIsDigit && !zero && lastUnit >= 100) tail = current * (lastUnit / 10);
  const value = yi * 100_000_000 + wan * 10_000 + section + tail;
  return Number.isFinite(value) ? round(value) : undefined;
}

// 1.2万 must be 12000, not 12000.000000000002.
function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
