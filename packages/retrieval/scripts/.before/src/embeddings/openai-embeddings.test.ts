import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeEmbeddingServer, type FakeEmbeddingServer } from "../../test/fake-embedding-server.ts";
import { createOfflineEmbeddings } from "./offline-embeddings.ts";
import { createOpenAIEmbeddings } from "./openai-embeddings.ts";
import { embeddingsContract } from "./embeddings.case.ts";

// The fake model is the offline embedder, so the semantic contract holds end to end.
const reference = createOfflineEmbeddings({ dimensions: 128 });
let server: FakeEmbeddingServer;

beforeAll(async () => {
  server = await startFakeEmbeddingServer({ embed: reference.embedSync });
});
afterAll(() => server.close());

const make = () => createOpenAIEmbeddings({ model: "fake-embed", baseUrl: `${server.url}/v1`, apiKey: "sk-test" });

embeddingsContract("openai via fake /v1/embeddings", make);

describe("OpenAI-compatible backend", () => {
  it("speaks the /v1/embeddings protocol with the configured model and key", async () => {
    const e = await make();
    server.requests.length = 0;
    await e.embedDocuments(["禁止家庭暴力。"]);
    const req = server.requests.at(-1)!;
    expect(req.path).toBe("/v1/embeddings");
    expect(req.body.model).toBe("fake-embed");
    expect(req.body.input).toEqual(["禁止家庭暴力。"]);
    expect(req.headers.authorization).toBe("Bearer sk-test");
    expect(e.model).toBe("openai:fake-embed");
    expect(e.dimensions).toBe(128);
    expect((await e.embedQuery("工资"))[0]).toBeCloseTo(reference.embedSync("工资")[0]!, 5);
  });

  it("splits a text over the token budget and pools the chunks into one vector", async () => {
    const e = await createOpenAIEmbeddings({ model: "fake-embed", baseUrl: `${server.url}/v1`, dimensions: 128, maxTokens: 12 });
    server.requests.length = 0;
    const text = "禁止家庭暴力。禁止家庭成员间的虐待和遗弃。借款人应当按照约定的期限返还借款。";
    const [v] = await e.embedDocuments([text]);
    const sent = server.requests.flatMap((r) => r.body.input as string[]);
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.join("")).toBe(text);
    expect(v).toHaveLength(128);
    expect(Math.hypot(...v!)).toBeCloseTo(1, 5);
  });

  it("reports an unreachable or failing service as llm_unavailable", async () => {
    const e = await createOpenAIEmbeddings({ model: "fake-embed", baseUrl: `${server.url}/v1`, dimensions: 128 });
    server.failNext(500, 10);
    await expect(e.embedQuery("工资")).rejects.toMatchObject({ code: "llm_unavailable" });
    server.failNext(500, 0);
    const down = createOpenAIEmbeddings({ model: "x", baseUrl: "http://127.0.0.1:9/v1", dimensions: 8 });
    await expect((await down).embedQuery("工资")).rejects.toMatchObject({ code: "llm_unavailable" });
  });
});
