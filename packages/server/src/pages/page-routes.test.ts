import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { docxText } from "../../test/e2e/read-zip.ts";
import { fakeRecommendation } from "../../test/e2e/fake-recommender.ts";
import { errorToProblem } from "../http/problem.ts";
import { createPageRoutes } from "./page-routes.ts";

function setup() {
  const app = new Hono();
  app.onError((err, c) => errorToProblem(c, err, () => undefined));
  app.route("/", createPageRoutes());
  return app;
}

describe("page routes", () => {
  it.each(["/", "/kiosk", "/workbench"])("%s is HTML with a strict CSP and no inline script", async (p) => {
    const res = await setup().request(p);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    const html = await res.text();
    for (const tag of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? []) {
      expect(tag).toMatch(/\bsrc="\/assets\/[\w.-]+\.js"/);
      expect(tag).toMatch(/>\s*<\/script>$/);
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/\sstyle\s*=/i);
    expect(html).not.toMatch(/javascript:/i);
  });

  it("serves the assets each page references, with content types and ETags", async () => {
    const app = setup();
    for (const page of ["/kiosk", "/workbench"]) {
      const html = await (await app.request(page)).text();
      const refs = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
      expect(refs.length).toBeGreaterThanOrEqual(2);
      for (const ref of refs) {
        const res = await app.request(ref);
        expect(res.status, ref).toBe(200);
        expect(res.headers.get("content-type")).toMatch(ref.endsWith(".js") ? /javascript/ : ref.endsWith(".svg") ? /svg/ : /text\/css/);
        const again = await app.request(ref, { headers: { "if-none-match": res.headers.get("etag")! } });
        expect(again.status).toBe(304);
      }
    }
    expect((await app.request("/assets/nope.js")).status).toBe(404);
    expect((await app.request("/assets/..%2Fpage-routes.ts")).status).toBe(404);
  });

  it("serves the OpenCC browser build for the 繁體 toggle", async () => {
    const res = await setup().request("/assets/vendor/opencc-cn2t.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("javascript");
    expect(await res.text()).toMatch(/export\s*\{[^}]*Converter/);
  });
});

describe("POST /v1/plan-document", () => {
  const post = (body: unknown) =>
    setup().request("/v1/plan-document", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  it("returns a Word document with the plan and the cited articles in full", async () => {
    const narrative = "老板拖了三个月工资不给，我想把钱要回来";
    const rec = fakeRecommendation({ text: narrative });
    const res = await post({ narrative, recommendation: { ...rec, analysis: undefined } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("wordprocessingml");
    expect(res.headers.get("content-disposition")).toContain("attachment");
    const text = docxText(Buffer.from(await res.arrayBuffer()));
    expect(text).toContain("调解方案");
    expect(text).toContain(narrative);
    expect(text).toContain("劳动争议纠纷");
    expect(text).toContain("《中华人民共和国劳动合同法》第三十条");
    // every paragraph of the article, verbatim
    for (const line of rec.legalBasis[0]!.text.split(/\n+/).filter((l) => l.trim())) expect(text).toContain(line.trim());
    for (const step of rec.plan.steps) expect(text).toContain(step.title);
  });

  it("rejects a body that is not a recommendation", async () => {
    const res = await post({ recommendation: { engine: "offline" } });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });
});
