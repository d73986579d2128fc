import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { markSuperseded, parseStatuteFile, type ParsedLaw } from "./statute-parser.ts";

const corpus = process.env.MEDIATE_CORPUS_DIR ?? path.resolve(import.meta.dirname, "../../../../../shared/corpora/laws");
const real = (rel: string) => parseStatuteFile(rel, readFileSync(path.join(corpus, rel), "utf8"));
const ok = (r: ReturnType<typeof parseStatuteFile>): ParsedLaw => {
  if (!r.success) throw new Error(`${r.error.file}:${r.error.line} ${r.error.message}`);
  return r.value;
};

describe("parseStatuteFile on the real corpus", () => {
  it("parses a Civil Code book with its book name in the chapter path and multi-paragraph articles kept whole", () => {
    const law = ok(real("民法典/婚姻家庭编.md"));
    expect(law.law).toBe("中华人民共和国民法典");
    expect(law.shortTitle).toBe("民法典");
    expect(law.level).toBe("law");
    expect(law.subtitle).toBe("婚姻家庭编");
    const a1042 = law.articles.find((a) => a.article === 1042);
    expect(a1042?.label).toBe("第一千零四十二条");
    expect(a1042?.text).toBe("禁止包办、买卖婚姻和其他干涉婚姻自由的行为。禁止借婚姻索取财物。\n禁止重婚。禁止有配偶者与他人同居。\n禁止家庭暴力。禁止家庭成员间的虐待和遗弃。");
    expect(a1042?.chapterPath).toEqual(["婚姻家庭编", "第一章 一般规定"]);
    const a1079 = law.articles.find((a) => a.article === 1079);
    expect(a1079?.chapterPath[1]).toMatch(/^第四章/);
    expect(law.articles[0]?.article).toBe(1040);
  });

  it("reads 第N条之M and the revision date from the preamble", () => {
    const law = ok(real("刑法/刑法.md"));
    const sub = law.articles.find((a) => a.article === 17 && a.articleSub === 1);
    expect(sub?.label).toBe("第十七条之一");
    expect(sub?.text.startsWith("已满七十五周岁的人故意犯罪的")).toBe(true);
    expect(law.version).toMatch(/^20\d\d-\d\d-\d\d$/);
  });

  it("takes the version from the file name and marks older versions superseded", () => {
    const files = [
      "司法解释/最高人民法院关于审理人身损害赔偿案件适用法律若干问题的解释(2020-12-29).md",
      "司法解释/最高人民法院关于审理人身损害赔偿案件适用法律若干问题的解释(2022-04-24).md",
    ];
    const laws = files.map((f) => ok(real(f)));
    expect(laws.map((l) => l.version)).toEqual(["2020-12-29", "2022-04-24"]);
    expect(laws[0]?.level).toBe("judicial-interpretation");
    markSuperseded(laws);
    expect(laws[0]?.articles.every((a) => a.superseded)).toBe(true);
    expect(laws[1]?.articles.some((a) => a.superseded)).toBe(false);
  });

  it("levels from the folder", () => {
    expect(ok(real("诉讼与非诉讼程序法/人民调解法(2010-08-28).md")).level).toBe("law");
    const file = readFileSync(path.join(corpus, "行政法规/城市市容和环境卫生管理条例(2017-03-01).md"), "utf8");
    expect(ok(parseStatuteFile("行政法规/城市市容和环境卫生管理条例(2017-03-01).md", file)).level).toBe("administrative-regulation");
  });
});

describe("parseStatuteFile on broken files", () => {
  const body = "<!-- INFO END -->\n\n## 第一章 总则\n\n第一条 甲。\n\n第二条 乙。\n";
  it("parses a well-formed synthetic file", () => {
    const law = ok(parseStatuteFile("行政法规/x.md", `# 测试条例\n\n2020年1月2日 通过\n\n${body}`));
    expect(law.articles.map((a) => a.article)).toEqual([1, 2]);
    expect(law.version).toBe("2020-01-02");
  });
  it("reports a missing title with file and line", () => {
    const r = parseStatuteFile("行政法规/untitled.md", `2020年1月2日 通过\n\n${body}`);
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error).toMatchObject({ file: "行政法规/untitled.md", line: 1, message: expect.stringMatching(/title/) });
  });
  it("reports a duplicate article number at its line", () => {
    const r = parseStatuteFile("a.md", "# 测试法\n\n<!-- INFO END -->\n\n第一条 甲。\n\n第二条 乙。\n\n第二条 丙。\n");
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error).toMatchObject({ line: 9, message: expect.stringMatching(/duplicate article 第二条/) });
  });
  it("reports numbering that goes backwards", () => {
    const r = parseStatuteFile("a.md", "# 测试法\n\n<!-- INFO END -->\n\n第三条 甲。\n\n第二条 乙。\n");
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error).toMatchObject({ line: 7, message: expect.stringMatching(/backwards/) });
  });
  it("reports an unreadable article number", () => {
    const r = parseStatuteFile("a.md", "# 测试法\n\n<!-- INFO END -->\n\n第一条 甲。\n\n第十十条 乙。\n");
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.line).toBe(7);
  });
  it("reports a file without articles", () => {
    expect(parseStatuteFile("a.md", "# 决定\n\n<!-- INFO END -->\n\n一、某事。\n").success).toBe(false);
  });
});

describe("Civil Code books", () => {
  it("share one version and none supersedes another", () => {
    const books = ["婚姻家庭编", "继承编", "总则", "合同编"].map((b) => ok(real(`民法典/${b}.md`)));
    expect(new Set(books.map((b) => b.version))).toEqual(new Set(["2020-05-28"]));
    markSuperseded(books);
    expect(books.flatMap((b) => b.articles).some((a) => a.superseded)).toBe(false);
  });
});

describe("law titles", () => {
  it("keeps the corpus heading exactly, inner spacing included", () => {
    const source = "司法解释/最高人民法院  最高人民检察院关于办理强奸、猥亵未成年人刑事案件适用法律若干问题的解释(2023-05-24).md";
    const result = parseStatuteFile(source, readFileSync(path.join(corpus, source), "utf8"));
    if (!result.success) throw new Error(result.error.message);
    expect(result.value.law).toBe("最高人民法院  最高人民检察院关于办理强奸、猥亵未成年人刑事案件适用法律若干问题的解释");
  });
});
