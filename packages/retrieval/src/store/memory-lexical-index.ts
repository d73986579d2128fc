// In-process BM25 index built from the tokens stored in the database (tsvector text), for
// fast lexical search on PGlite where SQL-side BM25 over tens of thousands of candidates is slow.
import { bm25Idf, bm25TermScore, maxDocumentFrequency } from "./bm25.ts";
import { parseLexemeList, parseTsvector } from "./lexical-tokens.ts";

/** `lexemes` (compact list) when present, else `tokens` (tsvector text). */
export type IndexedDoc<A> = { id: number | string; lexemes: string | null; tokens: string | null; length: number; attrs: A };

type Postings = { docs: Int32Array; tfs: Uint16Array };
type Terms = Array<{ term: string; qtf: number }>;
/** A score buffer: the term list it holds scores for, and which documents it touched. */
type Scratch = { terms: Terms | undefined; scores: Float64Array; touched: Int32Array; count: number };

const SNAPSHOT_FORMAT = 1;
const SCRATCH_BUFFERS = 4;
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

  /**
   * Per-posting BM25 impact (idf × saturated tf), computed the first time a term is queried:
   * the same expression as before, so scores stay bit-identical to the SQL ranking.
   */
  private readonly impacts = new Map<string, Float64Array>();
  /**
   * Score buffers reused by every query, most recent first. search() is synchronous, so no two
   * queries fill one at once; a few are kept because hybrid search ranks one term list twice
   * (all laws, the type's laws) and concurrent requests may rank theirs in between.
   */
  private readonly scratches: Scratch[] = [];
  private impactOf(term: string, p: Postings): Float64Array {
    let impact = this.impacts.get(term);
    if (!impact) {
      impact = new Float64Array(p.docs.length);
      const idf = bm25Idf(this.ids.length, p.docs.length);
      for (let i = 0; i < p.docs.length; i++) {
        impact[i] = bm25TermScore(idf, p.tfs[i] as number, this.lengths[p.docs[i] as number] as number, this.avgLength);
      }
      this.impacts.set(term, impact);
    }
    return impact;
  }

  /**
   * Terms found in more than this share of documents are skipped (应当, 规定, 人民, 或者 … in a
   * statute corpus): their idf is below 1, yet their postings were half of every query's work.
   * The SQL ranking applies the same cut (bm25.ts maxDocumentFrequency).
   */
  maxDfFraction = 1;

  private accumulate(terms: Terms): Scratch {
    const n = this.ids.length;
    const found = this.scratches.findIndex((x) => x.terms === terms);
    if (found >= 0) {
      const hit = this.scratches.splice(found, 1)[0] as Scratch;
      this.scratches.unshift(hit);
      return hit;
    }
    const s: Scratch =
      this.scratches.length < SCRATCH_BUFFERS
        ? { terms: undefined, scores: new Float64Array(n), touched: new Int32Array(n), count: 0 }
        : (this.scratches.pop() as Scratch);
    this.scratches.unshift(s);
    for (let i = 0; i < s.count; i++) s.scores[s.touched[i] as number] = 0;
    s.count = 0;
    s.terms = terms;
    const maxDf = maxDocumentFrequency(n, this.maxDfFraction);
    for (const { term, qtf } of terms) {
      const p = this.postings.get(term);
      if (!p || p.docs.length > maxDf) continue;
      const impact = this.impactOf(term, p);
      const { docs } = p;
      for (let i = 0; i < docs.length; i++) {
        const d = docs[i] as number;
        if (s.scores[d] === 0) s.touched[s.count++] = d;
        s.scores[d] = (s.scores[d] as number) + qtf * (impact[i] as number);
      }
    }
    return s;
  }

  /** Document ordinals grouped by a key of their attributes (e.g. the law), for restricted searches. */
  groupOrdinals(keysOf: (attrs: A) => readonly string[]): Map<string, Int32Array> {
    const groups = new Map<string, number[]>();
    this.attrs.forEach((a, ord) => {
      for (const key of keysOf(a)) {
        let g = groups.get(key);
        if (!g) groups.set(key, (g = []));
        g.push(ord);
      }
    });
    return new Map([...groups].map(([key, ords]) => [key, Int32Array.from(ords)]));
  }

  /**
   * The k best documents that `accept` lets through (score desc, then load order). `within`,
   * when given, lists the only ordinals worth looking at (a small part of the corpus).
   */
  search(
    terms: Terms,
    k: number,
    accept: (attrs: A) => boolean,
    within?: readonly Int32Array[],
  ): Array<{ id: number | string; score: number; attrs: A }> {
    const { scores, touched, count } = this.accumulate(terms);
    // Keep a small sorted top-k (score desc, then load order = id asc, like the SQL ranking).
    const hits: Array<{ ord: number; score: number }> = [];
    const before = (a: { ord: number; score: number }, score: number, ord: number) =>
      a.score > score || (a.score === score && a.ord < ord);
    const offer = (d: number) => {
      const score = scores[d] as number;
      if (score === 0) return;
      const last = hits[k - 1];
      if (hits.length >= k && last && before(last, score, d)) return;
      if (!accept(this.attrs[d] as A)) return;
      if (within && hits.some((h) => h.ord === d)) return; // groups may overlap
      let pos = hits.length;
      while (pos > 0 && !before(hits[pos - 1] as { ord: number; score: number }, score, d)) pos--;
      hits.splice(pos, 0, { ord: d, score });
      if (hits.length > k) hits.pop();
    };
    if (within) {
      for (const ords of within) for (let i = 0; i < ords.length; i++) offer(ords[i] as number);
    } else {
      for (let i = 0; i < count; i++) offer(touched[i] as number);
    }
    return hits.map((h) => ({ id: this.ids[h.ord] as number | string, score: h.score, attrs: this.attrs[h.ord] as A }));
  }
}
