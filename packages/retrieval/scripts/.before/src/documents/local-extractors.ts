// Pure-JS extraction: text, markdown, HTML, DOCX (mammoth) and text-layer PDF (unpdf / pdf.js).
import { MediateError } from "@mediate/core";
import type { ExtractedDocument } from "./extract-document-text.ts";

export const LOCAL_EXTENSIONS = [".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf"];

const paragraphs = (text: string) =>
  text
    .split(/\n\s*\n|\r\n\s*\r\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);

function decodeText(bytes: Uint8Array, name: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    // Older Windows tools save Chinese text as GB18030.
    try {
      return new TextDecoder("gb18030", { fatal: true }).decode(bytes);
    } catch (cause) {
      throw new MediateError("binary_input", `${name} 不是可识别的文本文件（既非 UTF-8 也非 GB18030）。`, { cause });
    }
  }
}

/** HTML → text without a DOM: drop script/style, turn block ends into newlines, decode entities. */
export function htmlToText(html: string): string {
  const entities: Record<string, string> = { nbsp: " ", amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", "#39": "'" };
  return html
    .replace(/<(script|style|head)[^>]*>[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|h[1-6]|li|tr|section|article|table)>/gi, "\n\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&(#x?[0-9a-f]+|[a-z]+|#39);/gi, (m, e: string) => {
      if (entities[e.toLowerCase()] !== undefined) return entities[e.toLowerCase()] as string;
      if (e.startsWith("#x") || e.startsWith("#X")) return String.fromCodePoint(parseInt(e.slice(2), 16));
      if (e.startsWith("#")) return String.fromCodePoint(Number(e.slice(1)));
      return m;
    })
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

async function docxText(bytes: Uint8Array, name: string): Promise<string> {
  const mammoth = await import("mammoth");
  try {
    const r = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    return r.value;
  } catch (cause) {
    throw new MediateError("invalid_input", `无法读取 Word 文件 ${name}（文件可能已损坏，或是旧版 .doc 格式）。`, { cause });
  }
}

async function pdfText(bytes: Uint8Array, name: string): Promise<{ text: string; pages: string[] }> {
  const { extractText, getDocumentProxy } = await import("unpdf");
  try {
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    const { text } = await extractText(pdf, { mergePages: false });
    const pages = Array.isArray(text) ? text : [text];
    return { text: pages.join("\n\n"), pages };
  } catch (cause) {
    throw new MediateError("invalid_input", `无法读取 PDF 文件 ${name}（文件可能已损坏或加密）。`, { cause });
  }
}

export async function extractLocally(bytes: Uint8Array, ext: string, name: string): Promise<ExtractedDocument> {
  switch (ext) {
    case ".pdf": {
      const { pages } = await pdfText(bytes, name);
      const elements = pages.flatMap((p, i) => paragraphs(p).map((text) => ({ type: "NarrativeText", text, page: i + 1 })));
      return { text: pages.map((p) => p.trim()).filter(Boolean).join("\n\n"), via: "local", elements };
    }
    case ".docx": {
      const text = (await docxText(bytes, name)).trim();
      return { text, via: "local", elements: paragraphs(text).map((t) => ({ type: "NarrativeText", text: t })) };
    }
    case ".html":
    case ".htm": {
      const text = htmlToText(decodeText(bytes, name));
      return { text, via: "local", elements: paragraphs(text).map((t) => ({ type: "NarrativeText", text: t })) };
    }
    default: {
      if (bytes.subarray(0, 8192).includes(0)) throw new MediateError("binary_input", `${name} 看起来是二进制文件，不是文本。`);
      const text = decodeText(bytes, name).trim();
      return { text, via: "local", elements: paragraphs(text).map((t) => ({ type: "NarrativeText", text: t })) };
    }
  }
}
