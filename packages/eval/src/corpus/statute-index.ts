import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { MediateError } from "@mediate/core";
import { parseChineseNumber } from "./chinese-number.ts";

/** Law title + article (+ 之N sub-number) → every text the corpus holds for it (one per version). */
export type StatuteIndex = {
  /** Full titles (first `# ` heading) found in the corpus. */
  titles: Set<string>;
  has(law: string, article: number, articleSub?: number): boolean;
  texts(law: string, article: number, articleSub?: number): string[];
  /** Number of (law, article) keys. */
  size: number;
};

const ARTICLE_LINE = /^第([零〇一二两三四五六七八九十百千]+)条(?:之([一二三四五六七八九十]+))?(?:\s+|$)/;

/** Some corpus headings carry doubled spaces (最高人民法院  最高人民检察院…); spacing is not part of a title. */
export const normalizeLawTitle = (law: string): string => law.replace(/\s+/gu, " ").trim();

export const articleKey = (law: string, article: number, articleSub?: number): string =>
  `${normalizeLawTitle(law)}#${article}${articleSub ? `-${articleSub}` : ""}`;

/** Whitespace is layout, not wording: compare article texts with it removed. */
export const normalizeArticleText = (text: string): string => text.replace(/\s+/gu, "");

export type ParsedArticle = { law: string; article: number; articleSub?: number; text: string };

/** Parses one corpus markdown file: title = first `# ` heading, articles start with `第…条`. */
export function parseStatuteMarkdown(markdown: string): ParsedArticle[] {
  const lines = markdown.split(/\r?\n/);
  let law: string | null = null;
  let inBody = !markdown.includes("<!-- INFO END -->");
  const out: ParsedArticle[] = [];
  let current: { article: number; articleSub?: number; lines: string[] } | null = null;
  const flush = () => {
    if (current && law) {
      const text = current.lines.join("\n").trim();
      out.push({ law, article: current.article, ...(current.articleSub ? { articleSub: current.articleSub } : {}), text });
    }
    current = null;
  };
  for (const raw of lines) {
    const line = raw.trim();
    if (law === null) {
      const m = /^#\s+(.+?)\s*(?:<!--.*-->)?$/.exec(line);
      if (m?.[1]) law = m[1].trim();
      continue;
    }
    if (!inBody) {
      if (line.includes("<!-- INFO END -->")) inBody = true;
      continue;
    }
    if (line.startsWith("#")) {
      flush();
      continue;
    }
    const m = ARTICLE_LINE.exec(line);
    const num = m?.[1] ? parseChineseNumber(m[1]) : null;
    if (m && num !== null && num > 0) {
      flush();
      const sub = m[2] ? parseChineseNumber(m[2]) ?? undefined : undefined;
      current = { article: num, ...(sub ? { articleSub: sub } : {}), lines: [line] };
      continue;
    }
    if (current && line.length > 0) current.lines.push(line);
  }
  flush();
  return out;
}

async function listMarkdown(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".md") && e.name !== "_index.md" && e.name !== "法律法规模版.md")
    .map((e) => path.join(e.parentPath, e.name))
    .filter((file) => !file.split(path.sep).includes("案例"));
}

export function buildStatuteIndex(articles: Iterable<ParsedArticle>): StatuteIndex {
  const map = new Map<string, string[]>();
  const titles = new Set<string>();
  for (const a of articles) {
    titles.add(normalizeLawTitle(a.law));
    const key = articleKey(a.law, a.article, a.articleSub);
    const list = map.get(key);
    if (list) list.push(a.text);
    else map.set(key, [a.text]);
  }
  return {
    titles,
    size: map.size,
    has: (law, article, sub) => map.has(articleKey(law, article, sub)),
    texts: (law, article, sub) => map.get(articleKey(law, article, sub)) ?? [],
  };
}

const cache = new Map<string, Promise<StatuteIndex>>();

/** Reads every law file under `corpusDir` once per process. */
export function loadStatuteIndex(corpusDir: string): Promise<StatuteIndex> {
  const dir = path.resolve(corpusDir);
  let pending = cache.get(dir);
  if (!pending) {
    pending = (async () => {
      let files: string[];
      try {
        files = await listMarkdown(dir);
      } catch (cause) {
        throw new MediateError("corpus_not_found", `statute corpus not found at ${dir} (set MEDIATE_CORPUS_DIR)`, { cause });
      }
      const all: ParsedArticle[] = [];
      for (const file of files) all.push(...parseStatuteMarkdown(await readFile(file, "utf8")));
      return buildStatuteIndex(all);
    })();
    cache.set(dir, pending);
    pending.catch(() => cache.delete(dir));
  }
  return pending;
}
