// Grounding checks on LLM output: citations must resolve to articles we supplied (or that the
// corpus holds), legal references in free text must be among the accepted citations, and no
// answer may echo the system prompt.

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

/** 一千零八十四 → 1084, 十 → 10, "1084" → 1084; null when not a number. */
export function parseChineseNumber(s: string): number | null {
  const t = s.trim();
  if (/^\d+$/.test(t)) return Number(t);
  if (t === "" || ![...t].every((c) => c in DIGITS || c in UNITS)) return null;
  let total = 0;
  let section = 0;
  let digit = 0;
  for (const c of t) {
    if (c in DIGITS) digit = DIGITS[c]!;
    else {
      const u = UNITS[c]!;
      if (u === 10000) {
        section = (section + digit) * u;
        total += section;
        section = 0;
      } else section += (digit === 0 ? 1 : digit) * u;
      digit = 0;
    }
  }
  return total + section + digit;
}

/** "第一千零八十四条" / "1084" / 1084 → { article: 1084, sub? }. */
export function parseArticleRef(value: number | string): { article: number; sub?: number } | null {
  if (typeof value === "number") return Number.isInteger(value) && value > 0 ? { article: value } : null;
  const m = /^\s*第?\s*([0-9零〇一二两三四五六七八九十百千万]+)\s*条?(?:之\s*([0-9一二三四五六七八九十]+))?\s*$/.exec(value);
  if (!m) return null;
  const article = parseChineseNumber(m[1]!);
  if (article === null || article <= 0) return null;
  const sub = m[2] ? parseChineseNumber(m[2]) : null;
  return sub ? { article, sub } : { article };
}

/** 《中华人民共和国民法典》 → 民法典: comparable short form of a law title. */
export function lawKey(title: string): string {
  return title.replace(/[《》\s]/g, "").replace(/^中华人民共和国/, "").replace(/（[^）]*）$/, "");
}

const REFERENCE = /(?:《([^》]{1,60})》)?第([0-9零〇一二两三四五六七八九十百千万]+)条(?:之([一二三四五六七八九十]+))?/g;

/**
 * Replaces legal references in free text that are not among `allowed` with a neutral phrase.
 * A bare 第N条 is kept only if some allowed article has that number.
 */
export function scrubUnverifiedReferences(
  text: string,
  allowed: Array<{ law: string; article: number }>,
): { text: string; removed: string[] } {
  const removed: string[] = [];
  const out = text.replace(REFERENCE, (match, law: string | undefined, num: string) => {
    const n = parseChineseNumber(num);
    const ok = allowed.some((a) => a.article === n && (law === undefined || lawKey(a.law) === lawKey(law)));
    if (ok) return match;
    removed.push(match);
    return law ? "相关法律规定" : "相关规定";
  });
  return { text: out, removed };
}

/** True when `output` contains any `window`-character run of the system prompt. */
export function echoesSystemPrompt(output: string, systemPrompt: string, window = 16): boolean {
  const compact = (s: string) => s.replace(/\s+/g, "");
  const sys = compact(systemPrompt);
  const out = compact(output);
  if (out.length < window) return false;
  const grams = new Set<string>();
  for (let i = 0; i + window <= sys.length; i++) grams.add(sys.slice(i, i + window));
  for (let i = 0; i + window <= out.length; i++) if (grams.has(out.slice(i, i + window))) return true;
  return false;
}
