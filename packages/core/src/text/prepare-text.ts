// Input preparation shared by every extractor: validation, an index-aligned simplified
// copy of the text, script detection and sentence spans. Every offset found in
// `normalized` is valid in `original` because the two have the same length.
import OpenCC from "opencc-js";
import { MAX_TEXT_LENGTH, type Span } from "../schema/case-analysis.ts";
import { MediateError } from "../errors/mediate-error.ts";

export type Script = "simplified" | "traditional" | "mixed";

export type PreparedText = {
  original: string;
  /** Simplified Chinese, full-width digits/letters made half-width; same length as `original`. */
  normalized: string;
  script: Script;
  sentences: Span[];
};

// tw→cn also folds the common variant forms (著→着, 裏→里) used in Taiwan/HK text.
let toSimplified: ((s: string) => string) | undefined;
let toTraditional: ((s: string) => string) | undefined;

function t2s(s: string): string {
  toSimplified ??= OpenCC.Converter({ from: "tw", to: "cn" });
  return toSimplified(s);
}

function s2t(s: string): string {
  toTraditional ??= OpenCC.Converter({ from: "cn", to: "t" });
  return toTraditional(s);
}

// What normalisation does with each CJK code unit, looked up in OpenCC once per process and
// kept in flat tables: the per-character path then costs two array reads, no strings.
const KIND_UNKNOWN = 0;
/** Written the same in both scripts (or no single-character simplified form). */
const KIND_SHARED = 1;
/** Has a distinct traditional form: the text is written simplified. */
const KIND_SIMPLIFIED = 2;
/** Traditional: `simplifiedCode` holds its simplified form. */
const KIND_TRADITIONAL = 3;
const charKind = new Uint8Array(0x10000);
const simplifiedCode = new Uint16Array(0x10000);

function kindOf(code: number): number {
  let k = charKind[code] as number;
  if (k === KIND_UNKNOWN) {
    k = lookUpKind(code);
    charKind[code] = k;
  }
  return k;
}

function lookUpKind(code: number): number {
  const ch = String.fromCharCode(code);
  let v = t2s(ch);
  // tw→cn also rewrites some standard simplified characters (么 → 幺, so 怎么 → 怎幺);
  // a character that round-trips through its traditional form is already simplified.
  if (v !== ch && t2s(s2t(ch)) === ch) v = ch;
  if (v.length === 1 && v !== ch) {
    simplifiedCode[code] = v.charCodeAt(0);
    return KIND_TRADITIONAL;
  }
  return s2t(ch) !== ch && v === ch ? KIND_SIMPLIFIED : KIND_SHARED;
}

const isCjk = (code: number) => (code >= 0x3400 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff);

/** Full-width digits, letters and the few symbols that appear inside numbers and dates. */
function halfWidth(code: number): number {
  if (
    (code >= 0xff10 && code <= 0xff19) || // ０-９
    (code >= 0xff21 && code <= 0xff3a) || // Ａ-Ｚ
    (code >= 0xff41 && code <= 0xff5a) || // ａ-ｚ
    code === 0xff05 || // ％
    code === 0xff0e || // ．
    code === 0xff0b || // ＋
    code === 0xff0d || // －
    code === 0xff0f // ／
  ) {
    return code - 0xfee0;
  }
  return code;
}

export function validateText(raw: unknown): string {
  if (typeof raw !== "string") {
    throw new MediateError("invalid_input", "文本必须是字符串。", { details: { field: "text" } });
  }
  if (raw.trim().length === 0) {
    throw new MediateError("empty_text", "文本为空：请输入案情描述。", { details: { field: "text" } });
  }
  if (raw.length > MAX_TEXT_LENGTH) {
    throw new MediateError(
      "text_too_long",
      `文本过长：共 ${raw.length} 字符，上限为 ${MAX_TEXT_LENGTH} 字符。`,
      { details: { field: "text", length: raw.length, limit: MAX_TEXT_LENGTH } },
    );
  }
  let nul = false;
  let bad = 0;
  let counted = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0) {
      nul = true;
      break;
    }
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
    counted++;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0xfffd) bad++;
  }
  // A few stray control characters are normal in pasted text; a high share means the
  // input is a binary file or text decoded with the wrong encoding.
  if (nul || (counted > 0 && bad / counted > 0.2)) {
    throw new MediateError("binary_input", "输入看起来是二进制数据或乱码，不是可读的文本。", {
      details: { field: "text", controlCharacters: bad, nul },
    });
  }
  return raw;
}

/** Validates and prepares a narrative. Throws MediateError empty_text / text_too_long / binary_input. */
export function prepareText(raw: string): PreparedText {
  const original = validateText(raw);
  const { normalized, script } = normalize(original);
  return { original, normalized, script, sentences: splitSentences(original, normalized) };
}

function normalize(original: string): { normalized: string; script: Script } {
  const n = original.length;
  let codes: Uint16Array | undefined;
  let trad = 0;
  let simp = 0;
  for (let i = 0; i < n; i++) {
    const code = original.charCodeAt(i);
    let to = code;
    if (isCjk(code)) {
      const kind = kindOf(code);
      if (kind === KIND_TRADITIONAL) {
        trad++;
        to = simplifiedCode[code] as number;
      } else if (kind === KIND_SIMPLIFIED) simp++;
    } else to = halfWidth(code);
    if (to !== code) {
      // Copy-on-write: text with nothing to change is returned as is.
      if (!codes) {
        codes = new Uint16Array(n);
        for (let k = 0; k < i; k++) codes[k] = original.charCodeAt(k);
      }
      codes[i] = to;
    } else if (codes) codes[i] = code;
  }
  let normalized = codes ? fromCodes(codes) : original;
  if (trad > 0) {
    // The phrase-aware conversion fixes one-to-many characters (乾淨→干净); use it only
    // when it keeps the text index-aligned.
    const phrase = t2s(normalized);
    if (phrase.length === normalized.length) normalized = phrase;
  }
  return { normalized, script: detectScript(trad, simp) };
}

/** UTF-16 code units to a string, in chunks that stay below the engine's argument limit. */
function fromCodes(codes: Uint16Array): string {
  const CHUNK = 8192;
  let out = "";
  for (let i = 0; i < codes.length; i += CHUNK) {
    out += String.fromCharCode.apply(null, codes.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return out;
}

function detectScript(trad: number, simp: number): Script {
  if (trad === 0) return "simplified";
  if (simp === 0) return "traditional";
  const share = trad / (trad + simp);
  if (share >= 0.9) return "traditional";
  if (share <= 0.1) return "simplified";
  return "mixed";
}

// Character classes of the sentence splitter, by code unit.
const OPEN_QUOTE = 1;
const CLOSE_QUOTE = 2;
const TERMINATOR = 3;
const NEWLINE = 4;
const splitClass = new Uint8Array(0x10000);
for (const ch of "“「『《‘（(") splitClass[ch.charCodeAt(0)] = OPEN_QUOTE;
for (const ch of "”」』》’）)") splitClass[ch.charCodeAt(0)] = CLOSE_QUOTE;
for (const ch of "。！？!?；;") splitClass[ch.charCodeAt(0)] = TERMINATOR;
for (const ch of "\n\r") splitClass[ch.charCodeAt(0)] = NEWLINE;
// An unclosed quote must not swallow the rest of a long narrative.
const MAX_QUOTED = 300;

/** Splits on 。！？!?；; and newlines, not inside quotes; spans are trimmed and exact. */
export function splitSentences(original: string, normalized: string = original): Span[] {
  const spans: Span[] = [];
  let start = 0;
  let depth = 0;
  let quoteStart = -1;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && isSpace(normalized.charCodeAt(s))) s++;
    while (e > s && isSpace(normalized.charCodeAt(e - 1))) e--;
    if (e > s) spans.push({ text: original.slice(s, e), start: s, end: e });
    start = end;
  };
  const n = normalized.length;
  for (let i = 0; i < n; i++) {
    const cls = splitClass[normalized.charCodeAt(i)] as number;
    if (cls === NEWLINE) {
      push(i);
      start = i + 1;
      depth = 0;
      continue;
    }
    if (cls === OPEN_QUOTE) {
      if (depth === 0) quoteStart = i;
      depth++;
      continue;
    }
    if (cls === CLOSE_QUOTE) {
      if (depth > 0) depth--;
      continue;
    }
    if (depth > 0 && i - quoteStart > MAX_QUOTED) depth = 0;
    if (depth === 0 && cls === TERMINATOR) {
      let end = i + 1;
      // Keep runs like ！！？ and a closing quote right after the mark in the sentence.
      while (end < n) {
        const next = splitClass[normalized.charCodeAt(end)] as number;
        if (next !== TERMINATOR && next !== CLOSE_QUOTE) break;
        end++;
      }
      push(end);
      i = end - 1;
    }
  }
  push(n);
  return spans;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x3000 || c === 0xa0 || c === 0xfeff;
}
