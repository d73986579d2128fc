// Serves the real app (createApp with the chat and page routes, ServerState on an
// in-memory PGlite) on a random loopback port, with the test-double recommender or — engine
// "offline" — the full offline engine (analyzeCase + createRecommender) over a real store
// holding a few real laws (test-retrieval.ts).
// create-app first: @hono/zod-openapi must extend zod before @mediate/core builds its schemas.
import { createApp } from "../../src/http/create-app.ts";
import { serve, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import type { Retrieval } from "@mediate/retrieval/types.ts";
import { createChatRoutes } from "../../src/chat/chat-routes.ts";
import { createPageRoutes } from "../../src/pages/page-routes.ts";
import { createServerState } from "../../src/state/create-server-state.ts";
import { openMemorySqlClient } from "../pglite-sql-client.ts";
import { analyzeCase } from "@mediate/core/analyze/analyze-case.ts";
import { createRecommender } from "../../src/recommendation/create-recommender.ts";
import type { Recommender } from "../../src/recommendation/types.ts";
import type { AnalyzeFn } from "../../src/http/app-types.ts";
import { openTestRetrieval } from "../test-retrieval.ts";
import { createFakeRecommender, fakeRecommendation } from "./fake-recommender.ts";

const unused = (name: string) => () => Promise.reject(new Error(`${name} is not used by the page tests`));

const stubRetrieval: Retrieval = {
  searchStatutes: unused("searchStatutes"),
  getArticle: unused("getArticle"),
  searchCases: unused("searchCases"),
  stats: async () => ({ articles: 0, cases: 0, embeddingModel: "none" }),
  close: async () => undefined,
};

export type TestServer = { url: string; close(): Promise<void> };

export async function startTestServer(options: { engine?: "fake" | "offline" } = {}): Promise<TestServer> {
  const db = await openMemorySqlClient();
  const state = await createServerState({ db, pepper: "e2e-pepper", ownsDb: true });
  let retrieval: Retrieval = stubRetrieval;
  let recommender: Recommender;
  let analyze: AnalyzeFn;
  if (options.engine === "offline") {
    const real = await openTestRetrieval();
    retrieval = real.retrieval;
    recommender = createRecommender({ retrieval });
    analyze = (text, o) => analyzeCase(text, o);
  } else {
    recommender = createFakeRecommender();
    analyze = (text) => fakeRecommendation({ text }).analysis;
  }
  const app = createApp({
    retrieval,
    recommender,
    analyze,
    state,
    settings: { logRequests: false, anonymousRatePerMinute: 10_000 },
    routes: [createChatRoutes({ recommender, state }), createPageRoutes()],
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await state.close();
      await retrieval.close();
    },
  };
}
