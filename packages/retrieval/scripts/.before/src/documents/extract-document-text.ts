// Text from a document a mediator uploads (contract, judgment, chat export): the Unstructured
// partition API when configured (PDF/DOCX/images incl. OCR), else pure-JS local extraction.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { MediateError } from "@mediate/core";
import { extractLocally, LOCAL_EXTENSIONS } from "./local-extractors.ts";
import { partitionWithUnstructured } from "./unstructured-extractor.ts";

export type DocumentSettings = {
  /** Base URL of an Unstructured API (e.g. a self-hosted container); enables PDF/DOCX/images via partition. */
  unstructuredApiUrl?: string;
  unstructuredApiKey?: string;
  /** Reject larger inputs (default 20 MiB). */
  maxBytes?: number;
  timeoutMs?: number;
};

export type ExtractedDocument = {
  text: string;
  /** Which extractor produced the text. */
  via: "unstructured" | "local";
  /** Element types and texts from Unstructured, or paragraphs locally. */
  elements: Array<{ type: string; text: string; page?: number }>;
};

const DEFAULT_MAX = 20 * 1024 * 1024;

/** `input` is a path or the file's bytes; `name` (file name) decides the format by extension. */
export async function extractDocumentText(input: string | Uint8Array, name: string, settings: DocumentSettings = {}): Promise<ExtractedDocument> {
  const bytes = typeof input === "string" ? await readInput(input) : input;
  const max = settings.maxBytes ?? DEFAULT_MAX;
  if (bytes.byteLength > max)
    throw new MediateError("payload_too_large", `文件过大（${bytes.byteLength} 字节，上限 ${max} 字节）。`, { details: { bytes: bytes.byteLength, max } });
  if (bytes.byteLength === 0) throw new MediateError("empty_text", `文件 ${name} 是空的。`);
  const ext = path.extname(name).toLowerCase();
  let doc: ExtractedDocument;
  if (settings.unstructuredApiUrl && ext !== ".txt" && ext !== ".md") {
    doc = await partitionWithUnstructured(bytes, name, {
      url: settings.unstructuredApiUrl,
      ...(settings.unstructuredApiKey ? { apiKey: settings.unstructuredApiKey } : {}),
      ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
    });
  } else {
    if (!LOCAL_EXTENSIONS.includes(ext))
      throw new MediateError(
        "invalid_input",
        `不支持的文件格式 ${ext || "(无扩展名)"}。本地可解析 ${LOCAL_EXTENSIONS.join(" ")}；图片和扫描件需要配置 Unstructured 服务（MEDIATE_UNSTRUCTURED_URL）。`,
        { details: { name, ext } },
      );
    doc = await extractLocally(bytes, ext, name);
  }
  if (!doc.text.trim())
    throw new MediateError(
      "empty_text",
      ext === ".pdf" && doc.via === "local"
        ? `未能从 ${name} 中提取文字：这可能是扫描件（没有文字层），请配置 Unstructured 服务进行识别，或直接粘贴文字。`
        : `未能从 ${name} 中提取到文字。`,
      { details: { name } },
    );
  return doc;
}

async function readInput(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (cause) {
    throw new MediateError("not_found", `文件不存在或无法读取：${file}`, { cause, details: { file } });
  }
}
