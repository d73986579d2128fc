import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bm25Idf, bm25TermScore, maxDocumentFrequency, MIN_DOCS_FOR_DF_CUT, queryTerms } from "./bm25.ts";
import { lexicalTokens, toLexemeList } from "./lexical-tokens.ts";
import { MemoryLexicalIndex, type IndexedDoc } from "./memory-lexical-index.ts";

type Attrs = { law: string; current: boolean };

const DOCS: Array<{ text: string; attrs: Attrs }> = [
  { text: "用人单位应当按时足额支付劳动报酬", attrs: { law: "劳动合同法", current: true } },
  { text: "用人单位拖欠劳动报酬的，劳动者可以申请支付令", attrs: { law: "劳动合同法", current: true } },
  { text: "劳动者加班的，用人单位应当支付加班费", attrs: { law: "劳动法", current: true } },
  { text: "夫妻一方要求离婚的，可以由有关组织进行调解", attrs: { law: "民法典", current: true } },
  { text: "禁止家庭暴力，禁止家庭成员间的虐待和遗弃", attrs: { law: "民法典", current: true } },
  { text: "用人单位应当依法建立和完善劳动规章制度", attrs: { law: "劳动法", current: false } },
  { text: "不动产的相邻权利人应当按照有利生产、方便生活的原则处理相邻关系", attrs: { law: "民法典", current: true } },
  { text: "建筑物漏水造成他人损害的，所有人应当承担侵权责任", attrs: { law: "民法典", current: true } },
];

/** DOCS, each `copies` times in a row (ids 1…), as the store would load them. */
async function buildIndex(copies = 1): Promise<MemoryLexicalIndex<Attrs>> {
  async function* pages(): AsyncIterable<IndexedDoc<Attrs>[]> {
    yield DOCS.flatMap((d, i) =>
      Array.from({ length: copies }, (_, c) => {
        const tokens = lexicalTokens(d.text);
        return { id: i * copies + c + 1, lexemes: toLexemeList(tokens), tokens: null, length: tokens.length, attrs: d.attrs };
      }),
    );
  }
  return MemoryLexicalIndex.build("1", pages());
}

/** BM25 the slow, obvious way: every document, every term. */
/** With `copies`, the corpus is DOCS repeated that many times (document frequencies scale with it). */
function referenceRanking(query: string, k: number, accept: (a: Attrs) => boolean, maxDfFraction = 1, copies = 1) {
  const docs = DOCS.map((d) => {
    const tokens = lexicalTokens(d.text);
    return { tokens, tf: queryTerms(tokens) };
  });
  const avg = docs.reduce((s, d) => s + d.tokens.length, 0) / docs.length;
  const n = docs.length * copies;
  const maxDf = maxDocumentFrequency(n, maxDfFraction);
  const scored = docs.map((d, i) => {
    let score = 0;
    for (const { term, qtf } of queryTerms(lexicalTokens(query))) {
      const df = docs.filter((x) => x.tf.some((t) => t.term === term)).length * copies;
      const tf = d.tf.find((t) => t.term === term)?.qtf ?? 0;
      if (df === 0 || tf === 0 || df > maxDf) continue;
      score += qtf * bm25TermScore(bm25Idf(n, df), tf, d.tokens.length, avg);
    }
    return { id: i + 1, score, attrs: DOCS[i]?.attrs as Attrs };
  });
  return scored
    .filter((s) => s.score > 0 && accept(s.attrs))
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .slice(0, k);
}

const QUERIES = ["拖欠劳动报酬", "用人单位 加班费", "离婚 调解", "楼上漏水 损害", "家庭暴力 离婚", "应当"];

describe("in-process BM25 index", () => {
  it("ranks exactly like the reference computation", async () => {
    const index = await buildIndex();
    for (const q of QUERIES) {
      const got = index.search(queryTerms(lexicalTokens(q)), 5, () => true);
      const want = referenceRanking(q, 5, () => true);
      expect(got.map((h) => h.id)).toEqual(want.map((h) => h.id));
      got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i]?.score ?? NaN, 12));
    }
  });

  it("reuses score buffers across interleaved queries without mixing them up", async () => {
    const index = await buildIndex();
    const lists = QUERIES.map((q) => queryTerms(lexicalTokens(q)));
    const fresh = lists.map((terms) => index.search(terms, 4, () => true));
    // More term lists than buffers, in an order that evicts and revisits.
    for (const order of [[0, 1, 2, 3, 4, 5, 0, 2, 4], [5, 5, 1, 0, 3, 1, 2]]) {
      for (const i of order) expect(index.search(lists[i] as (typeof lists)[number], 4, () => true)).toEqual(fresh[i]);
    }
  });

  it("`within` looks only at the listed ordinals and gives what the equivalent filter gives", async () => {
    const index = await buildIndex();
    const groups = index.groupOrdinals((a) => [a.law]);
    expect([...(groups.get("民法典") ?? [])]).toEqual([3, 4, 6, 7]);
    for (const q of QUERIES) {
      const terms = queryTerms(lexicalTokens(q));
      for (const laws of [["民法典"], ["劳动法", "劳动合同法"], ["劳动法", "劳动法"]]) {
        const within = laws.map((law) => groups.get(law) ?? new Int32Array());
        const restricted = index.search(terms, 3, (a) => a.current, within);
        const filtered = index.search(terms, 3, (a) => a.current && laws.includes(a.law));
        expect(restricted).toEqual(filtered);
      }
    }
  });

  it("skips terms found in more than maxDfFraction of the documents (corpora of MIN_DOCS_FOR_DF_CUT or more)", async () => {
    expect(maxDocumentFrequency(8, 0.3)).toBe(8); // too few documents to tell a common term
    expect(maxDocumentFrequency(MIN_DOCS_FOR_DF_CUT, 0.3)).toBe(300);
    // The eight documents stand in for a large corpus: repeat each one so the cut applies.
    const index = await buildIndex(Math.ceil(MIN_DOCS_FOR_DF_CUT / DOCS.length));
    index.maxDfFraction = 0.3;
    // 应当 is in 5 of 8 documents: above the cut, so a query of it alone finds nothing.
    expect(index.search(queryTerms(lexicalTokens("应当")), 5, () => true)).toEqual([]);
    // Each query ranks the documents as the reference does with the same cut (on one copy of each).
    const copies = Math.ceil(MIN_DOCS_FOR_DF_CUT / DOCS.length);
    for (const q of QUERIES) {
      const got = index.search(queryTerms(lexicalTokens(q)), DOCS.length * copies, () => true);
      const firstOfEach = got.filter((h) => (Number(h.id) - 1) % copies === 0).map((h) => (Number(h.id) - 1) / copies + 1);
      expect(firstOfEach).toEqual(referenceRanking(q, DOCS.length, () => true, 0.3, copies).map((h) => h.id));
    }
  });

  it("top-k is the k best under (score desc, load order) for any k and filter", async () => {
    const index = await buildIndex();
    await fc.assert(
      fc.property(fc.constantFrom(...QUERIES), fc.integer({ min: 1, max: 8 }), fc.boolean(), (q, k, currentOnly) => {
        const accept = (a: Attrs) => !currentOnly || a.current;
        const got = index.search(queryTerms(lexicalTokens(q)), k, accept).map((h) => h.id);
        expect(got).toEqual(referenceRanking(q, k, accept).map((h) => h.id));
      }),
      { numRuns: 60 },
    );
  });
});
