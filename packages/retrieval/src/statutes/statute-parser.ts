// Parses one law file of the LawRefBook layout (see corpora/laws/法律法规模版.md):
// `# 全称`, optional `# 副标题` (Civil Code books), preamble with dates, `<!-- INFO END -->`,
// `##…` chapter headings, and articles starting `第…条` / `第…条之…`.
import { createHash } from "node:crypto";
import { fail, ok, type Result } from "@mediate/core";
import type { LawLevel, StatuteArticle } from "../types.ts";
import { articleLabel, parseChineseNumeral } from "./chinese-numeral.ts";

export type ParseProblem = { file: string; line: number; message: string };

export type ParsedLaw = {
  source: string;
  law: string;
  /** Second heading, e.g. 婚姻家庭编 for a Civil Code book. */
  subtitle: string | null;
  shortTitle: string;
  level: LawLevel;
  version: string | null;
  fileHash: string;
  articles: Array<StatuteArticle & { contentHash: string; subtitle: string | null }>;
};

const ARTICLE_START = /^第([零〇一二三四五六七八九十百千万两]+)条(?:之([一二三四五六七八九十]+))?(?:[\s\u3000]+|$)/;
const HEADING = /^(#{1,6})\s+(.*?)\s*(?:<!--.*-->)?\s*$/;
const INFO_END = "<!-- INFO END -->";

const FOLDER_LEVELS: Record<string, LawLevel> = {
  司法解释: "judicial-interpretation",
  行政法规: "administrative-regulation",
  部门规章: "departmental-rule",
  地方性法规: "local-regulation",
  宪法: "law",
  宪法相关法: "law",
  民法典: "law",
  民法商法: "law",
  社会法: "law",
  经济法: "law",
  行政法: "law",
  刑法: "law",
  诉讼与非诉讼程序法: "law",
};

/** The folder decides (the corpus is national); a 最高人民法院/检察院 title is a judicial interpretation anywhere. */
export function levelOf(source: string, title: string): LawLevel {
  if (/^最高人民(法院|检察院)/.test(title)) return "judicial-interpretation";
  const folder = source.split("/")[0] ?? "";
  return FOLDER_LEVELS[folder] ?? "other";
}

export function shortTitleOf(title: string): string {
  return title.replace(/^中华人民共和国/, "").trim() || title;
}

const FILE_DATE = /\((\d{4})-(\d{2})-(\d{2})\)\.md$/;
const PREAMBLE_DATE = /(\d{4})年(\d{1,2})月(\d{1,2})日/g;

/** File-name date, else the latest adoption/revision date of the preamble (effective dates, 施行, only as a fallback). */
export function versionOf(source: string, preamble: string[]): string | null {
  const m = FILE_DATE.exec(source);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  const revisions = preamble.filter((l) => !/施行/.test(l));
  return latestDate(revisions.length > 0 ? revisions : preamble) ?? latestDate(preamble);
}

function latestDate(lines: string[]): string | null {
  let latest: string | null = null;
  for (const line of lines) {
    for (const d of line.matchAll(PREAMBLE_DATE)) {
      const iso = `${d[1]}-${(d[2] ?? "").padStart(2, "0")}-${(d[3] ?? "").padStart(2, "0")}`;
      if (latest === null || iso > latest) latest = iso;
    }
  }
  return latest;
}

export const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

const normalizeHeading = (s: string) => s.replace(/[\s\u3000]+/g, " ").trim();

/**
 * Parses one file. `source` is the corpus-relative path (folder decides the level).
 * Fails (with file and line) on: no title, duplicate article number, numbering that goes backwards,
 * no article at all.
 */
export function parseStatuteFile(source: string, content: string): Result<ParsedLaw, ParseProblem> {
  const lines = content.replace(/^\uFEFF/, "").split(/\r?\n/);
  const problem = (line: number, message: string) => fail<ParseProblem>({ file: source, line, message });
  // PostgreSQL text cannot hold NUL: such a file would abort the whole ingest at insert time.
  const nul = lines.findIndex((l) => l.includes("\u0000"));
  if (nul >= 0) return problem(nul + 1, "NUL character in the file (binary or wrongly encoded?)");

  let i = 0;
  // Skip front matter (--- … ---)
  if (lines[0]?.trim() === "---") {
    const end = lines.findIndex((l, idx) => idx > 0 && l.trim() === "---");
    i = end < 0 ? lines.length : end + 1;
  }
  const infoEnd = lines.findIndex((l) => l.trim() === INFO_END);
  const headerEnd = infoEnd < 0 ? lines.length : infoEnd;
  const titles: string[] = [];
  const preamble: string[] = [];
  for (; i < headerEnd; i++) {
    const line = (lines[i] ?? "").trim();
    if (!line) continue;
    const h = HEADING.exec(line);
    if (h && h[1] === "#" && titles.length < 2 && (h[2] ?? "").length > 0) titles.push((h[2] ?? "").trim());
    else if (h && infoEnd < 0) break; // no INFO END: body starts at the first ## heading
    else if (!h) {
      if (ARTICLE_START.test(line) && infoEnd < 0) break;
      preamble.push(line);
    }
  }
  const law = titles[0];
  if (!law) return problem(1, "no `# title` heading before the body");
  const subtitle = titles[1] ?? null;
  const bodyStart = infoEnd < 0 ? i : infoEnd + 1;

  const level = levelOf(source, law);
  const version = versionOf(source, preamble);
  const shortTitle = shortTitleOf(law);
  const chapter: string[] = [];
  const articles: ParsedLaw["articles"] = [];
  const seen = new Map<string, number>();
  let current: { article: number; sub?: number; line: number; path: string[]; paragraphs: string[] } | null = null;
  let lastKey = 0;

  const flush = () => {
    if (!current) return;
    const text = current.paragraphs.join("\n");
    const base = {
      law,
      shortTitle,
      level,
      article: current.article,
      ...(current.sub !== undefined ? { articleSub: current.sub } : {}),
      label: articleLabel(current.article, current.sub),
      chapterPath: current.path,
      text,
      version,
      superseded: false,
      source,
    };
    articles.push({ ...base, subtitle, contentHash: sha256(JSON.stringify([law, subtitle, version, base.label, base.chapterPath, text])) });
    current = null;
  };

  for (let n = bodyStart; n < lines.length; n++) {
    const raw = lines[n] ?? "";
    const line = raw.trim();
    if (!line || /^<!--.*-->$/.test(line)) continue;
    const h = HEADING.exec(line);
    if (h) {
      flush();
      const depth = (h[1] ?? "").length;
      if (depth >= 2) {
        chapter.length = Math.max(0, depth - 2);
        chapter[depth - 2] = normalizeHeading(h[2] ?? "");
        for (let d = 0; d < depth - 2; d++) chapter[d] ??= "";
      }
      continue;
    }
    const m = ARTICLE_START.exec(line);
    if (m) {
      const article = parseChineseNumeral(m[1] ?? "");
      const sub = m[2] ? parseChineseNumeral(m[2]) : undefined;
      if (article === null || article <= 0 || sub === null) return problem(n + 1, `unreadable article number "${m[0].trim()}"`);
      const key = article * 1000 + (sub ?? 0);
      const label = articleLabel(article, sub);
      const dup = seen.get(label);
      if (dup !== undefined) return problem(n + 1, `duplicate article ${label} (first at line ${dup})`);
      if (key < lastKey) return problem(n + 1, `article numbering goes backwards: ${label} after a higher number`);
      flush();
      seen.set(label, n + 1);
      lastKey = key;
      const path = [...(subtitle ? [subtitle] : []), ...chapter.filter((c) => c.length > 0)];
      current = { article, ...(sub !== undefined ? { sub } : {}), line: n + 1, path, paragraphs: [] };
      const rest = line.slice(m[0].length).trim();
      if (rest) current.paragraphs.push(rest);
      continue;
    }
    current?.paragraphs.push(line);
  }
  flush();
  if (articles.length === 0) return problem(bodyStart + 1, "no article (第…条) found");
  return ok({ source, law, subtitle, shortTitle, level, version, fileHash: sha256(content), articles });
}

/** Marks articles of older versions of the same law (same full title and subtitle) as superseded. */
export function markSuperseded(laws: ParsedLaw[]): void {
  const latest = new Map<string, string>();
  const keyOf = (l: ParsedLaw) => `${l.law}\u0000${l.subtitle ?? ""}`;
  for (const l of laws) {
    const prev = latest.get(keyOf(l));
    if (l.version && (!prev || l.version > prev)) latest.set(keyOf(l), l.version);
  }
  for (const l of laws) {
    const newest = latest.get(keyOf(l));
    const superseded = newest !== undefined && (l.version === null || l.version < newest);
    for (const a of l.articles) a.superseded = superseded;
  }
}
