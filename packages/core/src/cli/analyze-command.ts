// `mediate analyze`: one narrative from stdin or --file → the CaseAnalysis JSON; with
// --jsonl, one {"id","text","schema"?} object per line → one result line each, in order.
import { createReadStream } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import type { Readable, Writable } from "node:stream";
import { analyzeCase } from "../analyze/analyze-case.ts";
import { isMediateError, MediateError } from "../errors/mediate-error.ts";
import { MAX_TEXT_LENGTH } from "../schema/case-analysis.ts";
import { ELEMENT_SCHEMAS, type ElementSchema } from "../schema/codes.ts";

export type CliIo = { stdin: Readable; stdout: Writable; stderr: Writable };

export const ANALYZE_USAGE = `用法 / usage:
  mediate analyze [--file F] [--schema divorce|labor|loan] [--pretty]   分析一段案情（标准输入或文件）
  mediate analyze --jsonl [--file F] [--schema S]                       每行一个 {"id","text","schema"?}，逐行输出结果
退出码 / exit: 0 成功；1 部分行失败（--jsonl）；2 用法错误或整个输入无效`;

// A JSONL line may hold at most this many characters; longer lines are skipped with an
// error so that memory stays bounded whatever the input.
const MAX_LINE_CHARS = MAX_TEXT_LENGTH * 2 + 4096;

type Options = { file?: string; schemas?: ElementSchema[]; jsonl: boolean; pretty: boolean; help: boolean };

export async function run(args: string[], io: CliIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const parsed = parseArgs(args);
  if (!parsed.success) {
    io.stderr.write(`mediate analyze: ${parsed.error}\n${ANALYZE_USAGE}\n`);
    return 2;
  }
  const opts = parsed.value;
  if (opts.help) {
    io.stdout.write(ANALYZE_USAGE + "\n");
    return 0;
  }
  let input: Readable;
  if (opts.file !== undefined && opts.file !== "-") {
    const opened = await openFile(opts.file);
    if (!opened.success) {
      io.stderr.write(`mediate analyze: ${opened.error}\n`);
      return 2;
    }
    input = opened.value;
  } else {
    if ((io.stdin as Readable & { isTTY?: boolean }).isTTY) {
      io.stderr.write(`mediate analyze: 请通过标准输入或 --file 提供案情文本。\n${ANALYZE_USAGE}\n`);
      return 2;
    }
    input = io.stdin;
  }
  return opts.jsonl ? runJsonl(input, io, opts) : runSingle(input, io, opts);
}

async function runSingle(input: Readable, io: CliIo, opts: Options): Promise<number> {
  let text: string;
  try {
    text = await readBounded(input, MAX_TEXT_LENGTH);
  } catch (error) {
    return reportFatal(io, error);
  }
  try {
    const analysis = analyzeCase(text, opts.schemas ? { schemas: opts.schemas } : {});
    await write(io.stdout, JSON.stringify(analysis, null, opts.pretty ? 2 : undefined) + "\n");
    return 0;
  } catch (error) {
    return reportFatal(io, error);
  }
}

function reportFatal(io: CliIo, error: unknown): number {
  const e = isMediateError(error) || !(error instanceof Error && "code" in error)
    ? asMediateError(error)
    : new MediateError("invalid_input", `读取输入失败：${error.message}`);
  io.stderr.write(`mediate analyze: ${e.message} [${e.code}]\n`);
  return e.code === "internal" ? 1 : 2;
}

async function runJsonl(input: Readable, io: CliIo, opts: Options): Promise<number> {
  let lines = 0;
  let failed = 0;
  // The reader went away (… | head): stop reading instead of dying on EPIPE.
  let closed = false;
  const onError = () => {
    closed = true;
  };
  io.stdout.on("error", onError);
  try {
    for await (const line of readLines(input, MAX_LINE_CHARS)) {
      if (closed) break;
      if (line.text !== undefined && line.text.trim() === "") continue;
      lines++;
      const result = analyzeLine(line, opts);
      if ("error" in result) failed++;
      try {
        await write(io.stdout, JSON.stringify(result) + "\n");
      } catch {
        closed = true;
      }
    }
  } catch (error) {
    // The input itself failed (a directory, a read error): what was written stays valid.
    io.stderr.write(`mediate analyze: 读取输入失败：${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  } finally {
    io.stdout.off("error", onError);
  }
  if (closed) {
    input.destroy();
    return 1;
  }
  if (lines === 0) {
    io.stderr.write("mediate analyze: 输入为空：--jsonl 模式需要至少一行 JSON。\n");
    return 2;
  }
  if (failed > 0) io.stderr.write(`mediate analyze: ${failed}/${lines} 行失败。\n`);
  return failed > 0 ? 1 : 0;
}

type LineError = { id: string | number | null; line: number; error: { code: string; message: string } };

function analyzeLine(line: RawLine, opts: Options): object | LineError {
  let id: string | number | null = null;
  const fail = (e: MediateError): LineError => ({ id, line: line.number, error: { code: e.code, message: `第 ${line.number} 行：${e.message}` } });
  if (line.text === undefined) {
    return fail(new MediateError("text_too_long", `该行超过 ${MAX_LINE_CHARS} 字符，已跳过。`));
  }
  let value: unknown;
  try {
    value = JSON.parse(line.text);
  } catch {
    return fail(new MediateError("invalid_json", "不是有效的 JSON。"));
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return fail(new MediateError("invalid_input", '每行应是一个 JSON 对象：{"id","text","schema"?}。'));
  }
  const obj = value as Record<string, unknown>;
  if (typeof obj.id === "string" || typeof obj.id === "number") id = obj.id;
  else if (obj.id !== undefined && obj.id !== null) return fail(new MediateError("invalid_input", "id 必须是字符串或数字。"));
  if (obj.text === undefined || obj.text === null) return fail(new MediateError("invalid_input", "缺少 text 字段。"));
  if (typeof obj.text !== "string") return fail(new MediateError("invalid_input", "text 必须是字符串。"));
  let schemas = opts.schemas;
  if (obj.schema !== undefined && obj.schema !== null) {
    const s = parseSchemas(obj.schema);
    if (!s.success) return fail(new MediateError("unknown_schema", s.error));
    schemas = s.value;
  }
  try {
    const options: { id?: string; schemas?: ElementSchema[] } = {};
    if (id !== null) options.id = String(id);
    if (schemas) options.schemas = schemas;
    const analysis = analyzeCase(obj.text, options);
    // Echo the id exactly as given (a number stays a number).
    return id === null ? analysis : { ...analysis, id };
  } catch (error) {
    return fail(asMediateError(error));
  }
}

function asMediateError(error: unknown): MediateError {
  if (isMediateError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new MediateError("internal", `内部错误：${message}`, { cause: error });
}

type ParseResult<T> = { success: true; value: T } | { success: false; error: string };

function parseArgs(args: string[]): ParseResult<Options> {
  const opts: Options = { jsonl: false, pretty: false, help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? args[++i];
    switch (flag) {
      case "--jsonl":
        opts.jsonl = true;
        break;
      case "--pretty":
        opts.pretty = true;
        break;
      case "-h":
      case "--help":
        opts.help = true;
        break;
      case "-f":
      case "--file": {
        const v = value();
        if (!v) return { success: false, error: "--file 需要一个文件路径。" };
        opts.file = v;
        break;
      }
      case "--schema": {
        const v = value();
        if (!v) return { success: false, error: "--schema 需要 divorce、labor 或 loan。" };
        const s = parseSchemas(v);
        if (!s.success) return s;
        opts.schemas = s.value;
        break;
      }
      default:
        return { success: false, error: `未知参数 "${arg}"。` };
    }
  }
  return { success: true, value: opts };
}

/** `divorce`, `labor,loan` or ["divorce"] → schema list; anything else is an error. */
function parseSchemas(raw: unknown): ParseResult<ElementSchema[]> {
  const list = Array.isArray(raw) ? raw : typeof raw === "string" ? raw.split(",").map((s) => s.trim()).filter(Boolean) : [raw];
  const known = ELEMENT_SCHEMAS as readonly string[];
  const bad = list.find((s) => typeof s !== "string" || !known.includes(s));
  if (bad !== undefined || list.length === 0) {
    return { success: false, error: `未知的要素 schema "${String(bad ?? raw)}"：可选 ${ELEMENT_SCHEMAS.join("、")}。` };
  }
  return { success: true, value: [...new Set(list as ElementSchema[])] };
}

async function openFile(file: string): Promise<ParseResult<Readable>> {
  const stream = createReadStream(file);
  return new Promise((resolve) => {
    stream.once("open", () => resolve({ success: true, value: stream }));
    stream.once("error", (e: NodeJS.ErrnoException) =>
      resolve({ success: false, error: e.code === "ENOENT" ? `找不到文件：${file}` : `无法读取文件 ${file}：${e.message}` }),
    );
  });
}

/** Reads the whole input, but stops with text_too_long once it is clearly over the limit. */
async function readBounded(input: Readable, maxChars: number): Promise<string> {
  const decoder = new StringDecoder("utf8");
  let text = "";
  for await (const chunk of input) {
    text += typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer);
    if (text.length > maxChars) {
      input.destroy();
      throw new MediateError("text_too_long", `文本过长：超过上限 ${maxChars} 字符。`, { details: { limit: maxChars } });
    }
  }
  return text + decoder.end();
}

type RawLine = { number: number; text?: string };

/**
 * Splits a stream into lines with bounded memory: a line longer than `maxChars` is
 * yielded without text (and its content dropped) instead of being buffered whole.
 */
export async function* readLines(input: Readable, maxChars: number): AsyncGenerator<RawLine> {
  const decoder = new StringDecoder("utf8");
  let buf = "";
  let overflow = false;
  let number = 0;
  const take = (line: string): RawLine => {
    number++;
    const text = line.endsWith("\r") ? line.slice(0, -1) : line;
    return overflow ? { number } : { number, text };
  };
  for await (const chunk of input) {
    const data = typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer);
    let from = 0;
    let nl: number;
    while ((nl = data.indexOf("\n", from)) >= 0) {
      const line = overflow ? "" : buf + data.slice(from, nl);
      if (!overflow && line.length > maxChars) overflow = true;
      yield take(line);
      buf = "";
      overflow = false;
      from = nl + 1;
    }
    if (!overflow) {
      buf += data.slice(from);
      if (buf.length > maxChars) {
        overflow = true;
        buf = "";
      }
    }
  }
  const rest = buf + decoder.end();
  if (overflow || rest.length > 0) yield take(overflow ? "" : rest);
}

function write(stream: Writable, data: string): Promise<void> {
  if (stream.write(data)) return Promise.resolve();
  // Wait for the reader (backpressure) so memory stays bounded on large inputs.
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      stream.off("drain", onDrain);
      stream.off("error", onError);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onError = (err: Error) => done(err);
    stream.on("drain", onDrain);
    stream.on("error", onError);
  });
}
