// The hybrid retrieval suite, run on PGlite (create-retrieval.test.ts) and on PostgreSQL
// (create-retrieval.int.test.ts) over a few real laws from the shared corpus.
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestStatutes } from "../ingest/ingest-statutes.ts";
import { createOfflineEmbeddings } from "../embeddings/offline-embeddings.ts";
import type { Store } from "../store/types.ts";
import type { Embeddings } from "../types.ts";
import { createRetrieval, type HybridRetrieval } from "./create-retrieval.ts";

export const CORPUS_DIR = process.env.MEDIATE_CORPUS_DIR ?? path.resolve(import.meta.dirname, "../../../../../shared/corpora/laws");

export const SUITE_FILES = [
  "民法典/婚姻家庭编.md",
  "民法典/物权编.md",
  "社会法/反家庭暴力法(2015-12-27).md",
  "社会法/劳动合同法(2012-12-28).md",
  "社会法/劳动法(2018-12-29).md",
  "司法解释/最高人民法院关于审理人身损害赔偿案件适用法律若干问题的解释(2022-04-24).md",
];

const CIVIL_CODE = "中华人民共和国民法典";

export function runRetrievalSuite(name: string, openEmptyStore: (e: Embeddings) => Promise<Store>): void {
  describe(`hybrid retrieval on ${name}`, () => {
    let tmp: string;
    let retrieval: HybridRetrieval;

    beforeAll(async () => {
      tmp = await mkdtemp(path.join(os.tmpdir(), "mediate-retrieval-"));
      for (const f of SUITE_FILES) {
        await mkdir(path.dirname(path.join(tmp, f)), { recursive: true });
        await cp(path.join(CORPUS_DIR, f), path.join(tmp, f));
      }
      const embeddings = createOfflineEmbeddings({ dimensions: 256 });
      const store = await openEmptyStore(embeddings);
      const report = await ingestStatutes({ store, embeddings, corpusDir: tmp });
      expect(report.skipped).toEqual([]);
      retrieval = createRetrieval({ store, embeddings });
    });
    afterAll(async () => {
      await retrieval?.close();
      await rm(tmp, { recursive: true, force: true });
    });

    const refs = (hits: Array<{ law: string; article: number }>) => hits.map((h) => `${h.law}#${h.article}`);

    it.each([
      ["老公喝醉了就打我", [`${CIVIL_CODE}#1079`, `${CIVIL_CODE}#1042`, "中华人民共和国反家庭暴力法#2", "中华人民共和国反家庭暴力法#23"]],
      ["老板拖了三个月工资不给", ["中华人民共和国劳动合同法#30", "中华人民共和国劳动法#50", "中华人民共和国劳动合同法#85"]],
      ["楼上漏水把我家泡了", [`${CIVIL_CODE}#296`, `${CIVIL_CODE}#288`, `${CIVIL_CODE}#238`]],
      ["老闆天天讓加班不給加班費", ["中华人民共和国劳动法#44", "中华人民共和国劳动合同法#31"]],
    ])("finds the right article for %s in the top 10", async (query, gold) => {
      const hits = await retrieval.searchStatutes(query, { k: 10 });
      expect(hits.length).toBe(10);
      expect(refs(hits).some((r) => gold.includes(r))).toBe(true);
    });

    it("returns exact stored article text, ranked by fused score", async () => {
      const hits = await retrieval.searchStatutes("离婚时房子怎么分", { k: 5 });
      for (const h of hits) {
        const stored = await retrieval.getArticle(h.law, h.article, h.articleSub);
        expect(stored?.text).toBe(h.text);
      }
      const scores = hits.map((h) => h.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    });

    it("explains which lists ranked each hit and what the query was understood as", async () => {
      const { understood, hits } = await retrieval.explainStatutes("老公喝醉了就打我", { k: 10 });
      expect(understood.points.map((p) => p.code)).toContain("domestic-violence");
      expect(understood.expansion).toContain("家庭暴力");
      expect(hits.some((h) => h.ranks.prior !== undefined)).toBe(true);
    });

    it("supports lexical-only and vector-only modes", async () => {
      const lexical = await retrieval.searchStatutes("劳动报酬", { k: 3, mode: "lexical" });
      const vector = await retrieval.searchStatutes("劳动报酬", { k: 3, mode: "vector" });
      expect(lexical).toHaveLength(3);
      expect(vector).toHaveLength(3);
    });

    it("filters by level and excludes superseded versions by default", async () => {
      const laws = await retrieval.searchStatutes("受伤了误工费怎么算", { k: 10, levels: ["law"] });
      expect(laws.every((h) => h.level === "law")).toBe(true);
      const interp = await retrieval.searchStatutes("受伤了误工费怎么算", { k: 5, levels: ["judicial-interpretation"] });
      expect(interp.length).toBeGreaterThan(0);
      expect(interp.every((h) => h.level === "judicial-interpretation" && !h.superseded)).toBe(true);
    });

    it("rejects an empty query and k out of 1..50 with invalid_input", async () => {
      for (const k of [0, 51, 2.5]) {
        await expect(retrieval.searchStatutes("工资", { k })).rejects.toMatchObject({ code: "invalid_input" });
      }
      await expect(retrieval.searchStatutes("   ")).rejects.toMatchObject({ code: "invalid_input" });
      await expect(retrieval.searchCases("")).rejects.toMatchObject({ code: "invalid_input" });
    });

    it("looks up articles and reports stats", async () => {
      const a = await retrieval.getArticle("民法典", 1079);
      expect(a?.text).toContain("准予离婚");
      expect(await retrieval.getArticle("民法典", 99999)).toBeNull();
      const s = await retrieval.stats();
      expect(s.articles).toBeGreaterThan(300);
      expect(s.embeddingModel).toBe("mediate-offline-hash-v1-256");
    });

    it("searches similar cases, filtered by dispute type", async () => {
      const embed = (t: string) => retrieval.embeddings.embedDocuments([t]).then((v) => v[0]!);
      const base = { points: [], plan: "释法说理后达成还款计划", outcome: "调解成功", source: "demo" };
      await retrieval.store.upsertCases([
        { ...base, id: "t-labor", title: "拖欠工资纠纷", typeCode: "labor", narrative: "老板拖欠工人三个月工资", statutes: [], embedding: await embed("拖欠工人三个月工资") },
        { ...base, id: "t-lease", title: "房屋租赁纠纷", typeCode: "housing-homestead", narrative: "房东不退押金", statutes: [], embedding: await embed("房东不退押金") },
      ]);
      const hits = await retrieval.searchCases("工资被拖欠了", { k: 2 });
      expect(hits[0]?.id).toBe("t-labor");
      const typed = await retrieval.searchCases("工资被拖欠了", { typeCode: "housing-homestead" });
      expect(typed.map((h) => h.id)).toEqual(["t-lease"]);
    });
  });
}
