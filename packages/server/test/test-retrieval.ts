// Test helpers: a real retrieval stack (in-memory PGlite store + offline embeddings) holding
// a few real laws copied from the shared corpus into a temp dir (never into the repo), plus
// a few case records; and small fakes for tests that only need the Retrieval contract.
import { createEmbeddings } from "@mediate/retrieval/embeddings/create-embeddings.ts";
import { parseStatuteFile } from "@mediate/retrieval/statutes/statute-parser.ts";
import { createRetrieval, type HybridRetrieval } from "@mediate/retrieval/search/create-retrieval.ts";
import { REPO_ROOT } from "@mediate/retrieval/search/open-retrieval.ts";
import { openStore } from "@mediate/retrieval/store/sql-store.ts";
import type { CaseRecord, Retrieval, StatuteArticle } from "@mediate/retrieval/types.ts";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export const SHARED_LAWS = process.env.MEDIATE_CORPUS_DIR || path.resolve(REPO_ROOT, "../shared/corpora/laws");

export const TEST_LAW_FILES = [
  "民法典/婚姻家庭编.md",
  "社会法/劳动合同法(2012-12-28).md",
  "社会法/反家庭暴力法(2015-12-27).md",
  "诉讼与非诉讼程序法/人民调解法(2010-08-28).md",
  "行政法规/保障农民工工资支付条例(2019-12-30).md",
];

export const TEST_CASES: CaseRecord[] = [
  {
    id: "test-wage-1",
    title: "工地农民工集体讨薪案",
    typeCode: "labor",
    narrative: "某工地包工头拖欠28名农民工工资共计46万元，工人多次讨要未果，扬言到政府门口聚集。",
    points: ["wage-arrears", "subcontract-chain"],
    plan: "联合人社局劳动监察约谈总承包单位，核对实名制考勤，由总包先行垫付。",
    outcome: "总承包单位十日内垫付全部工资，工人签收。",
    statutes: [{ law: "保障农民工工资支付条例", article: 30 }],
    source: "demo",
  },
  {
    id: "test-dv-1",
    title: "酒后家暴离婚纠纷",
    typeCode: "marriage-family",
    narrative: "丈夫长期酗酒，酒后多次殴打妻子，妻子报警后要求离婚并抚养孩子。",
    points: ["domestic-violence", "drinking", "divorce", "child-custody"],
    plan: "背对背调解，派出所出具告诫书，妇联介入，释法说理后协议离婚。",
    outcome: "双方协议离婚，孩子随母亲生活，男方每月支付抚养费1500元。",
    statutes: [{ law: "中华人民共和国反家庭暴力法", article: 2 }],
    source: "demo",
  },
  {
    id: "test-leak-1",
    title: "楼上漏水邻里纠纷",
    typeCode: "neighbor",
    narrative: "楼上卫生间防水层老化漏水，把楼下天花板泡坏，双方为维修费用争执。",
    points: ["water-leak"],
    plan: "物业现场勘查确认漏点，楼上负责维修防水并赔偿楼下吊顶修复费用。",
    outcome: "楼上赔偿3200元并完成维修。",
    statutes: [],
    source: "demo",
  },
];

export function sharedCorpusAvailable(): boolean {
  return existsSync(SHARED_LAWS);
}

/** The articles of TEST_LAW_FILES, parsed from the shared corpus (exact text). */
export function readTestArticles(): StatuteArticle[] {
  return TEST_LAW_FILES.flatMap((rel) => {
    const parsed = parseStatuteFile(rel, readFileSync(path.join(SHARED_LAWS, rel), "utf8"));
    if (!parsed.success) throw new Error(`cannot parse ${rel}: ${parsed.error.message}`);
    return parsed.value.articles.map(({ contentHash: _h, ...a }) => a);
  });
}

/** Real store (in-memory PGlite) + hybrid retrieval over TEST_LAW_FILES and TEST_CASES. */
export async function openTestRetrieval(): Promise<{ retrieval: HybridRetrieval; articles: StatuteArticle[]; cleanup: () => Promise<void> }> {
  const articles = readTestArticles();
  const embeddings = await createEmbeddings({ backend: "offline" });
  const store = await openStore({ dimensions: embeddings.dimensions, embeddingModel: embeddings.model });
  const statuteVectors = await embeddings.embedDocuments(articles.map((a) => `${a.shortTitle}：${a.text}`));
  await store.upsertStatutes(articles.map((a, i) => ({ ...a, embedding: statuteVectors[i] ?? null })));
  const vectors = await embeddings.embedDocuments(TEST_CASES.map((c) => `${c.title}\n${c.narrative}`));
  await store.upsertCases(TEST_CASES.map((c, i) => ({ ...c, embedding: vectors[i] ?? null })));
  const retrieval = createRetrieval({ store, embeddings });
  return { retrieval, articles, cleanup: () => retrieval.close() };
}

/** A Retrieval over a fixed article list; `fail` makes every call throw (database outage). */
export function createFakeRetrieval(articles: StatuteArticle[], cases: CaseRecord[] = TEST_CASES) {
  const control = { fail: null as Error | null, calls: 0 };
  const check = () => {
    control.calls++;
    if (control.fail) throw control.fail;
  };
  const retrieval: Retrieval = {
    async searchStatutes(query, options) {
      check();
      const hits = articles
        .map((a) => ({ ...a, score: [...new Set(query)].filter((ch) => a.text.includes(ch)).length / Math.max(1, new Set(query).size) }))
        .filter((h) => h.score > 0 && (!options?.levels || options.levels.includes(h.level)))
        .sort((a, b) => b.score - a.score);
      return hits.slice(0, options?.k ?? 10);
    },
    async getArticle(law, article, articleSub) {
      check();
      return articles.find((a) => (a.law === law || a.shortTitle === law) && a.article === article && a.articleSub === articleSub) ?? null;
    },
    async searchCases(query, options) {
      check();
      return cases
        .filter((c) => !options?.typeCode || c.typeCode === options.typeCode)
        .map((c) => ({ ...c, score: [...new Set(query)].filter((ch) => c.narrative.includes(ch)).length / 100 }))
        .sort((a, b) => b.score - a.score)
        .slice(0, options?.k ?? 10);
    },
    async stats() {
      check();
      return { articles: articles.length, cases: cases.length, embeddingModel: "fake" };
    },
    async close() {},
  };
  return { retrieval, control };
}
