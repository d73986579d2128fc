import { normalizeArticleText, type StatuteIndex } from "../corpus/statute-index.ts";
import { safeDiv } from "./classification.ts";
import { refKey, type ArticleRef } from "./ranking.ts";

export type Citation = ArticleRef & { articleSub?: number; text: string };

export type CitationVerdict = "valid" | "unknown-article" | "text-mismatch";

/**
 * A citation is valid when the corpus has that law + article and the quoted text equals one of
 * its versions word for word (whitespace ignored). The 第…条 label travels in its own field, so it
 * may be present in the text or not. Quoting a whole article is the contract: an excerpt or a
 * paraphrase is a mismatch.
 */
export function checkCitation(citation: Citation, index: StatuteIndex): CitationVerdict {
  const texts = index.texts(citation.law, citation.article, citation.articleSub);
  if (texts.length === 0) return "unknown-article";
  const quoted = comparable(citation.text);
  return quoted.length > 0 && texts.some((t) => comparable(t) === quoted) ? "valid" : "text-mismatch";
}

const LEADING_LABEL = /^\s*第[零〇一二两三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?/u;
const comparable = (text: string): string => normalizeArticleText(text.replace(LEADING_LABEL, ""));

export type CitationValidityMetrics = {
  cited: number;
  valid: number;
  validity: number;
  invalid: Array<{ id: string; law: string; article: number; verdict: Exclude<CitationVerdict, "valid"> }>;
};

export function citationValidity(items: Array<{ id: string; citations: Citation[] }>, index: StatuteIndex): CitationValidityMetrics {
  let cited = 0;
  let valid = 0;
  const invalid: CitationValidityMetrics["invalid"] = [];
  for (const item of items) {
    for (const c of item.citations) {
      cited += 1;
      const verdict = checkCitation(c, index);
      if (verdict === "valid") valid += 1;
      else invalid.push({ id: item.id, law: c.law, article: c.article, verdict });
    }
  }
  // No citation at all is vacuously valid: validity is about never inventing law.
  return { cited, valid, validity: cited === 0 ? 1 : valid / cited, invalid };
}

/** Links from contested-point codes to their core articles (from corpora/taxonomy). */
export type PointArticleLinks = Map<string, Set<string>>;

export type CitationSupportMetrics = {
  cited: number;
  supported: number;
  support: number;
  /** Of the supported ones, how many only through a detected point (not in gold). */
  viaPointOnly: number;
};

/** A citation is supported when it is a gold article or linked to a contested point the engine detected. */
export function citationSupport(
  items: Array<{ gold: ArticleRef[]; detectedPoints: string[]; citations: ArticleRef[] }>,
  links: PointArticleLinks,
): CitationSupportMetrics {
  let cited = 0;
  let supported = 0;
  let viaPointOnly = 0;
  for (const item of items) {
    const gold = new Set(item.gold.map(refKey));
    const linked = new Set(item.detectedPoints.flatMap((p) => [...(links.get(p) ?? [])]));
    for (const c of item.citations) {
      cited += 1;
      const key = refKey(c);
      if (gold.has(key)) supported += 1;
      else if (linked.has(key)) {
        supported += 1;
        viaPointOnly += 1;
      }
    }
  }
  return { cited, supported, support: safeDiv(supported, cited), viaPointOnly };
}
