// The ONE store contract suite, run against PGlite (pglite-store.test.ts) and PostgreSQL
// (pg-store.int.test.ts). `open` must return a fresh, empty, migrated store of 8 dimensions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MediateError } from "@mediate/core";
import type { CaseRecord } from "../types.ts";
import { SqlStore } from "./sql-store.ts";
import type { StatuteRow, Store } from "./types.ts";

export const CONTRACT_DIMENSIONS = 8;

const unit = (i: number) => Array.from({ length: CONTRACT_DIMENSIONS }, (_, j) => (j === i ? 1 : 0));
const mix = (a: number, b: number, wa: number) => unit(a).map((x, j) => wa * x + (1 - wa) * (unit(b)[j] ?? 0));

function statute(partial: Partial<StatuteRow> & Pick<StatuteRow, "article" | "text">): StatuteRow {
  const law = partial.law ?? "中华人民共和国劳动合同法";
  return {
    law,
    shortTitle: partial.shortTitle ?? law.replace(/^中华人民共和国/, ""),
    level: partial.level ?? "law",
    label: partial.label ?? `第${partial.article}条`,
    chapterPath: partial.chapterPath ?? ["第一章 总则"],
    version: partial.version ?? "2012-12-28",
    superseded: partial.superseded ?? false,
    source: partial.source ?? "社会法/劳动合同法(2012-12-28).md",
    ...partial,
  };
}

export const CONTRACT_STATUTES: StatuteRow[] = [
  statute({ article: 30, label: "第三十条", text: "用人单位应当按照劳动合同约定和国家规定，向劳动者及时足额支付劳动报酬。\n用人单位拖欠或者未足额支付劳动报酬的，劳动者可以依法向当地人民法院申请支付令。", embedding: unit(0) }),
  statute({ article: 82, label: "第八十二条", text: "用人单位自用工之日起超过一个月不满一年未与劳动者订立书面劳动合同的，应当向劳动者每月支付二倍的工资。", embedding: mix(0, 1, 0.8) }),
  statute({ article: 10, articleSub: 1, label: "第十条之一", text: "测试用的之一条文：劳动报酬的特别规定。", embedding: mix(0, 2, 0.6) }),
  statute({
    law: "中华人民共和国民法典", article: 1079, label: "第一千零七十九条", chapterPath: ["婚姻家庭编", "第四章 离婚"], version: "2020-05-28",
    source: "民法典/婚姻家庭编.md", text: "夫妻一方要求离婚的，可以由有关组织进行调解或者直接向人民法院提起离婚诉讼。", embedding: unit(3),
  }),
  statute({
    law: "最高人民法院关于审理人身损害赔偿案件适用法律若干问题的解释", shortTitle: "最高人民法院关于审理人身损害赔偿案件适用法律若干问题的解释",
    level: "judicial-interpretation", article: 6, label: "第六条", version: "2020-12-29", source: "司法解释/人损(2020-12-29).md",
    text: "旧版：医疗费根据医疗机构出具的医药费、住院费等收款凭证确定。", embedding: unit(4),
  }),
  statute({
    law: "最高人民法院关于审理人身损害赔偿案件适用法律若干问题的解释", shortTitle: "最高人民法院关于审理人身损害赔偿案件适用法律若干问题的解释",
    level: "judicial-interpretation", article: 6, label: "第六条", version: "2022-04-24", source: "司法解释/人损(2022-04-24).md",
    text: "新版：医疗费根据医疗机构出具的医药费、住院费等收款凭证，结合病历和诊断证明等相关证据确定。", embedding: mix(4, 5, 0.9),
  }),
];

export const CONTRACT_CASES: CaseRecord[] = [
  { id: "c1", title: "拖欠工资调解", typeCode: "labor", narrative: "老板拖欠三个月工资不给，工人要求支付劳动报酬。", points: ["wage-arrears"], plan: "释法说理", outcome: "分期支付", statutes: [{ law: "中华人民共和国劳动合同法", article: 30 }], source: "demo" },
  { id: "c2", title: "离婚财产分割", typeCode: "marriage-family", narrative: "夫妻感情破裂要求离婚，对房屋分割有争议。", points: ["divorce"], plan: "背对背调解", outcome: "协议离婚", statutes: [{ law: "中华人民共和国民法典", article: 1079 }], source: "demo" },
];

export function runStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
      await store.upsertStatutes(CONTRACT_STATUTES);
      await store.refreshSuperseded();
      await store.upsertCases(CONTRACT_CASES.map((c, i) => ({ ...c, embedding: unit(i === 0 ? 0 : 3) })));
    });
    afterAll(async () => {
      await store?.close();
    });

    it("migrate is idempotent and records the embedding settings", async () => {
      await Promise.all([store.migrate(), store.migrate()]);
      const versions = await store.db.query<{ version: number }>("SELECT version FROM schema_migrations");
      expect(versions.rows.length).toBeGreaterThan(0);
      expect(new Set(versions.rows.map((r) => r.version)).size).toBe(versions.rows.length);
      const s = await store.stats();
      expect(s).toMatchObject({ articles: 6, cases: 2, embeddedArticles: 6, dimensions: CONTRACT_DIMENSIONS, embeddingModel: store.embeddingModel });
      expect(s.sizeBytes).toBeGreaterThan(0);
    });

    it("getArticle accepts the full title, the short title and 《》, and returns exact text", async () => {
      const full = await store.getArticle("中华人民共和国劳动合同法", 30);
      expect(full?.text).toBe(CONTRACT_STATUTES[0]?.text);
      expect(full?.label).toBe("第三十条");
      expect((await store.getArticle("劳动合同法", 30))?.law).toBe("中华人民共和国劳动合同法");
      expect((await store.getArticle("《民法典》", 1079))?.chapterPath).toEqual(["婚姻家庭编", "第四章 离婚"]);
      expect((await store.getArticle("劳动合同法", 10, 1))?.label).toBe("第十条之一");
      expect(await store.getArticle("劳动合同法", 10)).toBeNull();
      expect(await store.getArticle("不存在的法", 1)).toBeNull();
    });

    it("getArticle prefers the current version; superseded is derived from the versions present", async () => {
      const a = await store.getArticle("最高人民法院关于审理人身损害赔偿案件适用法律若干问题的解释", 6);
      expect(a?.version).toBe("2022-04-24");
      expect(a?.superseded).toBe(false);
      const old = await store.listArticlesBySource("司法解释/人损(2020-12-29).md");
      expect(old[0]?.superseded).toBe(true);
    });

    it("findArticles keeps input order and omits missing refs", async () => {
      const found = await store.findArticles([
        { law: "民法典", article: 1079 },
        { law: "劳动合同法", article: 999 },
        { law: "中华人民共和国劳动合同法", article: 82 },
      ]);
      expect(found.map((a) => a.article)).toEqual([1079, 82]);
    });

    it("lexical search ranks by BM25 and honours filters", async () => {
      const hits = await store.lexicalSearchStatutes("老板拖欠劳动报酬", { k: 5 });
      expect(hits[0]?.article).toBe(30);
      expect(hits.every((h, i) => i === 0 || (hits[i - 1]?.score ?? 0) >= h.score)).toBe(true);
      expect((await store.lexicalSearchStatutes("离婚", { laws: ["劳动合同法"] })).length).toBe(0);
      expect((await store.lexicalSearchStatutes("离婚", { laws: ["民法典"] }))[0]?.article).toBe(1079);
      const current = await store.lexicalSearchStatutes("医疗费 收款凭证");
      expect(current.map((h) => h.version)).toEqual(["2022-04-24"]);
      const all = await store.lexicalSearchStatutes("医疗费 收款凭证", { currentOnly: false });
      expect(all.length).toBe(2);
      expect((await store.lexicalSearchStatutes("医疗费", { levels: ["law"] })).length).toBe(0);
    });

    it("the in-process index and the SQL ranking agree", async () => {
      if (!(store instanceof SqlStore)) return;
      const memory = await store.lexicalSearchStatutes("劳动者 劳动报酬 工资", { k: 10 });
      const sqlStore = new SqlStore(store.db, store.backend, { dimensions: store.dimensions, embeddingModel: store.embeddingModel, memoryLexicalIndex: false });
      const sql = await sqlStore.lexicalSearchStatutes("劳动者 劳动报酬 工资", { k: 10 });
      expect(sql.map((h) => [h.law, h.article, h.articleSub])).toEqual(memory.map((h) => [h.law, h.article, h.articleSub]));
      sql.forEach((h, i) => expect(h.score).toBeCloseTo(memory[i]?.score ?? NaN, 6));
      const cases = await sqlStore.lexicalSearchCases("拖欠工资");
      expect(cases[0]?.id).toBe("c1");
    });

    it("vector search orders by cosine similarity and honours filters", async () => {
      const hits = await store.vectorSearchStatutes(unit(0), { k: 3 });
      expect(hits.map((h) => h.article)).toEqual([30, 82, 10]);
      expect(hits[0]?.score).toBeCloseTo(1, 5);
      const filtered = await store.vectorSearchStatutes(unit(4), { k: 5, levels: ["judicial-interpretation"] });
      expect(filtered.map((h) => h.version)).toEqual(["2022-04-24"]);
      const withOld = await store.vectorSearchStatutes(unit(4), { k: 5, levels: ["judicial-interpretation"], currentOnly: false });
      expect(withOld[0]?.version).toBe("2020-12-29");
      await expect(store.vectorSearchStatutes([1, 2, 3])).rejects.toMatchObject({ code: "invalid_input" });
    });

    it("the text-free rankings match the full searches; statutesByIds fetches in the order given", async () => {
      const strip = (h: { law: string; version: string | null; article: number; articleSub?: number; level: string; superseded: boolean; score: number }) =>
        [h.law, h.version, h.article, h.articleSub, h.level, h.superseded, h.score];
      for (const opts of [{ k: 5 }, { k: 5, currentOnly: false }, { k: 5, laws: ["民法典"] }]) {
        const full = await store.lexicalSearchStatutes("劳动报酬 离婚 医疗费", opts);
        expect((await store.rankStatutesLexical("劳动报酬 离婚 医疗费", opts)).map(strip)).toEqual(full.map(strip));
      }
      const vec = await store.rankStatutesVector(unit(0), { k: 3 });
      expect(vec.map(strip)).toEqual((await store.vectorSearchStatutes(unit(0), { k: 3 })).map(strip));
      const refs = await store.findArticleRefs([{ law: "民法典", article: 1079 }, { law: "劳动合同法", article: 999 }, { law: "劳动合同法", article: 10, articleSub: 1 }]);
      expect(refs.map((r) => [r.article, r.articleSub, r.score])).toEqual([[1079, undefined, 0], [10, 1, 0]]);
      const byId = await store.statutesByIds([refs[1]!.id, 987654, refs[0]!.id]);
      expect(byId.map((a) => a.label)).toEqual(["第十条之一", "第一千零七十九条"]);
      expect(byId[1]?.text).toBe(CONTRACT_STATUTES[3]?.text);
    });

    it("rejects an empty query and k out of range with clear errors", async () => {
      await expect(store.lexicalSearchStatutes("  ")).rejects.toBeInstanceOf(MediateError);
      await expect(store.lexicalSearchStatutes("  ")).rejects.toMatchObject({ code: "empty_text" });
      await expect(store.lexicalSearchStatutes("工资", { k: 0 })).rejects.toMatchObject({ code: "invalid_input" });
      await expect(store.vectorSearchStatutes(unit(0), { k: 1000 })).rejects.toMatchObject({ code: "invalid_input" });
    });

    it("cases: lexical and vector search with a type filter", async () => {
      expect((await store.lexicalSearchCases("拖欠工资"))[0]?.id).toBe("c1");
      const byType = await store.lexicalSearchCases("拖欠工资 离婚", { typeCode: "marriage-family" });
      expect(byType.map((c) => c.id)).toEqual(["c2"]);
      const v = await store.vectorSearchCases(unit(3), { k: 2 });
      expect(v[0]).toMatchObject({ id: "c2", statutes: [{ law: "中华人民共和国民法典", article: 1079 }], points: ["divorce"] });
      expect(await store.getCase("c1")).toMatchObject({ plan: "释法说理", source: "demo" });
    });

    it("upserts are idempotent, updates replace text and the lexical index follows", async () => {
      await store.upsertStatutes(CONTRACT_STATUTES);
      expect((await store.stats()).articles).toBe(6);
      const changed = { ...CONTRACT_STATUTES[1]!, text: "修改后：用人单位未订立书面劳动合同的，支付双倍工资和加班费。", contentHash: "changed" };
      await store.upsertStatutes([changed]);
      expect((await store.getArticle("劳动合同法", 82))?.text).toBe(changed.text);
      expect((await store.lexicalSearchStatutes("加班费"))[0]?.article).toBe(82);
    });

    it("deleteStatutesBySource keeps listed articles and removes the rest", async () => {
      const extra = statute({ article: 99, label: "第九十九条", text: "将被删除的条文。", source: "社会法/劳动合同法(2012-12-28).md" });
      await store.upsertStatutes([extra]);
      const removed = await store.deleteStatutesBySource("社会法/劳动合同法(2012-12-28).md", [
        { law: "", article: 30 }, { law: "", article: 82 }, { law: "", article: 10, articleSub: 1 },
      ]);
      expect(removed).toBe(1);
      expect(await store.getArticle("劳动合同法", 99)).toBeNull();
      expect((await store.lexicalSearchStatutes("将被删除的条文")).some((h) => h.article === 99)).toBe(false);
    });

    it("ingest progress round-trips", async () => {
      await store.setIngestProgress("statutes", { source: "a.md", contentHash: "h1", articles: 3 });
      await store.setIngestProgress("statutes", { source: "a.md", contentHash: "h2", articles: 4 });
      const p = await store.getIngestProgress("statutes");
      expect(p.get("a.md")).toMatchObject({ contentHash: "h2", articles: 4 });
      expect((await store.getIngestProgress("cases")).size).toBe(0);
    });

    it("transactions roll back on error", async () => {
      await expect(
        store.db.transaction(async (tx) => {
          await tx.query("INSERT INTO store_meta (key, value) VALUES ('rollback_probe', 'x')");
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      const r = await store.db.query("SELECT 1 FROM store_meta WHERE key = 'rollback_probe'");
      expect(r.rows.length).toBe(0);
    });
  });
}
