import { MediateError } from "@mediate/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { startFakeLlmServer, type FakeLlmServer } from "../../test/fake-llm-server.ts";
import { parseStructured, type ChatModel } from "./chat-model.ts";
import { createOllamaChatModel } from "./ollama-chat-model.ts";
import { createOpenAiChatModel } from "./openai-chat-model.ts";

let server: FakeLlmServer;
beforeAll(async () => {
  server = await startFakeLlmServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

const ANSWER = '{"contestedPoints":[{"code":"custody","keep":true,"confidence":0.9,"evidence":["孩子要跟自己。"]}]}';
const messages = [
  { role: "system" as const, content: "只输出 JSON。" },
  { role: "user" as const, content: "案情：……" },
];

const backends: Array<[string, (streaming: boolean) => ChatModel, "openai" | "ollama"]> = [
  ["openai", (streaming) => createOpenAiChatModel({ baseUrl: server.openaiBaseUrl, model: "qwen2.5-7b-instruct", apiKey: "test", streaming }), "openai"],
  ["ollama", (streaming) => createOllamaChatModel({ baseUrl: server.url, model: "qwen2.5:7b", streaming }), "ollama"],
];

describe.each(backends)("%s chat model against the fake server", (_name, make, protocol) => {
  it.each([false, true])("returns the recorded answer (streaming %s)", async (streaming) => {
    server.enqueue({ content: ANSWER });
    const text = await make(streaming).complete({ messages, json: true });
    expect(text).toBe(ANSWER);
    expect(server.requests).toHaveLength(1);
    const req = server.requests[0]!;
    expect(req.protocol).toBe(protocol);
    expect(req.body.messages?.map((m) => m.role)).toEqual(["system", "user"]);
    expect(req.body.messages?.[1]?.content).toBe("案情：……");
    if (protocol === "openai") expect(req.stream).toBe(streaming);
  });

  it("turns HTTP errors into llm_unavailable with the status", async () => {
    server.enqueue({ status: 500, errorMessage: "CUDA out of memory" });
    const error = await make(false).complete({ messages }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediateError);
    expect((error as MediateError).code).toBe("llm_unavailable");
    expect((error as MediateError).details.httpStatus).toBe(500);
  });

  it("stops waiting when the signal aborts (timeout)", async () => {
    server.enqueue({ content: ANSWER, delayMs: 5_000 });
    const started = Date.now();
    const error = await make(false).complete({ messages, signal: AbortSignal.timeout(200) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediateError);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe("parseStructured", () => {
  const schema = z.object({ a: z.number() });
  it("accepts fenced JSON and rejects broken or off-contract answers without throwing", () => {
    expect(parseStructured('好的：\n```json\n{"a": 1}\n```', schema)).toEqual({ success: true, value: { a: 1 } });
    const broken = parseStructured('{"a": 1', schema);
    expect(broken.success).toBe(false);
    const off = parseStructured('{"a": "one"}', schema);
    expect(off.success).toBe(false);
    if (!off.success) expect(off.error.code).toBe("llm_invalid_output");
    expect(parseStructured("我无法回答", schema).success).toBe(false);
  });
});
