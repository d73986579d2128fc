// Unstructured partition API (self-hosted or hosted) through the official client.
import { MediateError } from "@mediate/core";
import { UnstructuredClient } from "unstructured-client";
import { Strategy } from "unstructured-client/sdk/models/shared";
import type { ExtractedDocument } from "./extract-document-text.ts";

export type UnstructuredSettings = { url: string; apiKey?: string; timeoutMs?: number };

type Element = { type?: unknown; text?: unknown; metadata?: { page_number?: unknown } };

export async function partitionWithUnstructured(bytes: Uint8Array, name: string, settings: UnstructuredSettings): Promise<ExtractedDocument> {
  const client = new UnstructuredClient({
    serverURL: settings.url.replace(/\/+$/, ""),
    ...(settings.apiKey ? { security: { apiKeyAuth: settings.apiKey } } : {}),
    timeoutMs: settings.timeoutMs ?? 120_000,
    retryConfig: { strategy: "none" },
  });
  let result: unknown;
  try {
    result = await client.general.partition({
      partitionParameters: {
        files: { content: bytes, fileName: name },
        strategy: Strategy.Auto,
        languages: ["chi_sim", "eng"],
        // One request per file: page splitting fans out concurrent requests a small server may not take.
        splitPdfPage: false,
      },
    });
  } catch (cause) {
    const status = typeof cause === "object" && cause && "statusCode" in cause ? Number((cause as { statusCode: unknown }).statusCode) : undefined;
    throw new MediateError(
      status && status < 500 ? "invalid_input" : "internal",
      status
        ? `Unstructured 服务拒绝了文件 ${name}（HTTP ${status}）。`
        : `无法连接 Unstructured 服务（${settings.url}）：${cause instanceof Error ? cause.message : String(cause)}。请检查 MEDIATE_UNSTRUCTURED_URL，或去掉该设置改用本地解析。`,
      { cause, status: status && status < 500 ? 400 : 503, details: { url: settings.url, status } },
    );
  }
  const list = (typeof result === "string" ? JSON.parse(result) : result) as Element[];
  if (!Array.isArray(list)) throw new MediateError("internal", "Unstructured returned an unexpected response (not an element list)");
  const elements = list
    .filter((e) => typeof e.text === "string" && e.text.trim().length > 0)
    .map((e) => ({
      type: typeof e.type === "string" ? e.type : "Unknown",
      text: String(e.text).trim(),
      ...(typeof e.metadata?.page_number === "number" ? { page: e.metadata.page_number } : {}),
    }));
  return { text: elements.map((e) => e.text).join("\n\n"), via: "unstructured", elements };
}
