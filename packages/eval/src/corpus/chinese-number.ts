// Chinese article numerals (第一千零八十四条) → integers. Kept local so the harness can
// check citations independently of the retrieval package it evaluates.
const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

/** Parses 一千零八十四 → 1084, 十 → 10, 二十一 → 21; returns null for anything else. */
export function parseChineseNumber(text: string): number | null {
  if (text.length === 0) return null;
  if (/^\d+$/.test(text)) return Number(text);
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const ch of text) {
    const d = DIGITS[ch];
    if (d !== undefined) {
      digit = d;
      continue;
    }
    const unit = UNITS[ch];
    if (unit === undefined) return null;
    if (unit === 10000) {
      total += (section + (digit ?? 0)) * unit;
      section = 0;
    } else {
      section += (digit ?? 1) * unit;
    }
    digit = null;
  }
  return total + section + (digit ?? 0);
}
