import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openStore } from "../store/sql-store.ts";
import { run } from "./ingest-command.ts";

const shared = process.env.MEDIATE_CORPUS_DIR ?? path.resolve(import.meta.dirname, "../../../../../shared/corpora/laws");

describe("mediate ingest", () => {
  let dir: string;
  const saved = { ...process.env };
  let stdout: string[];
  let stderr: string[];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "mediate-cli-"));
    const corpus = path.join(dir, "laws");
    await mkdir(path.join(corpus, "诉讼与非诉讼程序法"), { recursive: true });
    await cp(path.join(shared, "诉讼与非诉讼程序法/人民调解法(2010-08-28).md"), path.join(corpus, "诉讼与非诉讼程序法/人民调解法(2010-08-28).md"));
    await writeFile(path.join(corpus, "诉讼与非诉讼程序法/broken.md"), "no title\n\n第一条 甲。\n");
    process.env.MEDIATE_DATA_DIR = path.join(dir, "db");
    process.env.MEDIATE_EMBEDDINGS = "offline";
    process.env.MEDIATE_EMBEDDINGS_DIMENSIONS = "64";
    delete process.env.MEDIATE_DATABASE_URL;
    vi.spyOn(process.stdout, "write").mockImplementation((s) => (stdout.push(String(s)), true));
    vi.spyOn(process.stderr, "write").mockImplementation((s) => (stderr.push(String(s)), true));
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    process.env = saved;
    await rm(dir, { recursive: true, force: true });
  });
  const reset = () => {
    stdout = [];
    stderr = [];
  };

  it("prints usage and exits 2 on missing or unknown arguments", async () => {
    reset();
    expect(await run([])).toBe(2);
    expect(stderr.join("")).toMatch(/mediate ingest statutes/);
    expect(await run(["cases"])).toBe(2);
    expect(await run(["nonsense"])).toBe(2);
    expect(await run(["--help"])).toBe(0);
  });

  it("ingests statutes, reports the malformed file, then cases; a missing corpus is exit 2", async () => {
    reset();
    expect(await run(["statutes", path.join(dir, "laws"), "--quiet"])).toBe(0);
    expect(stderr.join("")).toMatch(/跳过 诉讼与非诉讼程序法\/broken\.md:1: no `# title`/);
    expect(stdout.join("")).toMatch(/库中共 35 条法条/);
    const cases = path.join(dir, "cases.jsonl");
    await writeFile(
      cases,
      `${JSON.stringify({ id: "x1", title: "t", typeCode: "labor", narrative: "老板拖欠工资三个月了。", statutes: [{ law: "中华人民共和国人民调解法", article: 33 }] })}\nnot json\n`,
    );
    reset();
    expect(await run(["cases", cases])).toBe(0);
    expect(stderr.join("")).toMatch(/第 2 行无效/);
    expect(stdout.join("")).toMatch(/导入案例 1 件/);
    reset();
    expect(await run(["statutes", path.join(dir, "missing"), "--quiet"])).toBe(2);
    expect(stderr.join("")).toMatch(/corpus_not_found/);

    const store = await openStore({ dataDir: path.join(dir, "db"), dimensions: 64, embeddingModel: "mediate-offline-hash-v1-64" });
    expect((await store.getArticle("人民调解法", 33))?.text).toMatch(/司法确认|申请司法确认|人民法院/);
    expect((await store.stats()).cases).toBe(1);
    await store.close();
  });
});
