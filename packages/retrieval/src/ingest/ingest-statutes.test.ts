import { cp, mkdir, mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHashEmbeddings } from "../../test/hash-embeddings.ts";
import { openStore } from "../store/sql-store.ts";
import type { Store } from "../store/types.ts";
import { ingestStatutes } from "./ingest-statutes.ts";
import { statuteTableContent } from "../../test/statute-table.ts";

const shared = process.env.MEDIATE_CORPUS_DIR ?? path.resolve(import.meta.dirname, "../../../../../shared/corpora/laws");
const FILES = [
  "诉讼与非诉讼程序法/人民调解法(2010-08-28).md",
  "民法典/婚姻家庭编.md",
  "民法典/继承编.md",
  "司法解释/最高人民法院关于审理人身损害赔偿案件适用法律若干问题的解释(2020-12-29).md",
  "司法解释/最高人民法院关于审理人身损害赔偿案件适用法律若干问题的解释(2022-04-24).md",
];

let root: string;
const stores: Store[] = [];
async function makeCorpus(name: string): Promise<string> {
  const dir = path.join(root, name);
  for (const f of FILES) {
    await mkdir(path.dirname(path.join(dir, f)), { recursive: true });
    await cp(path.join(shared, f), path.join(dir, f));
  }
  await mkdir(path.join(dir, "行政法规"), { recursive: true });
  await writeFile(path.join(dir, "行政法规/broken.md"), "# 坏文件\n\n<!-- INFO END -->\n\n第一条 甲。\n\n第一条 乙。\n");
  return dir;
}
async function newStore(): Promise<Store> {
  const s = await openStore({ dimensions: 32, embeddingModel: "test-hash-32" });
  stores.push(s);
  return s;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "mediate-ingest-"));
});
afterAll(async () => {
  for (const s of stores) await s.close().catch(() => {});
  await rm(root, { recursive: true, force: true });
});

describe("ingestStatutes", () => {
  it("ingests, reports the malformed file with its line, and marks the older version superseded", async () => {
    const corpus = await makeCorpus("a");
    const store = await newStore();
    const embeddings = createHashEmbeddings();
    const report = await ingestStatutes({ store, embeddings, corpusDir: corpus, batchSize: 40 });
    expect(report.skipped).toEqual([{ file: "行政法规/broken.md", line: 7, message: expect.stringMatching(/duplicate/) }]);
    expect(report.parsed).toBe(5);
    // books of the split Civil Code are compared per book, never superseding each other
    const civil = await store.db.query<{ n: string }>("SELECT count(*) AS n FROM statutes WHERE law = '中华人民共和国民法典' AND superseded");
    expect(Number(civil.rows[0]?.n)).toBe(0);
    expect((await store.getArticle("民法典", 1079))?.superseded).toBe(false);
    const stats = await store.stats();
    expect(stats.articles).toBe(report.articlesWritten);
    expect(stats.embeddedArticles).toBe(stats.articles);
    expect((await store.getArticle("人民调解法", 33))?.text).toMatch(/^经人民调解委员会调解达成调解协议后/);
    const old = await store.listArticlesBySource(FILES[3]!);
    expect(old.length).toBeGreaterThan(0);
    expect(old.every((a) => a.superseded)).toBe(true);
    expect((await store.listArticlesBySource(FILES[4]!)).some((a) => a.superseded)).toBe(false);
  });

  it("re-ingesting an unchanged corpus changes nothing and embeds nothing", async () => {
    const corpus = await makeCorpus("b");
    const store = await newStore();
    await ingestStatutes({ store, embeddings: createHashEmbeddings(), corpusDir: corpus });
    const before = await statuteTableContent(store);
    const embeddings = createHashEmbeddings();
    const again = await ingestStatutes({ store, embeddings, corpusDir: corpus });
    expect(again).toMatchObject({ articlesWritten: 0, articlesDeleted: 0, changedFiles: 0, unchangedFiles: 5 });
    expect(embeddings.texts).toBe(0);
    expect(await statuteTableContent(store)).toEqual(before);
  });

  it("an interrupted ingest resumes to exactly the state of an uninterrupted one", async () => {
    const corpus = await makeCorpus("c");
    const reference = await newStore();
    await ingestStatutes({ store: reference, embeddings: createHashEmbeddings(), corpusDir: corpus, batchSize: 20 });

    const store = await newStore();
    const controller = new AbortController();
    const first = await ingestStatutes({
      store,
      embeddings: createHashEmbeddings(),
      corpusDir: corpus,
      batchSize: 20,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.filesDone >= 2) controller.abort(); // includes the skipped broken file
      },
    });
    expect(first.aborted).toBe(true);
    const partial = (await store.stats()).articles;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan((await reference.stats()).articles);

    const embeddings = createHashEmbeddings();
    const resumed = await ingestStatutes({ store, embeddings, corpusDir: corpus, batchSize: 20 });
    expect(resumed.aborted).toBe(false);
    expect(resumed.unchangedFiles).toBeGreaterThan(0);
    expect(await statuteTableContent(store)).toEqual(await statuteTableContent(reference));
  });

  it("a changed file updates only its changed articles; removed articles and files are deleted", async () => {
    const corpus = await makeCorpus("d");
    const store = await newStore();
    await ingestStatutes({ store, embeddings: createHashEmbeddings(), corpusDir: corpus });
    const file = path.join(corpus, FILES[0]!);
    const text = await readFile(file, "utf8");
    const changed = text
      .replace("第三十三条 经人民调解委员会调解达成调解协议后", "第三十三条 （测试修改）经人民调解委员会调解达成调解协议后")
      .replace(/\n第三十四条[^\n]*\n/, "\n");
    expect(changed).not.toBe(text);
    await writeFile(file, changed);
    const otherBefore = await store.listArticlesBySource(FILES[1]!);
    const a1Before = await store.db.query<{ id: number }>("SELECT id FROM statutes WHERE source = $1 AND article = 1", [FILES[0]]);

    const embeddings = createHashEmbeddings();
    const report = await ingestStatutes({ store, embeddings, corpusDir: corpus });
    expect(report).toMatchObject({ changedFiles: 1, unchangedFiles: 4, articlesWritten: 1, articlesDeleted: 1 });
    expect(embeddings.texts).toBe(1);
    expect((await store.getArticle("人民调解法", 33))?.text).toMatch(/^（测试修改）/);
    expect(await store.getArticle("人民调解法", 34)).toBeNull();
    expect((await store.getArticle("人民调解法", 35))?.text).toMatch(/施行/);
    expect(await store.listArticlesBySource(FILES[1]!)).toEqual(otherBefore);
    const a1After = await store.db.query<{ id: number }>("SELECT id FROM statutes WHERE source = $1 AND article = 1", [FILES[0]]);
    expect(a1After.rows).toEqual(a1Before.rows); // untouched rows are not rewritten

    await unlink(path.join(corpus, FILES[4]!));
    const removed = await ingestStatutes({ store, embeddings: createHashEmbeddings(), corpusDir: corpus });
    expect(removed.removedFiles).toBe(1);
    expect(await store.listArticlesBySource(FILES[4]!)).toEqual([]);
    // the 2020 version is current again
    expect((await store.listArticlesBySource(FILES[3]!)).every((a) => !a.superseded)).toBe(true);
  });

  it("bulk mode (indexes dropped and rebuilt) gives the same content", async () => {
    const corpus = await makeCorpus("e");
    const plain = await newStore();
    await ingestStatutes({ store: plain, embeddings: createHashEmbeddings(), corpusDir: corpus });
    const bulk = await newStore();
    await ingestStatutes({ store: bulk, embeddings: createHashEmbeddings(), corpusDir: corpus, bulkThreshold: 1 });
    expect(await statuteTableContent(bulk)).toEqual(await statuteTableContent(plain));
    const idx = await bulk.db.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE tablename = 'statutes'");
    expect(idx.rows.map((r) => r.indexname)).toEqual(expect.arrayContaining(["statutes_embedding_hnsw", "statutes_tokens_gin"]));
  });
});
