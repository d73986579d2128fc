// The colloquial ↔ legal lexicon (corpora/lexicon/colloquial-legal.json): everyday words a
// visitor uses and the wordings statutes use, grouped by concept. Matching a text yields
// concepts; a concept's legal terms expand lexical queries and its id is an embedding feature,
// so 老公打我 and 家庭暴力 meet at the concept level.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MediateError } from "@mediate/core";

export type LexiconConcept = { id: string; group: string; legal: string[]; colloquial: string[] };
export type Lexicon = { concepts: LexiconConcept[] };

export type ConceptMatch = { id: string; hits: number };

export type LexiconMatcher = {
  readonly concepts: ReadonlyMap<string, LexiconConcept>;
  /** Concepts whose terms occur in `text` (already simplified), in first-occurrence order. */
  match(text: string): ConceptMatch[];
};

export const DEFAULT_LEXICON_PATH = fileURLToPath(
  new URL("../../../../corpora/lexicon/colloquial-legal.json", import.meta.url),
);

export function parseLexicon(raw: unknown, source = "lexicon"): Lexicon {
  const concepts = (raw as { concepts?: unknown })?.concepts;
  if (!Array.isArray(concepts)) {
    throw new MediateError("invalid_input", `${source}: expected an object with a "concepts" array`);
  }
  const seen = new Set<string>();
  return {
    concepts: concepts.map((c, i) => {
      const { id, group, legal, colloquial } = (c ?? {}) as Partial<LexiconConcept>;
      const okList = (l: unknown): l is string[] => Array.isArray(l) && l.every((t) => typeof t === "string" && t.length > 0);
      if (typeof id !== "string" || !id || seen.has(id) || !okList(legal) || !okList(colloquial)) {
        throw new MediateError("invalid_input", `${source}: concept #${i} needs a unique id and legal/colloquial string lists`, {
          details: { index: i, id },
        });
      }
      seen.add(id);
      return { id, group: typeof group === "string" ? group : "", legal, colloquial };
    }),
  };
}

export function loadLexicon(path: string = DEFAULT_LEXICON_PATH): Lexicon {
  return parseLexicon(JSON.parse(readFileSync(path, "utf8")), path);
}

type TrieNode = { next: Map<string, TrieNode>; ids: number[] };

/** Character trie over every term; one pass over the text finds all occurrences. */
export function createLexiconMatcher(lexicon: Lexicon): LexiconMatcher {
  const root: TrieNode = { next: new Map(), ids: [] };
  const list = lexicon.concepts;
  list.forEach((concept, ci) => {
    for (const term of new Set([...concept.legal, ...concept.colloquial])) {
      let node = root;
      for (const ch of term.normalize("NFKC").toLowerCase()) {
        let child = node.next.get(ch);
        if (!child) {
          child = { next: new Map(), ids: [] };
          node.next.set(ch, child);
        }
        node = child;
      }
      if (!node.ids.includes(ci)) node.ids.push(ci);
    }
  });
  return {
    concepts: new Map(list.map((c) => [c.id, c])),
    match(text) {
      const chars = [...text.normalize("NFKC").toLowerCase()];
      const hits = new Map<number, number>();
      for (let i = 0; i < chars.length; i++) {
        let node: TrieNode | undefined = root;
        for (let j = i; j < chars.length && node; j++) {
          node = node.next.get(chars[j]!);
          if (node) for (const ci of node.ids) hits.set(ci, (hits.get(ci) ?? 0) + 1);
        }
      }
      return [...hits].map(([ci, n]) => ({ id: list[ci]!.id, hits: n }));
    },
  };
}

let defaultMatcher: LexiconMatcher | undefined;
/** The project lexicon, loaded once. */
export function defaultLexiconMatcher(): LexiconMatcher {
  return (defaultMatcher ??= createLexiconMatcher(loadLexicon()));
}
