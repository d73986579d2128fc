// In-process BM25 index built from the tokens stored in the database (tsvector text), for
// fast lexical search on PGlite where SQL-side BM25 over tens of thousands of candidates is slow.
import { bm25Idf, bm25TermScore } from "./bm25.ts";
import { parseLexemeList, parseTsvector } from "./lexical-tokens.ts";

/** `lexemes` (compact list) when present, else `tokens` (tsvector text). */
export type IndexedDoc<A> = { id: number | string; lexemes: string | null; tokens: string | null; length: number; attrs: A };

type Postings = { docs: Int32Array; tfs: Uint16Array };

const SNAPSHOT_FORMAT = 1;
const align4 = (x: number) => (x + 3) & ~3;

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

  /**
   * Binary snapshot (JSON header + typed arrays) so a new process loads the index in a fraction
   * of the time it takes to rebuild it from the stored lexeme lists.
   */
  toSnapshot(): Uint8Array {
    const terms = [...this.postings.keys()];
    const counts = terms.map((t) => (this.postings.get(t) as Postings).docs.length);
    const total = counts.reduce((a, b) => a + b, 0);
    const header = Buffer.from(
      JSON.stringify({ format: SNAPSHOT_FORMAT, version: this.version, ids: this.ids, attrs: this.attrs, avgLength: this.avgLength, terms, counts }),
      "utf8",
    );
    const headerEnd = align4(4 + header.length);
    const n = this.ids.length;
    const out = new Uint8Array(headerEnd + 4 * n + 4 * total + 2 * total);
    new DataView(out.buffer).setUint32(0, header.length, true);
    out.set(header, 4);
    new Float32Array(out.buffer, headerEnd, n).set(this.lengths);
    const docs = new Int32Array(out.buffer, headerEnd + 4 * n, total);
    const tfs = new Uint16Array(out.buffer, headerEnd + 4 * n + 4 * total, total);
    let at = 0;
    for (const t of terms) {
      const p = this.postings.get(t) as Postings;
      docs.set(p.docs, at);
      tfs.set(p.tfs, at);
      at += p.docs.length;
    }
    return out;
  }

  /** Reads toSnapshot() output; null when the bytes are not a snapshot of this format. */
  static fromSnapshot<A>(bytes: Uint8Array): MemoryLexicalIndex<A> | null {
    try {
      // Copy: typed-array views need an aligned, owned buffer.
      const buf = new Uint8Array(bytes).buffer;
      const headerLength = new DataView(buf).getUint32(0, true);
      const header = JSON.parse(Buffer.from(buf, 4, headerLength).toString("utf8")) as {
        format: number;
        version: string;
        ids: Array<number | string>;
        attrs: A[];
        avgLength: number;
        terms: string[];
        counts: number[];
      };
      if (header.format !== SNAPSHOT_FORMAT) return null;
      const headerEnd = align4(4 + headerLength);
      const n = header.ids.length;
      const total = header.counts.reduce((a, b) => a + b, 0);
      if (buf.byteLength !== headerEnd + 4 * n + 6 * total) return null;
      const index = new MemoryLexicalIndex<A>(header.version);
      // No spread: 64k arguments would overflow the stack.
      for (let i = 0; i < n; i++) {
        index.ids.push(header.ids[i] as number | string);
        index.attrs.push(header.attrs[i] as A);
      }
      index.lengths = new Float32Array(buf, headerEnd, n);
      index.avgLength = header.avgLength;
      const docs = new Int32Array(buf, headerEnd + 4 * n, total);
      const tfs = new Uint16Array(buf, headerEnd + 4 * n + 4 * total, total);
      let at = 0;
      header.terms.forEach((t, i) => {
        const c = header.counts[i] as number;
        index.postings.set(t, { docs: docs.subarray(at, at + c), tfs: tfs.subarray(at, at + c) });
        at += c;
      });
      return index;
    } catch {
      return null;
    }
  }

  get size(): number {
    return this.ids.length;
  }

  /** Scores of the last term list: hybrid search ranks one query twice (all laws, the type's laws). */
  private last: { terms: Array<{ term: string; qtf: number }>; scores: Float64Array; touched: number[] } | undefined;

  private accumulate(terms: Array<{ term: string; qtf: number }>): { scores: Float64Array; touched: number[] } {
    if (this.last?.terms === terms) return this.last;
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
    this.last = { terms, scores, touched };
    return this.last;
  }

  search(terms: Array<{ term: string; qtf: number }>, k: number, accept: (attrs: A) => boolean): Array<{ id: number | string; score: number; attrs: A }> {
    const { scores, touched } = this.accumulate(terms);
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
    return hits.map((h) => ({ id: this.ids[h.ord] as number | string, score: h.score, attrs: this.attrs[h.ord] as A }));
  }
}
