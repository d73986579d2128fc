// In-process BM25 index built from the tokens stored in the database (tsvector text), for
// fast lexical search on PGlite where SQL-side BM25 over tens of thousands of candidates is slow.
import { bm25Idf, bm25TermScore } from "./bm25.ts";
import { parseLexemeList, parseTsvector } from "./lexical-tokens.ts";

/** `lexemes` (compact list) when present, else `tokens` (tsvector text). */
export type IndexedDoc<A> = { id: number | string; lexemes: string | null; tokens: string | null; length: number; attrs: A };

type Postings = { docs: Int32Array; tfs: Uint16Array };

export class MemoryLexicalIndex<A> {
  readonly version: string;
  private readonly ids: Array<number | string> = [];
  private readonly attrs: A[] = [];
  private lengths = new Float32Array(0);
  private avgLength = 0;
  private readonly postings = new Map<string, Postings>();

  constructor(version: string) {
    this.version = version;
  }

  /** Builds from pages of documents (keeps peak memory low). */
  static async build<A>(version: string, pages: AsyncIterable<IndexedDoc<A>[]>): Promise<MemoryLexicalIndex<A>> {
    const index = new MemoryLexicalIndex<A>(version);
    const tmp = new Map<string, { docs: number[]; tfs: number[] }>();
    const lengths: number[] = [];
    for await (const page of pages) {
      for (const doc of page) {
        const ord = index.ids.length;
        index.ids.push(doc.id);
        index.attrs.push(doc.attrs);
        lengths.push(doc.length);
        for (const [term, tf] of doc.lexemes !== null ? parseLexemeList(doc.lexemes) : parseTsvector(doc.tokens ?? "")) {
          let p = tmp.get(term);
          if (!p) tmp.set(term, (p = { docs: [], tfs: [] }));
          p.docs.push(ord);
          p.tfs.push(tf);
        }
      }
    }
    for (const [term, p] of tmp) index.postings.set(term, { docs: Int32Array.from(p.docs), tfs: Uint16Array.from(p.tfs) });
    index.lengths = Float32Array.from(lengths);
    index.avgLength = lengths.length ? lengths.reduce((a, b) => a + b, 0) / lengths.length : 0;
    return index;
  }

  get size(): number {
    return this.ids.length;
  }

  search(terms: Array<{ term: string; qtf: number }>, k: number, accept: (attrs: A) => boolean): Array<{ id: number | string; score: number }> {
    const n = this.ids.length;
    const scores = new Float64Array(n);
    const touched: number[] = [];
    for (const { term, qtf } of terms) {
      const p = this.postings.get(term);
      if (!p) continue;
      const idf = bm25Idf(n, p.docs.length);
      for (let i = 0; i < p.docs.length; i++) {
        const d = p.docs[i] as number;
        if (scores[d] === 0) touched.push(d);
        scores[d] = (scores[d] as number) + qtf * bm25TermScore(idf, p.tfs[i] as number, this.lengths[d] as number, this.avgLength);
      }
    }
    // Keep a small sorted top-k (score desc, then load order = id asc, like the SQL ranking).
    const hits: Array<{ ord: number; score: number }> = [];
    const before = (a: { ord: number; score: number }, score: number, ord: number) =>
      a.score > score || (a.score === score && a.ord < ord);
    for (const d of touched) {
      const score = scores[d] as number;
      const last = hits[k - 1];
      if (hits.length >= k && last && before(last, score, d)) continue;
      if (!accept(this.attrs[d] as A)) continue;
      let pos = hits.length;
      while (pos > 0 && !before(hits[pos - 1] as { ord: number; score: number }, score, d)) pos--;
      hits.splice(pos, 0, { ord: d, score });
      if (hits.length > k) hits.pop();
    }
    return hits.map((h) => ({ id: this.ids[h.ord] as number | string, score: h.score }));
  }
}
