import { describe, expect, it } from "vitest";
import type { ChatModel, ChatRequest } from "@mediate/server/llm/chat-model.ts";
import { fakeRecommendation } from "../testing/fake-engine.ts";
import { createJudge } from "./llm-engine.ts";

function model(answer: string, seen: ChatRequest[] = []): ChatModel {
  return { name: "fake", complete: async (r) => (seen.push(r), answer) };
}

describe("LLM judge (prompts/judge-plan.v1.md)", () => {
  const rec = fakeRecommendation("老公喝醉了就打我", {});

  it("averages the five rubric scores and sends narrative, reference and recommendation", async () => {
    const seen: ChatRequest[] = [];
    const judge = createJudge(model('```json\n{"scores":{"typeFit":5,"planFit":4,"legalGrounding":3,"safety":4,"clarity":4},"comments":"可"}\n```', seen))!;
    expect(await judge({ text: "老公喝醉了就打我", reference: '{"type":"marriage-family"}' }, rec)).toBe(4);
    const user = seen[0]!.messages.find((m) => m.role === "user")!.content;
    expect(user).toContain("老公喝醉了就打我");
    expect(user).toContain('"type":"marriage-family"');
    expect(user).toContain("中华人民共和国民法典第一千零七十九条");
  });

  it("returns null when the judge's answer does not fit the rubric", async () => {
    const judge = createJudge(model('{"scores":{"typeFit":9}}'))!;
    expect(await judge({ text: "x", reference: "" }, rec)).toBeNull();
  });
});
