import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createFakeRecommender } from "../../test/e2e/fake-recommender.ts";
import { errorToProblem } from "../http/problem.ts";
import { createChatRoutes } from "./chat-routes.ts";
import { createMemoryChatState } from "./memory-chat-state.ts";

type Sse = { event: string; data: any };

function parseSse(body: string): Sse[] {
  return body
    .split(/\n\n/)
    .filter((block) => block.trim().length > 0)
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
      const data = block
        .split("\n")
        .filter((l) => l.startsWith("data: "))
        .map((l) => l.slice(6))
        .join("\n");
      return { event, data: JSON.parse(data) };
    });
}

function setup(options: { fail?: boolean } = {}) {
  const state = createMemoryChatState();
  const recommender = createFakeRecommender(options);
  const app = new Hono();
  app.onError((err, c) => errorToProblem(c, err, () => undefined));
  app.route("/", createChatRoutes({ recommender, state }));
  const post = (body: unknown, raw?: string) =>
    app.request("/v1/chat", { method: "POST", headers: { "content-type": "application/json" }, body: raw ?? JSON.stringify(body) });
  const turn = async (body: unknown) => {
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    return parseSse(await res.text());
  };
  return { state, recommender, post, turn };
}

const find = (events: Sse[], name: string) => events.find((e) => e.event === name);

describe("POST /v1/chat", () => {
  it("guides the intake one question at a time, then recommends with a case code and QR", async () => {
    const { turn, recommender } = setup();
    const first = await turn({ message: "拖欠工资", topic: "拖欠工资" });
    expect(first.map((e) => e.event)).toEqual(["session", "intake", "message", "done"]);
    const { sessionId, sessionToken } = find(first, "session")!.data;
    expect(find(first, "intake")!.data.missing).toEqual(["what", "who", "when", "want"]);
    expect(find(first, "message")!.data.text).toContain("发生了什么");

    const second = await turn({ sessionId, sessionToken, message: "老板一直不发工资" });
    expect(find(second, "intake")!.data.missing).toEqual(["when", "want"]);
    expect(find(second, "message")!.data.text).toContain("什么时候");

    const third = await turn({ sessionId, sessionToken, message: "三个月了" });
    expect(find(third, "message")!.data.text).toContain("怎么解决");
    expect(find(third, "result")).toBeUndefined();

    const fourth = await turn({ sessionId, sessionToken, message: "我想把钱要回来" });
    const result = find(fourth, "result")!.data;
    expect(result.caseCode).toMatch(/^MC-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(result.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(result.typeName).toBe("劳动争议纠纷");
    expect(result.explanation).toContain("《劳动合同法》第三十条");
    expect(result.explanation).toContain("用人单位应当按照劳动合同约定和国家规定");
    expect(result.window).toBe("劳动争议调解仲裁窗口");
    expect(result.nextSteps.length).toBeGreaterThan(1);
    // The narrative is the visitor's words, topic chip as a prefix, not the assistant's.
    expect(recommender.calls[0]!.text).toBe("（拖欠工资）老板一直不发工资。三个月了。我想把钱要回来");
    expect(fourth.at(-1)!.event).toBe("done");
  });

  it("recommends at once when the first message says everything, with the emergency notice first", async () => {
    const { turn } = setup();
    const events = await turn({ message: "我老公喝醉了就打我，已经好几年了，我想离婚" });
    expect(events.map((e) => e.event)).toEqual(["session", "emergency", "intake", "message", "result", "done"]);
    expect(find(events, "emergency")!.data.text).toContain("12338");
    expect(find(events, "result")!.data.explanation).toContain("禁止家庭暴力");
  });

  it("keeps the same case code when the visitor adds more afterwards", async () => {
    const { turn } = setup();
    const first = await turn({ message: "我老公喝醉了就打我，已经好几年了，我想离婚" });
    const { sessionId, sessionToken } = find(first, "session")!.data;
    const code = find(first, "result")!.data.caseCode;
    const again = await turn({ sessionId, sessionToken, message: "他还把孩子带走了" });
    expect(find(again, "result")!.data.caseCode).toBe(code);
  });

  it("does not let another session's token read a session", async () => {
    const { turn, post, state } = setup();
    const a = find(await turn({ message: "楼上邻居漏水" }), "session")!.data;
    const b = find(await turn({ message: "老板欠我工资" }), "session")!.data;
    const res = await post({ sessionId: a.sessionId, sessionToken: b.sessionToken, message: "上周" });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const body = await res.json();
    expect(JSON.stringify(body)).not.toContain("漏水");
    // and the session itself is untouched
    const stored = await state.sessions.load(a.sessionId, a.sessionToken);
    expect(stored!.messages.filter((m) => m.role === "visitor").map((m) => m.text)).toEqual(["楼上邻居漏水"]);
  });

  it.each([
    ["empty message", { message: "   " }, 400, "empty_text"],
    ["oversized message", { message: "字".repeat(2001) }, 413, "text_too_long"],
    ["unknown field", { message: "你好", extra: 1 }, 400, "invalid_input"],
    ["wrong type", { message: 42 }, 400, "invalid_input"],
    ["id without token", { sessionId: "abc", message: "你好" }, 400, "invalid_input"],
  ])("%s → problem %s", async (_name, body, status, code) => {
    const { post } = setup();
    const res = await post(body);
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect((await res.json()).code).toBe(code);
  });

  it("rejects malformed JSON and huge bodies as problems", async () => {
    const { post } = setup();
    const bad = await post(undefined, "{not json");
    expect(bad.status).toBe(400);
    expect((await bad.json()).code).toBe("invalid_json");
    const huge = await post(undefined, JSON.stringify({ message: "a".repeat(40_000) }));
    expect(huge.status).toBe(413);
  });

  it("reports a failing recommender inside the stream and keeps the visitor's words", async () => {
    const { turn, state } = setup({ fail: true });
    const events = await turn({ message: "我老公喝醉了就打我，已经好几年了，我想离婚" });
    expect(events.map((e) => e.event)).toEqual(["session", "emergency", "intake", "error", "done"]);
    const { sessionId, sessionToken } = find(events, "session")!.data;
    const stored = await state.sessions.load(sessionId, sessionToken);
    expect(stored!.messages[0]!.text).toContain("打我");
  });

  it("understands traditional characters", async () => {
    const { turn } = setup();
    const events = await turn({ message: "我老公喝醉了就打我，已經好幾年了，我想離婚", script: "traditional" });
    expect(find(events, "intake")!.data.missing).toEqual([]);
  });
});
