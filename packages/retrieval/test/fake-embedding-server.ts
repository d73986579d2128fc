// A local HTTP server speaking the real OpenAI `/v1/embeddings` and Ollama `/api/embed`
// protocols, for testing the remote embedding backends without a network or a model.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeEmbeddingRequest = { path: string; body: Record<string, unknown>; headers: IncomingMessage["headers"] };

export type FakeEmbeddingServer = {
  /** e.g. http://127.0.0.1:PORT (OpenAI clients append /v1 themselves via baseUrl …/v1). */
  url: string;
  requests: FakeEmbeddingRequest[];
  /** Next N requests fail with this HTTP status. */
  failNext(status: number, times?: number): void;
  close(): Promise<void>;
};

export type FakeEmbeddingServerOptions = {
  /** Vector for one input text; deterministic. */
  embed: (text: string) => number[];
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

const toBase64 = (v: number[]) => Buffer.from(new Float32Array(v).buffer).toString("base64");

export async function startFakeEmbeddingServer(options: FakeEmbeddingServerOptions): Promise<FakeEmbeddingServer> {
  const requests: FakeEmbeddingRequest[] = [];
  let failures: { status: number; left: number } | null = null;

  const server: Server = createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const raw = await readBody(req);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw || "{}") as Record<string, unknown>;
    } catch {
      return send(400, { error: { message: "invalid JSON body" } });
    }
    const path = (req.url ?? "").split("?")[0] ?? "";
    requests.push({ path, body, headers: req.headers });
    if (failures && failures.left > 0) {
      failures.left--;
      return send(failures.status, { error: { message: "injected failure", type: "server_error" } });
    }
    const inputs = typeof body.input === "string" ? [body.input] : Array.isArray(body.input) ? body.input : null;
    if (req.method !== "POST" || !inputs || !inputs.every((x) => typeof x === "string")) {
      return send(400, { error: { message: `unsupported request ${req.method} ${path}` } });
    }
    const vectors = (inputs as string[]).map(options.embed);
    if (path === "/v1/embeddings") {
      const base64 = body.encoding_format === "base64";
      return send(200, {
        object: "list",
        model: body.model,
        data: vectors.map((v, index) => ({ object: "embedding", index, embedding: base64 ? toBase64(v) : v })),
        usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
      });
    }
    if (path === "/api/embed") {
      return send(200, { model: body.model, embeddings: vectors, total_duration: 1, load_duration: 0, prompt_eval_count: inputs.length });
    }
    return send(404, { error: `no route ${path}` });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(status, times = 1) {
      failures = { status, left: times };
    },
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
