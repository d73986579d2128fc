// `mediate search statutes|cases "QUERY" [--k N] [--json] [--mode hybrid|lexical|vector]`
// and `--jsonl` (reads {"id","query"} per line from stdin or a file, writes one result line
// per input line, in order, as each is ready).
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import type { Readable, Writable } from "node:stream";
import { isMediateError, MediateError } from "@mediate/core";
import type { LawLevel, Retrieval, StatuteSearchMode } from "../types.ts";

export const SEARCH_USAGE = `用法 / usage:
  mediate search statutes "问题" [--k N] [--json] [--mode hybrid|lexical|vector]
                                [--level law,administrative-regulation,judicial-interpretation,departmental-rule]
                                [--type 纠纷类型代码] [--all-versions]
  mediate search cases "问题" [--k N] [--json] [--type 纠纷类型代码]
  mediate search statutes|cases --jsonl [FILE]   每行 {"id","query"}，输出每行 {"id","results":[…]}
环境变量：MEDIATE_DATABASE_URL 或 MEDIATE_DATA_DIR；MEDIATE_EMBEDDINGS=offline|openai|ollama`;

export type SearchIo = {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** Opens the retrieval lazily (tests pass their own). */
  openRetrieval: () => Promise<Retrieval>;
};

const LEVELS: LawLevel[] = ["law", "administrative-regulation", "judicial-interpretation", "departmental-rule", "local-regulation", "other"];

type Parsed = {
  target: "statutes" | "cases";
  query?: string;
  k?: number;
  json: boolean;
  jsonl: boolean;
  file?: string;
  mode?: StatuteSearchMode;
  levels?: LawLevel[];
  typeCode?: string;
  currentOnly: boolean;
};

function usageError(message: string): MediateError {
  return new MediateError("invalid_input", message, { details: { usage: true } });
}

export function parseSearchArgs(args: string[]): Parsed {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      k: { type: "string" },
      json: { type: "boolean", default: false },
      jsonl: { type: "boolean", default: false },
      mode: { type: "string" },
      level: { type: "string" },
      type: { type: "string" },
      "all-versions": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) throw usageError("help");
  const [target, ...rest] = positionals;
  if (target !== "statutes" && target !== "cases") throw usageError(`请指定检索对象 statutes 或 cases（收到 ${target ?? "空"}）`);
  let k: number | undefined;
  if (values.k !== undefined) {
    k = Number(values.k);
    if (!Number.isInteger(k)) throw usageError(`--k 必须是整数（收到 ${values.k}）`);
  }
  const mode = values.mode as StatuteSearchMode | undefined;
  if (mode !== undefined && !["hybrid", "lexical", "vector"].includes(mode)) {
    throw usageError(`--mode 必须是 hybrid、lexical 或 vector（收到 ${mode}）`);
  }
  const levels = values.level?.split(",").map((s) => s.trim()).filter(Boolean) as LawLevel[] | undefined;
  const badLevel = levels?.find((l) => !LEVELS.includes(l));
  if (badLevel) throw usageError(`--level 不认识的效力级别：${badLevel}`);
  const parsed: Parsed = { target, json: values.json, jsonl: values.jsonl, currentOnly: !values["all-versions"] };
  if (values.jsonl) {
    if (rest.length > 1) throw usageError("--jsonl 最多接受一个输入文件");
    if (rest[0]) parsed.file = rest[0];
  } else {
    const query = rest.join(" ").trim();
    if (!query) throw usageError("请提供要检索的问题");
    parsed.query = query;
  }
  if (k !== undefined) parsed.k = k;
  if (mode) parsed.mode = mode;
  if (levels?.length) parsed.levels = levels;
  if (values.type) parsed.typeCode = values.type;
  return parsed;
}

type ResultRow = { law: string; article: number; text: string; score: number };

async function searchRows(retrieval: Retrieval, p: Parsed, query: string): Promise<Array<ResultRow & Record<string, unknown>>> {
  if (p.target === "cases") {
    const hits = await retrieval.searchCases(query, { ...(p.k !== undefined ? { k: p.k } : {}), ...(p.typeCode ? { typeCode: p.typeCode } : {}) });
    return hits.map((h) => ({ ...h, law: "", article: 0, text: h.narrative }));
  }
  const hits = await retrieval.searchStatutes(query, {
    ...(p.k !== undefined ? { k: p.k } : {}),
    ...(p.mode ? { mode: p.mode } : {}),
    ...(p.levels ? { levels: p.levels } : {}),
    ...(p.typeCode ? { typeCode: p.typeCode } : {}),
    currentOnly: p.currentOnly,
  });
  return hits.map((h) => ({ ...h }));
}

const errorJson = (e: unknown) =>
  isMediateError(e) ? { code: e.code, message: e.message } : { code: "internal", message: e instanceof Error ? e.message : String(e) };

async function runJsonl(retrieval: Retrieval, p: Parsed, io: SearchIo): Promise<void> {
  const input = p.file ? createReadStream(p.file, "utf8") : io.stdin;
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (!line.trim()) continue;
    let id: unknown = null;
    let out: Record<string, unknown>;
    try {
      let obj: unknown;
      try {
        obj = JSON.parse(line);
      } catch (cause) {
        throw new MediateError("invalid_json", `第 ${lineNo} 行不是合法的 JSON`, { cause, details: { line: lineNo } });
      }
      if (typeof obj !== "object" || obj === null || Array.isArray(obj)) {
        throw new MediateError("invalid_input", `第 ${lineNo} 行应为 {"id","query"} 对象`, { details: { line: lineNo } });
      }
      id = (obj as { id?: unknown }).id ?? null;
      const query = (obj as { query?: unknown }).query;
      if (typeof query !== "string") {
        throw new MediateError("invalid_input", `第 ${lineNo} 行缺少字符串字段 query`, { details: { line: lineNo } });
      }
      const rows = await searchRows(retrieval, p, query);
      out = {
        id,
        results: rows.map((r) =>
          p.target === "cases"
            ? { id: r.id, title: r.title, typeCode: r.typeCode, text: r.text, score: r.score }
            : { law: r.law, article: r.article, text: r.text, score: r.score },
        ),
      };
    } catch (e) {
      // Infrastructure failures end the run; a bad line only fails that line.
      if (isMediateError(e) && !["invalid_input", "invalid_json", "empty_text", "text_too_long"].includes(e.code)) throw e;
      if (!isMediateError(e)) throw e;
      out = { id, error: errorJson(e) };
    }
    await write(io.stdout, JSON.stringify(out) + "\n");
  }
}

function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => stream.write(text, (err) => (err ? reject(err) : resolve())));
}

function human(p: Parsed, query: string, rows: Array<ResultRow & Record<string, unknown>>): string {
  if (rows.length === 0) return `没有找到与“${query}”相关的${p.target === "cases" ? "案例" : "法条"}。\n`;
  const out: string[] = [`与“${query}”最相关的${p.target === "cases" ? "案例" : "法条"}（共 ${rows.length} 条）：`, ""];
  rows.forEach((r, i) => {
    if (p.target === "cases") {
      out.push(`${i + 1}. ${String(r.title)}（相关度 ${r.score.toFixed(4)}）`, `   ${r.text}`, `   处理方案：${String(r.plan ?? "")}`, "");
    } else {
      const chapter = Array.isArray(r.chapterPath) && r.chapterPath.length ? `（${(r.chapterPath as string[]).join(" · ")}）` : "";
      out.push(`${i + 1}. ${r.law} ${String(r.label)}${chapter}  相关度 ${r.score.toFixed(4)}`);
      out.push(...r.text.split("\n").map((l) => `   ${l}`), "");
    }
  });
  return out.join("\n");
}

export async function runSearch(args: string[], io: SearchIo): Promise<number> {
  let p: Parsed;
  try {
    p = parseSearchArgs(args);
  } catch (e) {
    const help = isMediateError(e) && e.message === "help";
    if (!help) await write(io.stderr, `错误：${e instanceof Error ? e.message : String(e)}\n`);
    await write(help ? io.stdout : io.stderr, SEARCH_USAGE + "\n");
    return help ? 0 : 2;
  }
  let retrieval: Retrieval | undefined;
  try {
    retrieval = await io.openRetrieval();
    if (p.jsonl) {
      await runJsonl(retrieval, p, io);
      return 0;
    }
    const query = p.query ?? "";
    const rows = await searchRows(retrieval, p, query);
    await write(io.stdout, p.json ? JSON.stringify({ query, results: rows }, null, 2) + "\n" : human(p, query, rows));
    return 0;
  } catch (e) {
    await write(io.stderr, `错误：${e instanceof Error ? e.message : String(e)}\n`);
    return isMediateError(e) && e.status === 400 ? 2 : 1;
  } finally {
    await retrieval?.close();
  }
}

export async function run(args: string[]): Promise<number> {
  const { openRetrievalFromEnv } = await import("../search/open-retrieval.ts");
  return runSearch(args, {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    openRetrieval: () => openRetrievalFromEnv(process.env),
  });
}
