// Property tests of the statute parser on randomly broken law files: missing title,
// shuffled / duplicated / skipped article numbers, random garbage lines (any Unicode,
// control characters, lone surrogates), huge lines. The expected outcome is computed from
// the generated model of the file, so the parser is checked against an oracle:
//   - it never throws;
//   - a broken file is reported with its file name and the exact line of the first problem;
//   - a valid file yields exactly its articles, in order, with their text (garbage lines
//     inside an article belong to it — the parser cannot know better);
// and ingest over a corpus mixing broken and valid files keeps every valid file's articles
// and reports every broken one with file and line.
import fc from "fast-check";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestStatutes } from "../../src/ingest/ingest-statutes.ts";
import { articleLabel } from "../../src/statutes/chinese-numeral.ts";
import { parseStatuteFile } from "../../src/statutes/statute-parser.ts";
import { openStore } from "../../src/store/sql-store.ts";
import type { Store } from "../../src/store/types.ts";
import { createHashEmbeddings } from "../hash-embeddings.ts";

type Article = { article: number; sub?: number; paragraphs: string[] };
type LawModel = {
  title: string | null;
  preamble: string[];
  infoEnd: boolean;
  /** Garbage between INFO END and the first article: ignored by the parser. */
  lead: string[];
  chapters: Array<{ heading: string; articles: Article[] }>;
};

// Garbage starts with a fixed character so that it can never read as a heading, an article
// start or a comment; everything after it is arbitrary (line breaks removed: one line each).
const garbageLineOf = (hugeLines: boolean) =>
  fc
    .oneof(
      fc.string({ unit: "binary", maxLength: 80 }),
      fc.string({ unit: "grapheme", maxLength: 40 }),
      fc.constantFrom("第", "条", "第十条", "# 标题", "<!-- INFO END -->", "\u0000", "\ufeff", "\u3000", "\ud800"),
      fc.constantFrom(...(hugeLines ? [200_000, 1_000_000] : [2_000])).map((n) => "长".repeat(n)),
    )
    .map((s) => `注${s.replace(/[\r\n]/g, " ")}`);

function lawModelOf(hugeLines: boolean): fc.Arbitrary<LawModel> {
const garbageLine = garbageLineOf(hugeLines);
const paragraph = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("当事人应当遵守法律。", "调解协议具有法律约束力。", "（一）工资；", "（二）补偿金。") },
  { weight: 1, arbitrary: garbageLine },
);

const article = (n: number): fc.Arbitrary<Article> =>
  fc.record({ sub: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined, freq: 8 }), paragraphs: fc.array(paragraph, { minLength: 1, maxLength: 3 }) }).map(({ sub, paragraphs }) => ({
    article: n,
    ...(sub !== undefined ? { sub } : {}),
    paragraphs,
  }));

/** Increasing numbers with gaps (skipped numbers are legal), then optional damage. */
const articleList = fc
  .array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 12 })
  .map((steps) => {
    let n = 0;
    return steps.map((s) => (n += s));
  })
  .chain((nums) => fc.tuple(...nums.map((n) => article(n))))
  .chain((articles) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constant(articles as Article[]) },
      { weight: 1, arbitrary: fc.shuffledSubarray(articles, { minLength: articles.length, maxLength: articles.length }) },
      {
        weight: 1,
        arbitrary: fc.integer({ min: 0, max: articles.length - 1 }).chain((i) =>
          fc.integer({ min: 0, max: articles.length }).map((at) => {
            const copy = [...articles];
            copy.splice(at, 0, { ...articles[i]!, paragraphs: ["重复的条文。"] });
            return copy;
          }),
        ),
      },
    ),
  );

return fc.record({
  title: fc.option(fc.constantFrom("中华人民共和国测试法", "测试条例", "最高人民法院关于测试的解释"), { nil: null, freq: 6 }),
  preamble: fc.array(fc.oneof(fc.constantFrom("2020年1月2日 通过", "2023年12月29日 修正"), garbageLine), { maxLength: 3 }),
  infoEnd: fc.boolean(),
  lead: fc.array(garbageLine, { maxLength: 2 }),
  chapters: articleList.chain((articles) =>
    fc.integer({ min: 1, max: 3 }).map((parts) => {
      const size = Math.ceil(articles.length / parts);
      const out: LawModel["chapters"] = [];
      for (let i = 0; i < articles.length; i += size) out.push({ heading: `第${out.length + 1}章 测试`, articles: articles.slice(i, i + size) });
      return out;
    }),
  ),
});
}
const lawModel = lawModelOf(true);

/** Renders the model; returns the file and the 1-based line of each article start. */
function render(m: LawModel): { content: string; lineOf: number[] } {
  const lines: string[] = [];
  const lineOf: number[] = [];
  if (m.title) lines.push(`# ${m.title}`, "");
  for (const p of m.preamble) lines.push(p, "");
  // Without INFO END the header ends at the first ## heading; lead garbage then sits in the body.
  if (m.infoEnd) lines.push("<!-- INFO END -->", "");
  for (const g of m.lead) lines.push(g, "");
  for (const ch of m.chapters) {
    lines.push(`## ${ch.heading}`, "");
    for (const a of ch.articles) {
      lineOf.push(lines.length + 1);
      lines.push(`${articleLabel(a.article, a.sub)} ${a.paragraphs[0]}`);
      for (const p of a.paragraphs.slice(1)) lines.push(p);
      lines.push("");
    }
  }
  return { content: lines.join("\n"), lineOf };
}

type Expected = { ok: true; articles: Array<{ article: number; articleSub?: number; text: string }> } | { ok: false; line: number; message: RegExp };

function expectedOf(m: LawModel, lineOf: number[], content: string): Expected {
  const articles = m.chapters.flatMap((c) => c.articles);
  const nul = content.split(/\r?\n/).findIndex((l) => l.includes("\u0000"));
  if (nul >= 0) return { ok: false, line: nul + 1, message: /NUL/ };
  if (!m.title) {
    // Without a title the preamble garbage may be read as the body start; only "no title" matters.
    return { ok: false, line: 1, message: /title/ };
  }
  const seen = new Set<number>();
  let last = 0;
  for (const [i, a] of articles.entries()) {
    const key = a.article * 1000 + (a.sub ?? 0);
    if (seen.has(key)) return { ok: false, line: lineOf[i]!, message: /duplicate article/ };
    if (key < last) return { ok: false, line: lineOf[i]!, message: /backwards/ };
    seen.add(key);
    last = key;
  }
  return {
    ok: true,
    articles: articles.map((a) => ({
      article: a.article,
      ...(a.sub !== undefined ? { articleSub: a.sub } : {}),
      text: a.paragraphs.map((p) => p.trim()).filter(Boolean).join("\n"),
    })),
  };
}

describe("parseStatuteFile on randomly broken files", () => {
  it("never throws; reports the first problem with file and exact line; keeps every article of a valid file", () => {
    fc.assert(
      fc.property(lawModel, fc.constantFrom("行政法规/测试.md", "司法解释/测试(2020-01-02).md", "x.md"), (model, source) => {
        const { content, lineOf } = render(model);
        const started = performance.now();
        const result = parseStatuteFile(source, content);
        expect(performance.now() - started).toBeLessThan(3_000);
        const expected = expectedOf(model, lineOf, content);
        if (!expected.ok) {
          expect(result.success).toBe(false);
          if (result.success) return;
          expect(result.error.file).toBe(source);
          expect(result.error.message).toMatch(expected.message);
          if (model.title || /NUL/.test(result.error.message)) expect(result.error.line).toBe(expected.line);
          else expect(result.error.line).toBeGreaterThanOrEqual(1);
          return;
        }
        if (!result.success) throw new Error(`valid file rejected: ${result.error.file}:${result.error.line} ${result.error.message}`);
        expect(result.value.law).toBe(model.title);
        expect(result.value.articles.map((a) => ({ article: a.article, ...(a.articleSub !== undefined ? { articleSub: a.articleSub } : {}), text: a.text }))).toEqual(expected.articles);
      }),
      { numRuns: 300, interruptAfterTimeLimit: 15_000, markInterruptAsFailure: false },
    );
  });

  it("arbitrary bytes, CRLF, BOM and front matter never make it throw", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: "binary", maxLength: 2_000 }), fc.array(fc.constantFrom("# 法", "---", "<!-- INFO END -->", "第一条 甲", "第一条之一 乙", "第零条 丙", "第十十条", "## 章", "\r", "\ufeff", ""), { maxLength: 40 }).map((l) => l.join("\n"))),
        (content) => {
          const r = parseStatuteFile("f.md", content);
          if (!r.success) {
            expect(r.error.file).toBe("f.md");
            expect(r.error.line).toBeGreaterThanOrEqual(1);
            expect(r.error.line).toBeLessThanOrEqual(content.split(/\r?\n/).length + 1);
          } else {
            for (const a of r.value.articles) expect(a.article).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe("ingest over a corpus mixing broken and valid files", () => {
  let root: string;
  let store: Store;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "mediate-parser-fuzz-"));
    store = await openStore({ dimensions: 32, embeddingModel: "test-hash-32" });
  });
  afterAll(async () => {
    await store?.close();
    await rm(root, { recursive: true, force: true });
  });

  it("keeps every valid file's articles and reports every broken file with file and line", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(lawModelOf(false), { minLength: 1, maxLength: 4 }), async (models) => {
        const dir = path.join(root, `c${run++}`);
        await mkdir(path.join(dir, "行政法规"), { recursive: true });
        const expectations = new Map<string, Expected>();
        for (const [i, m] of models.entries()) {
          // Distinct titles: the same title in two files would be two versions of one law.
          const model = m.title ? { ...m, title: `${m.title}${i}` } : m;
          const { content, lineOf } = render(model);
          const file = `行政法规/f${i}.md`;
          await writeFile(path.join(dir, file), content);
          expectations.set(file, expectedOf(model, lineOf, content));
        }
        // One store for all runs: each ingest replaces the previous corpus (removed files are deleted).
        try {
          const report = await ingestStatutes({ store, embeddings: createHashEmbeddings(), corpusDir: dir });
          for (const [file, exp] of expectations) {
            const problem = report.skipped.find((s) => s.file === file);
            const stored = await store.listArticlesBySource(file);
            if (exp.ok) {
              expect(problem).toBeUndefined();
              // The file went through UTF-8 on disk: lone surrogates came back as U+FFFD.
              const utf8 = (t: string) => Buffer.from(t, "utf8").toString("utf8");
              expect(stored.map((a) => a.text).sort()).toEqual(exp.articles.map((a) => utf8(a.text)).sort());
            } else {
              expect(problem).toBeDefined();
              expect(problem!.message).toMatch(exp.message);
              expect(stored).toEqual([]);
            }
          }
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 15 },
    );
  });
});
