import { readFileSync } from "node:fs";
import { RecommendationSchema } from "@mediate/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES_DIR, startFakeLlmServer, type FakeLlmServer } from "../../test/fake-llm-server.ts";
import { recommenderFromSettings } from "./create-chat-model.ts";
import { judgeRecommendation } from "./llm-judge.ts";
import { llmSettingsFromEnv } from "./llm-settings.ts";
import { createOpenAiChatModel } from "./openai-chat-model.ts";

const fixture = JSON.parse(readFileSync(`${FIXTURES_DIR}/offline-recommendation.json`, "utf8")) as { text: string; recommendation: unknown };
const OFFLINE = RecommendationSchema.parse(fixture.recommendation);

let server: FakeLlmServer;
beforeAll(async () => {
  server = await startFakeLlmServer();
});
afterAll(async () => {
  await server.close();
});

describe("judgeRecommendation", () => {
  it("returns validated scores, and a failure for an off-contract verdict", async () => {
    const model = createOpenAiChatModel({ baseUrl: server.openaiBaseUrl, model: "judge" });
    server.enqueue({ content: '{"scores":{"typeFit":5,"planFit":4,"legalGrounding":4,"safety":5,"clarity":4},"comments":"方案贴合案情，识别了家暴风险。"}' });
    const ok = await judgeRecommendation(model, { narrative: fixture.text, recommendation: OFFLINE });
    expect(ok).toEqual({ success: true, value: expect.objectContaining({ scores: expect.objectContaining({ typeFit: 5 }) }) });
    const sent = JSON.stringify(server.requests.at(-1)!.body.messages);
    expect(sent).not.toContain("13912345678");
    server.enqueue({ content: '{"scores":{"typeFit":9},"comments":"满分"}' });
    const bad = await judgeRecommendation(model, { narrative: fixture.text, recommendation: OFFLINE });
    expect(bad.success).toBe(false);
  });
});

describe("recommenderFromSettings", () => {
  it("returns the offline recommender itself when the LLM is off, and the wrapper when on", async () => {
    const offline = { recommend: async () => structuredClone(OFFLINE) };
    expect(recommenderFromSettings(llmSettingsFromEnv({}), offline)).toBe(offline);
    const settings = llmSettingsFromEnv({ MEDIATE_LLM_PROVIDER: "openai", MEDIATE_LLM_BASE_URL: server.openaiBaseUrl, MEDIATE_LLM_MODEL: "m", MEDIATE_LLM_RETRIES: "0" });
    const wrapped = recommenderFromSettings(settings, offline);
    expect(wrapped).not.toBe(offline);
    server.enqueue({ status: 503, errorMessage: "loading model" });
    const r = await wrapped.recommend({ text: fixture.text });
    expect(r.engine).toBe("offline");
    expect(r.fallbackReason).toBeTruthy();
  });
});
