import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeEmbeddingServer, type FakeEmbeddingServer } from "../../test/fake-embedding-server.ts";
import { createOfflineEmbeddings } from "./offline-embeddings.ts";
import { createOllamaEmbeddings } from "./ollama-embeddings.ts";
import { embeddingsContract } from "./embeddings.case.ts";

const reference = createOfflineEmbeddings({ dimensions: 96 });
let server: FakeEmbeddingServer;

beforeAll(async () => {
  server = await startFakeEmbeddingServer({ embed: reference.embedSync });
});
afterAll(() => server.close());

const make = () => createOllamaEmbeddings({ model: "bge-m3", baseUrl: server.url });

embeddingsContract("ollama via fake /api/embed", make);

describe("Ollama backend", () => {
  it("speaks /api/embed with the model name and probes the dimensions", async () => {
    const e = await make();
    server.requests.length = 0;
    const [v] = await e.embedDocuments(["禁止家庭暴力。"]);
    const req = server.requests.at(-1)!;
    expect(req.path).toBe("/api/embed");
    expect(req.body.model).toBe("bge-m3");
    expect(req.body.input).toEqual(["禁止家庭暴力。"]);
    expect(e.model).toBe("ollama:bge-m3");
    expect(e.dimensions).toBe(96);
    expect(v![0]).toBeCloseTo(reference.embedSync("禁止家庭暴力。")[0]!, 5);
  });

  it("reports a failing server as llm_unavailable", async () => {
    const e = await createOllamaEmbeddings({ model: "bge-m3", baseUrl: server.url, dimensions: 96 });
    server.failNext(500, 10);
    await expect(e.embedQuery("工资")).rejects.toMatchObject({ code: "llm_unavailable" });
    server.failNext(500, 0);
  });
});
