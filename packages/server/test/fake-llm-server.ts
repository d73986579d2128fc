// A real local HTTP server (127.0.0.1, random port) that speaks the OpenAI chat-completions
// protocol (JSON and `stream: true` server-sent events ending in `data: [DONE]`) and Ollama's
// /api/chat (JSON and NDJSON streaming). It replays recorded responses queued by the test or
// loaded from test/fixtures/llm/*.json, and records every request it receives.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export type FakeLlmResponse = {
  /** Assistant message content. */
  content?: string;
  /** HTTP status (default 200). Non-2xx answers carry the protocol's error body. */
  status?: number;
  /** Wait this long before answering (a slow model). */
  delayMs?: number;
  /** Send this body verbatim instead of a protocol response (a broken proxy). */
  rawBody?: string;
  errorMessage?: string;
  headers?: Record<string, string>;
};

export type FakeLlmFixture = { description: string; responses: FakeLlmResponse[] };

export type RecordedRequest = {
  protocol: "openai" | "ollama";
  path: string;
  stream: boolean;
  body: { model?: string; messages?: Array<{ role: string; content: string }>; stream?: boolean; [k: string]: unknown };
};

export type FakeLlmServer = {
  /** http://127.0.0.1:PORT — the Ollama base URL. */
  url: string;
  /** `${url}/v1` — the OpenAI-compatible base URL. */
  openaiBaseUrl: string;
  requests: RecordedRequest[];
  enqueue(...responses: FakeLlmResponse[]): void;
  /** Queues the responses of test/fixtures/llm/<name>.json. */
  useFixture(name: string): FakeLlmFixture;
  /** Answer given when the queue is empty (default: HTTP 500 "no recorded response"). */
  setDefault(response: FakeLlmResponse | null): void;
  reset(): void;
  close(): Promise<void>;
};

export const FIXTURES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "llm");

export function loadLlmFixture(name: string): FakeLlmFixture {
  return JSON.parse(readFileSync(path.join(FIXTURES_DIR, `${name}.json`), "utf8")) as FakeLlmFixture;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

// Recorded answers arrive in pieces of a few characters, as real servers stream them.
function pieces(text: string, size = 6): string[] {
  const chars = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(""));
  return out.length > 0 ? out : [""];
}

function tokensOf(text: string): number {
  return Math.max(1, Math.ceil(Array.from(text).length / 1.5));
}

export async function startFakeLlmServer(): Promise<FakeLlmServer> {
  const queue: FakeLlmResponse[] = [];
  const requests: RecordedRequest[] = [];
  let fallback: FakeLlmResponse | null = null;
  let counter = 0;
  const timers = new Set<NodeJS.Timeout>();

  const wait = (ms: number, res: ServerResponse) =>
    new Promise<boolean>((resolve) => {
      if (ms <= 0) return resolve(true);
      const t = setTimeout(() => {
        timers.delete(t);
        resolve(!res.destroyed);
      }, ms);
      timers.add(t);
      // The client gave up (timeout/abort): stop waiting.
      res.on("close", () => {
        clearTimeout(t);
        timers.delete(t);
        resolve(false);
      });
    });

  const openai = (res: ServerResponse, body: RecordedRequest["body"], r: FakeLlmResponse) => {
    const id = `chatcmpl-fake-${++counter}`;
    const created = Math.floor(Date.now() / 1000);
    const model = body.model ?? "fake";
    const content = r.content ?? "";
    if (!body.stream) {
      const prompt = (body.messages ?? []).map((m) => m.content).join("");
      res.writeHead(200, { "content-type": "application/json", ...r.headers });
      res.end(
        JSON.stringify({
          id,
          object: "chat.completion",
          created,
          model,
          choices: [{ index: 0, message: { role: "assistant", content }, logprobs: null, finish_reason: "stop" }],
          usage: { prompt_tokens: tokensOf(prompt), completion_tokens: tokensOf(content), total_tokens: tokensOf(prompt) + tokensOf(content) },
        }),
      );
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive", ...r.headers });
    const chunk = (delta: Record<string, unknown>, finish: string | null) =>
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
    res.write(chunk({ role: "assistant", content: "" }, null));
    for (const p of pieces(content)) res.write(chunk({ content: p }, null));
    res.write(chunk({}, "stop"));
    res.end("data: [DONE]\n\n");
  };

  const ollama = (res: ServerResponse, body: RecordedRequest["body"], r: FakeLlmResponse) => {
    const model = body.model ?? "fake";
    const content = r.content ?? "";
    const createdAt = new Date().toISOString();
    const done = {
      model,
      created_at: createdAt,
      done: true,
      done_reason: "stop",
      total_duration: 1_000_000,
      load_duration: 1000,
      prompt_eval_count: tokensOf((body.messages ?? []).map((m) => m.content).join("")),
      prompt_eval_duration: 1000,
      eval_count: tokensOf(content),
      eval_duration: 1000,
    };
    // Ollama streams unless the request says "stream": false.
    if (body.stream === false) {
      res.writeHead(200, { "content-type": "application/json", ...r.headers });
      res.end(JSON.stringify({ ...done, message: { role: "assistant", content } }));
      return;
    }
    res.writeHead(200, { "content-type": "application/x-ndjson", ...r.headers });
    for (const p of pieces(content)) res.write(JSON.stringify({ model, created_at: createdAt, message: { role: "assistant", content: p }, done: false }) + "\n");
    res.end(JSON.stringify({ ...done, message: { role: "assistant", content: "" } }) + "\n");
  };

  const server = createServer(async (req, res) => {
    const url = req.url ?? "/";
    const protocol = url.startsWith("/v1/chat/completions") ? "openai" : url.startsWith("/api/chat") ? "ollama" : null;
    if (req.method !== "POST" || protocol === null) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: `no route ${req.method} ${url}` }));
      return;
    }
    let body: RecordedRequest["body"];
    try {
      body = JSON.parse(await readBody(req)) as RecordedRequest["body"];
    } catch {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "invalid JSON body" }));
      return;
    }
    const stream = protocol === "openai" ? body.stream === true : body.stream !== false;
    requests.push({ protocol, path: url, stream, body });
    const r = queue.shift() ?? fallback ?? { status: 500, errorMessage: "fake LLM server: no recorded response queued" };
    if (!(await wait(r.delayMs ?? 0, res))) return;
    if (r.rawBody !== undefined) {
      res.writeHead(r.status ?? 200, { "content-type": "application/json", ...r.headers });
      res.end(r.rawBody);
      return;
    }
    const status = r.status ?? 200;
    if (status >= 400) {
      const message = r.errorMessage ?? `HTTP ${status}`;
      res.writeHead(status, { "content-type": "application/json", ...r.headers });
      res.end(
        protocol === "openai"
          ? JSON.stringify({ error: { message, type: status === 429 ? "rate_limit_exceeded" : "server_error", param: null, code: null } })
          : JSON.stringify({ error: message }),
      );
      return;
    }
    if (protocol === "openai") openai(res, body, r);
    else ollama(res, body, r);
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    requests,
    enqueue: (...responses) => queue.push(...responses),
    useFixture(name) {
      const f = loadLlmFixture(name);
      queue.push(...f.responses);
      return f;
    },
    setDefault(response) {
      fallback = response;
    },
    reset() {
      queue.length = 0;
      requests.length = 0;
      fallback = null;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
