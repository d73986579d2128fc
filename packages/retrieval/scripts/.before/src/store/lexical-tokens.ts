// The ONE tokenizer for lexical indexing and lexical queries: jieba words (search mode, so
// 劳动合同法 also yields 劳动/合同) plus CJK character bigrams, which catch words jieba splits
// differently in legal and everyday text. Tokens repeat (term frequency matters for BM25).
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict";

let jieba: Jieba | null = null;
const getJieba = () => (jieba ??= Jieba.withDict(dict));

const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/g;
const WORD_OK = /^(?:[\u3400-\u9fff\uf900-\ufaff]{2,}|[a-z0-9]{2,})$/;
/** Bigram prefix keeps bigrams apart from identical two-character jieba words. */
const BIGRAM_PREFIX = "_";

export function lexicalTokens(text: string): string[] {
  const normalized = text.normalize("NFKC").toLowerCase();
  const tokens: string[] = [];
  for (const w of getJieba().cutForSearch(normalized, true)) {
    if (WORD_OK.test(w)) tokens.push(w);
  }
  for (const run of normalized.match(CJK_RUN) ?? []) {
    const chars = [...run];
    if (chars.length === 1) tokens.push(BIGRAM_PREFIX + run);
    for (let i = 0; i + 1 < chars.length; i++) tokens.push(BIGRAM_PREFIX + chars[i] + chars[i + 1]);
  }
  return tokens;
}

/** Term → frequency. */
export function termFrequencies(tokens: string[]): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
  return tf;
}

/** A tsvector literal whose positions carry the term frequency ('word':1,2 …); no parser involved. */
export function toTsvectorLiteral(tokens: string[]): string {
  const tf = termFrequencies(tokens);
  const parts: string[] = [];
  let pos = 1;
  for (const [term, n] of tf) {
    const positions: number[] = [];
    for (let i = 0; i < Math.min(n, 255); i++) positions.push(Math.min(pos++, 16383));
    parts.push(`'${term.replace(/\\/g, "\\\\").replace(/'/g, "''")}':${positions.join(",")}`);
  }
  return parts.join(" ");
}

/** Parses the text form of a tsvector back to term → frequency (number of positions). */
export function parseTsvector(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const re = /'((?:[^'\\]|''|\\.)*)'(?::([0-9A-D,]+))?/g;
  for (const m of text.matchAll(re)) {
    const term = (m[1] ?? "").replace(/''/g, "'").replace(/\\(.)/g, "$1");
    out.set(term, m[2] ? m[2].split(",").length : 1);
  }
  return out;
}

/** tsquery that matches any of the terms. */
export function anyTermQuery(terms: string[]): string {
  return terms.map((t) => `'${t.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`).join(" | ");
}

/** Compact term list ("term term:3 …"; tokens never contain spaces or colons). */
export function toLexemeList(tokens: string[]): string {
  return [...termFrequencies(tokens)].map(([t, n]) => (n === 1 ? t : `${t}:${n}`)).join(" ");
}

export function parseLexemeList(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of text.split(" ")) {
    if (!item) continue;
    const colon = item.lastIndexOf(":");
    if (colon > 0) out.set(item.slice(0, colon), Number(item.slice(colon + 1)));
    else out.set(item, 1);
  }
  return out;
}
