// A local HTTP server speaking the Unstructured partition API (POST /general/v0/general,
// multipart form with `files` + parameters → JSON array of elements), for tests.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedRequest = { fileName: string; bytes: Uint8Array; fields: Record<string, string>; apiKey: string | undefined };

export type FakeUnstructured = {
  url: string;
  received: ReceivedRequest[];
  /** Next responses fail with this status (e.g. 422, 500) until reset to null. */
  failWith: number | null;
  close(): Promise<void>;
};

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Elements the fake "partitions" a file into: text files line by line, others a fixed page per file. */
function partition(name: string, bytes: Uint8Array): Array<Record<string, unknown>> {
  const meta = (page: number) => ({ filename: name, page_number: page, languages: ["zho"] });
  if (/\.(txt|md)$/i.test(name)) {
    return new TextDecoder()
      .decode(bytes)
      .split(/\n+/)
      .filter((l) => l.trim())
      .map((text, i) => ({ type: i === 0 ? "Title" : "NarrativeText", element_id: `e${i}`, text, metadata: meta(1) }));
  }
  return [
    { type: "Title", element_id: "t1", text: `识别结果：${name}`, metadata: meta(1) },
    { type: "NarrativeText", element_id: "n1", text: `甲方应于每月十日前支付工资（文件 ${bytes.byteLength} 字节）。`, metadata: meta(1) },
    { type: "PageBreak", element_id: "p1", text: "", metadata: meta(1) },
    { type: "NarrativeText", element_id: "n2", text: "乙方签字：张三", metadata: meta(2) },
  ];
}

export async function startFakeUnstructured(): Promise<FakeUnstructured> {
  const state: FakeUnstructured = { url: "", received: [], failWith: null, close: async () => {} };
  const server: Server = createServer(async (req, res) => {
    try {
      if (req.method !== "POST" || !req.url?.startsWith("/general/v0/general")) {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ detail: "Not Found" }));
        return;
      }
      const body = await readBody(req);
      const form = await new Request("http://local/", { method: "POST", headers: { "content-type": String(req.headers["content-type"]) }, body: new Uint8Array(body) }).formData();
      const file = form.get("files");
      if (!(file instanceof Blob)) {
        res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ detail: "files is required" }));
        return;
      }
      const fields: Record<string, string> = {};
      form.forEach((v, k) => {
        if (typeof v === "string") fields[k] = fields[k] ? `${fields[k]},${v}` : v;
      });
      const bytes = new Uint8Array(await file.arrayBuffer());
      const fileName = (file as File).name ?? "upload";
      state.received.push({ fileName, bytes, fields, apiKey: req.headers["unstructured-api-key"] as string | undefined });
      if (state.failWith) {
        res.writeHead(state.failWith, { "content-type": "application/json" }).end(JSON.stringify({ detail: "simulated failure" }));
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(partition(fileName, bytes)));
    } catch (e) {
      res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ detail: String(e) }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise((resolve) => server.close(() => resolve()));
  return state;
}
