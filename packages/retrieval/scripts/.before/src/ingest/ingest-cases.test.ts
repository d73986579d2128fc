import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHashEmbeddings } from "../../test/hash-embeddings.ts";
import { parseCaseJsonl } from "../cases/case-record.ts";
import { citedArticles, parseTypicalCase } from "../cases/typical-case-parser.ts";
import { openStore } from "../store/sql-store.ts";
import type { Store } from "../store/types.ts";
import { ingestCasesFromJsonl, ingestTypicalCases } from "./ingest-cases.ts";
import { readFileSync } from "node:fs";

const shared = process.env.MEDIATE_CORPUS_DIR ?? path.resolve(import.meta.dirname, "../../../../../shared/corpora/laws");
const good = {
  id: "t-1",
  title: "拖欠工资",
  typeCode: "labor",
  narrative: "老板拖欠三个月工资，工人要求支付。",
  points: ["wage-arrears"],
  plan: "释法说理",
  outcome: "分期支付",
  statutes: [{ law: "中华人民共和国劳动合同法", article: 30 }],
};

describe("parseCaseJsonl", () => {
  it("keeps good lines and reports bad ones with their line numbers", () => {
    const text = [
      JSON.stringify(good),
      "",
      "{not json",
      JSON.stringify({ ...good, id: "t-2", typeCode: "nonsense" }),
      JSON.stringify({ ...good, id: "t-3", statutes: [{ law: "x", article: -1 }] }),
      JSON.stringify(good),
      JSON.stringify({ ...good, id: "t-4", source: "import:other" }),
    ].join("\n");
    const { records, problems } = parseCaseJsonl(text, "import:test.jsonl");
    expect(records.map((r) => [r.id, r.source])).toEqual([["t-1", "import:test.jsonl"], ["t-4", "import:other"]]);
    expect(problems.map((p) => p.line)).toEqual([3, 4, 5, 6]);
    expect(problems[1]?.message).toMatch(/typeCode/);
    expect(problems[3]?.message).toMatch(/duplicate id t-1/);
  });
});

describe("typical cases (案例/)", () => {
  it("parses a real case file into a CaseRecord with sections and citations", () => {
    const rel = "案例/消费购物/张莉诉北京合力华通汽车服务有限公司买卖合同纠纷案.md";
    const { record } = parseTypicalCase(rel, readFileSync(path.join(shared, rel), "utf8"));
    expect(record).not.toBeNull();
    expect(record?.title).toBe("张莉诉北京合力华通汽车服务有限公司买卖合同纠纷案");
    expect(record?.typeCode).toBe("consumer");
    expect(record?.narrative).toMatch(/^2007年2月28日，原告张莉/);
    expect(record?.outcome).toMatch(/北京市朝阳区人民法院/);
    expect(record?.plan).toMatch(/^一、为家庭生活消费需要购买汽车/);
    expect(record?.source).toBe(`typical-case:${rel}`);
  });

  it("reports files without a narrative instead of inventing one", () => {
    expect(parseTypicalCase("案例/x/a.md", "# 标题\n\n## 典型意义\n\n很重要。\n").skipped).toMatch(/no 基本案情/);
  });

  it("extracts cited articles in 《》 and 民法典 forms", () => {
    expect(citedArticles("依据《中华人民共和国民法典》第一千零五十三条规定，以及民法典第一千零五十四条，《劳动法》第四十四条")).toEqual([
      { law: "中华人民共和国民法典", article: 1053 },
      { law: "中华人民共和国民法典", article: 1054 },
      { law: "劳动法", article: 44 },
    ]);
  });
});

describe("case ingest into a store", () => {
  let store: Store;
  let dir: string;
  beforeAll(async () => {
    store = await openStore({ dimensions: 32, embeddingModel: "test-hash-32" });
    dir = await mkdtemp(path.join(os.tmpdir(), "mediate-cases-"));
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("ingests JSONL (idempotently) and the cases are searchable", async () => {
    const file = path.join(dir, "cases.jsonl");
    await writeFile(file, `${JSON.stringify(good)}\n{bad\n`);
    const embeddings = createHashEmbeddings();
    const r1 = await ingestCasesFromJsonl({ store, embeddings, file });
    expect(r1).toMatchObject({ cases: 1, problems: [{ line: 2 }] });
    await ingestCasesFromJsonl({ store, embeddings, file });
    expect((await store.stats()).cases).toBe(1);
    expect((await store.lexicalSearchCases("拖欠工资"))[0]).toMatchObject({ id: "t-1", source: "import:cases.jsonl", statutes: good.statutes });
    expect((await store.vectorSearchCases(await embeddings.embedQuery(good.narrative)))[0]?.id).toBe("t-1");
    await expect(ingestCasesFromJsonl({ store, embeddings, file: path.join(dir, "missing.jsonl") })).rejects.toMatchObject({ code: "not_found" });
  });

  it("ingests the typical cases of the corpus, keeping only citations the store has", async () => {
    await store.upsertStatutes([
      {
        law: "中华人民共和国民法典", shortTitle: "民法典", level: "law", article: 1053, label: "第一千零五十三条", chapterPath: [],
        text: "一方患有重大疾病的，应当在结婚登记前如实告知另一方。", version: "2020-05-28", superseded: false, source: "民法典/婚姻家庭编.md",
      },
    ]);
    const report = await ingestTypicalCases({ store, embeddings: createHashEmbeddings(), corpusDir: shared });
    expect(report.cases).toBeGreaterThan(40);
    expect(report.droppedCitations).toBeGreaterThan(0);
    const hits = await store.lexicalSearchCases("婚前隐瞒重大疾病 撤销婚姻", { k: 3 });
    expect(hits[0]?.title).toMatch(/婚前隐瞒重大疾病/);
    expect(hits[0]?.statutes).toEqual([{ law: "中华人民共和国民法典", article: 1053 }]);
  });
});
