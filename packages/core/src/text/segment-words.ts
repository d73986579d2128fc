// Word segmentation with jieba plus the project's domain dictionary. The dictionary is
// loaded once, on first use, because loading takes ~100 ms.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict";
import type { Span } from "../schema/case-analysis.ts";
import type { PreparedText } from "./prepare-text.ts";

/** Domain words jieba's stock dictionary splits (欠薪, 农民工, 抚养费 …). */
export const USER_DICT_PATH = fileURLToPath(new URL("../../../../corpora/lexicon/jieba-user-dict.txt", import.meta.url));

let jieba: Jieba | undefined;

function instance(): Jieba {
  if (!jieba) {
    const j = Jieba.withDict(dict);
    j.loadDict(readFileSync(USER_DICT_PATH));
    jieba = j;
  }
  return jieba;
}

export function segmentWords(text: string): string[] {
  if (text.length === 0) return [];
  return instance().cut(text, true);
}

/** Words with offsets into `text` (jieba returns every character, so offsets are cumulative). */
export function segmentWordSpans(text: string): Span[] {
  const words = segmentWords(text);
  const spans: Span[] = [];
  let at = 0;
  for (const w of words) {
    const start = text.indexOf(w, at);
    // jieba may drop or alter a character it cannot handle; re-sync on the next match.
    if (start < 0) continue;
    spans.push({ text: w, start, end: start + w.length });
    at = start + w.length;
  }
  return spans;
}

const cache = new WeakMap<PreparedText, Span[]>();

/**
 * Words of the normalized (simplified) text, computed once per PreparedText so every
 * extractor shares one jieba pass. Span text is taken from `original`.
 */
export function wordsOf(p: PreparedText): Span[] {
  let spans = cache.get(p);
  if (!spans) {
    spans = segmentWordSpans(p.normalized).map((s) => ({ ...s, text: p.original.slice(s.start, s.end) }));
    cache.set(p, spans);
  }
  return spans;
}
