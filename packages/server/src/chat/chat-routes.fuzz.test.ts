// Property test: any message — random Unicode, control characters, emoji, lone surrogates,
// lengths around the limit — gets either a complete event stream or a problem, quickly.
import fc from "fast-check";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createFakeRecommender } from "../../test/e2e/fake-recommender.ts";
import { errorToProblem } from "../http/problem.ts";
import { createChatRoutes } from "./chat-routes.ts";
import { createMemoryChatState } from "./memory-chat-state.ts";

describe("POST /v1/chat with arbitrary input", () => {
  const app = new Hono();
  app.onError((err, c) => errorToProblem(c, err, () => undefined));
  app.route("/", createChatRoutes({ recommender: createFakeRecommender(), state: createMemoryChatState() }));

  it("never crashes: a stream ending in `done`, or a 4xx problem", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ unit: "binary", maxLength: 2100 }), fc.string({ unit: "grapheme", maxLength: 300 })),
        fc.option(fc.constantFrom("家庭矛盾", "拖欠工资"), { nil: undefined }),
        async (message, topic) => {
          const started = performance.now();
          const res = await app.request("/v1/chat", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(topic ? { message, topic } : { message }),
          });
          const body = await res.text();
          expect(performance.now() - started).toBeLessThan(2000);
          if (res.status === 200) {
            expect(body.trimEnd()).toMatch(/event: done\ndata: \{\}$/);
            expect(body).not.toContain("event: error");
          } else {
            expect([400, 413]).toContain(res.status);
            expect(res.headers.get("content-type")).toContain("application/problem+json");
            expect(JSON.parse(body).status).toBe(res.status);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
