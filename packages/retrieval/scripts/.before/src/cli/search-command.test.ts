import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { MediateError } from "@mediate/core";
import type { Retrieval, StatuteHit, StatuteSearchOptions } from "../types.ts";
import { parseSearchArgs, runSearch } from "./search-command.ts";

const article = (law: string, article: number, text: string): StatuteHit => ({
  law,
  shortTitle: law.replace(/^中华人民共和国/, ""),
  level: "law",
  article,
  label: `第${article}条`,
  chapterPath: ["第一章 总则"],
  text,
  version: null,
  superseded: false,
  source: "x.md",
  score: 0.5,
});

/** A retrieval that answers after a delay depending on the query, to prove output order is input order. */
function fakeRetrieval(calls: Array<{ query: string; options?: StatuteSearchOptions }> = []): Retrieval {
  return {
    async searchStatutes(query, options) {
      calls.push({ query, ...(options ? { options } : {}) });
      if (!query.trim()) throw new MediateError("invalid_input", "查询内容不能为空");
      if (options?.k !== undefined && (options.k < 1 || options.k > 50)) throw new MediateError("invalid_input", "k 超出范围");
      if (query === "数据库挂了") throw new MediateError("database_unavailable", "数据库连接失败");
      await new Promise((r) => setTimeout(r, query.length % 3 === 0 ? 30 : 1));
      return [article("中华人民共和国劳动合同法", 30, `关于${query}的条文`)];
    },
    getArticle: async () => null,
    async searchCases(query) {
      return [{ id: "c1", title: "欠薪案", typeCode: "labor", narrative: `${query}的案情`, points: [], plan: "支付工资", outcome: "调解成功", statutes: [], source: "demo", score: 0.3 }];
    },
    stats: async () => ({ articles: 1, cases: 1, embeddingModel: "fake" }),
    close: async () => {},
  };
}

async function runCli(args: string[], stdinText = "", retrieval = fakeRetrieval()) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => (out += c.toString()));
  stderr.on("data", (c: Buffer) => (err += c.toString()));
  const code = await runSearch(args, { stdin: Readable.from([stdinText]), stdout, stderr, openRetrieval: async () => retrieval });
  return { code, out, err };
}

describe("mediate search", () => {
  it("parses its arguments", () => {
    expect(parseSearchArgs(["statutes", "老板", "拖欠工资", "--k", "5", "--mode", "lexical"])).toMatchObject({
      target: "statutes", query: "老板 拖欠工资", k: 5, mode: "lexical", currentOnly: true,
    });
    expect(() => parseSearchArgs(["laws", "x"])).toThrow(/statutes 或 cases/);
    expect(() => parseSearchArgs(["statutes", "x", "--mode", "magic"])).toThrow(/--mode/);
    expect(() => parseSearchArgs(["statutes", "x", "--level", "law,bogus"])).toThrow(/bogus/);
    expect(() => parseSearchArgs(["statutes"])).toThrow(/请提供/);
  });

  it("prints Chinese results for people and JSON for programs", async () => {
    const human = await runCli(["statutes", "拖欠工资"]);
    expect(human.code).toBe(0);
    expect(human.out).toContain("中华人民共和国劳动合同法 第30条");
    expect(human.out).toContain("关于拖欠工资的条文");
    const json = await runCli(["statutes", "拖欠工资", "--json"]);
    expect(JSON.parse(json.out)).toMatchObject({ query: "拖欠工资", results: [{ law: "中华人民共和国劳动合同法", article: 30 }] });
  });

  it("passes k, mode, levels, type and version options through", async () => {
    const calls: Array<{ query: string; options?: StatuteSearchOptions }> = [];
    await runCli(["statutes", "工资", "--k", "3", "--mode", "vector", "--level", "law", "--type", "labor", "--all-versions"], "", fakeRetrieval(calls));
    expect(calls[0]!.options).toEqual({ k: 3, mode: "vector", levels: ["law"], typeCode: "labor", currentOnly: false });
  });

  it("exits 2 with usage on bad arguments and on k out of range", async () => {
    const bad = await runCli(["statutes"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("用法");
    const k = await runCli(["statutes", "工资", "--k", "99"]);
    expect(k.code).toBe(2);
    expect(k.err).toContain("k 超出范围");
  });

  it("streams --jsonl in input order, one line per input, bad lines as errors", async () => {
    const input = [
      JSON.stringify({ id: "a", query: "拖欠工资了" }),
      "{not json",
      JSON.stringify({ id: "b", query: "" }),
      JSON.stringify({ id: "c" }),
      "",
      JSON.stringify({ id: 4, query: "借钱" }),
      JSON.stringify(["array"]),
    ].join("\n");
    const { code, out } = await runCli(["statutes", "--jsonl"], input);
    expect(code).toBe(0);
    const lines = out.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(["a", null, "b", "c", 4, null]);
    expect(lines[0].results).toEqual([{ law: "中华人民共和国劳动合同法", article: 30, text: "关于拖欠工资了的条文", score: 0.5 }]);
    expect(lines[1].error.code).toBe("invalid_json");
    expect(lines[2].error).toEqual({ code: "invalid_input", message: "查询内容不能为空" });
    expect(lines[3].error.message).toContain("query");
    expect(lines[4].results[0].article).toBe(30);
    expect(lines[5].error.code).toBe("invalid_input");
  });

  it("stops --jsonl with exit 1 when the store itself fails", async () => {
    const input = [JSON.stringify({ id: "a", query: "工资" }), JSON.stringify({ id: "b", query: "数据库挂了" })].join("\n");
    const { code, out, err } = await runCli(["statutes", "--jsonl"], input);
    expect(code).toBe(1);
    expect(out.trim().split("\n")).toHaveLength(1);
    expect(err).toContain("数据库连接失败");
  });

  it("searches cases", async () => {
    const { code, out } = await runCli(["cases", "欠薪"]);
    expect(code).toBe(0);
    expect(out).toContain("欠薪案");
    const jsonl = await runCli(["cases", "--jsonl"], JSON.stringify({ id: "x", query: "欠薪" }));
    expect(JSON.parse(jsonl.out)).toMatchObject({ id: "x", results: [{ id: "c1", title: "欠薪案" }] });
  });
});
