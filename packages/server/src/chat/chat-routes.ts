// POST /v1/chat — the kiosk conversation as server-sent events:
//   session {sessionId, sessionToken} → [emergency {text}] → intake {missing, collected}
//   → message {text} → [result {caseCode, typeName, explanation, nextSteps, window, qrSvg}] → done
// A session is read only with its token; the id alone reveals nothing.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { MediateError } from "@mediate/core";
import { bodyLimit } from "hono/body-limit";
import { streamSSE } from "hono/streaming";
import { PROBLEM_CONTENT_TYPE, ProblemSchema } from "../http/problem.ts";
import { validationHook } from "../http/validation.ts";
import type { Recommender } from "../recommendation/types.ts";
import type { KioskSession, ServerState } from "../state/types.ts";
import { type ChatEvent, createChatEngine, MAX_CHAT_MESSAGE, MAX_VISITOR_MESSAGES, visitorMessageCount } from "./chat-engine.ts";
import { KIOSK_TOPICS } from "./intake-slots.ts";

export type ChatRoutesDeps = {
  recommender: Recommender;
  state: Pick<ServerState, "sessions" | "caseCodes">;
  /** Told about turns that failed after the stream began (the visitor sees a polite notice). */
  logger?: (fields: Record<string, unknown>) => void;
  /** Largest request body in bytes (default 16 KiB; a message is at most 2,000 characters). */
  bodyLimitBytes?: number;
  now?: () => Date;
};

export const ChatRequestSchema = z
  .strictObject({
    sessionId: z.string().min(1).max(64).optional(),
    sessionToken: z.string().min(1).max(128).optional(),
    message: z.string().openapi({ description: `The visitor's words (1–${MAX_CHAT_MESSAGE} characters).`, example: "我老公喝醉了就打我" }),
    topic: z.enum(KIOSK_TOPICS).optional().openapi({ description: "Set when the visitor tapped a quick-start chip." }),
    script: z.enum(["simplified", "traditional"]).optional().openapi({ description: "Display script chosen on the kiosk." }),
  })
  .openapi("ChatRequest");
export type ChatRequest = z.infer<typeof ChatRequestSchema>;

const problem = (description: string) => ({ description, content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } } });

const chatRoute = createRoute({
  method: "post",
  path: "/v1/chat",
  tags: ["kiosk"],
  summary: "Kiosk chat turn (server-sent events)",
  description:
    "Events: `session` {sessionId, sessionToken}; `emergency` {text, kinds} when violence, self-harm or threats are mentioned; " +
    "`intake` {missing: (who|what|when|want)[], collected}; `message` {text}; `result` {caseCode, typeName, explanation, nextSteps, window, qrSvg} " +
    "once the intake is complete; `error` {code, detail} if the turn failed after the stream began; `done` {}. " +
    "Omit sessionId/sessionToken to start a session; later turns must send both.",
  request: { body: { required: true, content: { "application/json": { schema: ChatRequestSchema } } } },
  responses: {
    200: { description: "Event stream.", content: { "text/event-stream": { schema: z.string() } } },
    400: problem("Malformed JSON, unknown fields, empty message, or only one of sessionId/sessionToken."),
    404: problem("No session with this id and token."),
    409: problem("The conversation is too long; start a new session."),
    413: problem("Message longer than 2,000 characters or body too large."),
  },
});

function checkMessage(message: string): void {
  if (message.trim().length === 0) throw new MediateError("empty_text", "请先说一说您的情况", { details: { errors: [{ path: "message", message: "内容不能为空", code: "empty_text" }] } });
  if (message.length > MAX_CHAT_MESSAGE) {
    throw new MediateError("text_too_long", `一次最多说 ${MAX_CHAT_MESSAGE} 个字，请分几次说`, { details: { limit: MAX_CHAT_MESSAGE } });
  }
}

async function openSession(state: ChatRoutesDeps["state"], req: ChatRequest): Promise<{ session: KioskSession; token: string }> {
  if (req.sessionId === undefined && req.sessionToken === undefined) {
    const created = await state.sessions.create();
    return { session: created.session, token: created.token };
  }
  if (req.sessionId === undefined || req.sessionToken === undefined) {
    throw new MediateError("invalid_input", "sessionId 和 sessionToken 须同时提供", {
      details: { errors: [{ path: req.sessionId === undefined ? "sessionId" : "sessionToken", message: "须同时提供", code: "invalid_input" }] },
    });
  }
  const session = await state.sessions.load(req.sessionId, req.sessionToken);
  if (!session) throw new MediateError("not_found", "会话不存在或已过期，请重新开始");
  return { session, token: req.sessionToken };
}

export function createChatRoutes(deps: ChatRoutesDeps) {
  const engine = createChatEngine({ recommender: deps.recommender, caseCodes: deps.state.caseCodes, now: deps.now });
  const app = new OpenAPIHono({ defaultHook: validationHook });

  app.use(
    "/v1/chat",
    bodyLimit({
      maxSize: deps.bodyLimitBytes ?? 16 * 1024,
      onError: () => {
        throw new MediateError("payload_too_large", "请求体过大");
      },
    }),
  );

  app.openapi(chatRoute, async (c) => {
    const req = c.req.valid("json");
    checkMessage(req.message);
    const { session, token } = await openSession(deps.state, req);
    if (visitorMessageCount(session) >= MAX_VISITOR_MESSAGES) {
      throw new MediateError("invalid_input", "这次对话已经很长了，请点“重新开始”", { status: 409 });
    }
    if (req.script) session.script = req.script;
    c.header("x-accel-buffering", "no");
    c.header("cache-control", "no-store");

    return streamSSE(c, async (stream) => {
      const send = (e: ChatEvent | { event: "session" | "done" | "error"; data: unknown }) =>
        stream.writeSSE({ event: e.event, data: JSON.stringify(e.data) });
      const abort = new AbortController();
      stream.onAbort(() => abort.abort());
      await send({ event: "session", data: { sessionId: session.id, sessionToken: token } });
      try {
        await engine.respond(session, { message: req.message, topic: req.topic }, send, abort.signal);
        await deps.state.sessions.save(session);
      } catch (error) {
        const code = error instanceof MediateError ? error.code : "internal";
        deps.logger?.({ level: "error", msg: "kiosk chat turn failed", code, error: error instanceof Error ? error.message : String(error) });
        await send({ event: "error", data: { code, detail: "系统有点忙，请稍后再试，或直接到人民调解窗口找工作人员。" } });
        // Keep what the visitor said even when the recommendation failed.
        await deps.state.sessions.save(session).catch(() => undefined);
      }
      await send({ event: "done", data: {} });
    });
  });

  return app;
}
