// The kiosk (/, /kiosk) and workbench (/workbench) pages, their static assets (/assets/*:
// separate JS/CSS files, no inline script, so `script-src 'self'` holds) and the plan
// document download (POST /v1/plan-document). No build step: the files are served as written.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { MAX_TEXT_LENGTH, RecommendationSchema } from "@mediate/core";
import type { Context } from "hono";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PROBLEM_CONTENT_TYPE, ProblemSchema } from "../http/problem.ts";
import { CONTENT_SECURITY_POLICY } from "../http/security-headers.ts";
import { validationHook } from "../http/validation.ts";
import { buildPlanDocument } from "./plan-document.ts";

const here = path.dirname(fileURLToPath(import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

type StaticFile = { body: Uint8Array; type: string; etag: string };

function staticFile(file: string): StaticFile {
  const body = new Uint8Array(readFileSync(file));
  const type = CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream";
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`;
  return { body, type, etag };
}

/** OpenCC's simplified→traditional ESM build, for the kiosk's 繁體 toggle. */
function openccBrowserBuild(): string {
  const require = createRequire(import.meta.url);
  // The package exports the UMD build to require(); the ESM build sits beside it.
  return path.join(path.dirname(require.resolve("opencc-js/cn2t")), "..", "esm", "cn2t.js");
}

export const PlanDocumentRequestSchema = z
  .strictObject({
    recommendation: RecommendationSchema.omit({ analysis: true }).extend({ analysis: z.unknown().optional() }),
    narrative: z.string().max(MAX_TEXT_LENGTH).optional(),
  })
  .openapi("PlanDocumentRequest");

const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

const planDocumentRoute = createRoute({
  method: "post",
  path: "/v1/plan-document",
  tags: ["workbench"],
  summary: "Mediation plan as a Word document (.docx)",
  description: "Send a Recommendation as returned by POST /v1/recommendations (`analysis` may be omitted) and optionally the narrative.",
  request: { body: { required: true, content: { "application/json": { schema: PlanDocumentRequestSchema } } } },
  responses: {
    200: { description: "The document.", content: { [DOCX_TYPE]: { schema: z.string().openapi({ format: "binary" }) } } },
    400: { description: "Invalid request.", content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } } },
    413: { description: "Body too large.", content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } } },
  },
});

export type PageRoutesDeps = {
  /** Directory holding kiosk.html, workbench.html and assets/ (default: this folder). */
  pagesDir?: string;
};

export function createPageRoutes(deps: PageRoutesDeps = {}) {
  const dir = deps.pagesDir ?? here;
  const kiosk = staticFile(path.join(dir, "kiosk.html"));
  const workbench = staticFile(path.join(dir, "workbench.html"));
  const assets = new Map<string, StaticFile>();
  for (const name of readdirSync(path.join(dir, "assets"))) {
    if (CONTENT_TYPES[path.extname(name)]) assets.set(name, staticFile(path.join(dir, "assets", name)));
  }
  let opencc: StaticFile | undefined;

  const send = (c: Context, file: StaticFile, cacheControl: string) => {
    const headers: Record<string, string> = { etag: file.etag, "cache-control": cacheControl, "x-content-type-options": "nosniff" };
    if (file.type.startsWith("text/html")) headers["content-security-policy"] = CONTENT_SECURITY_POLICY;
    if (c.req.header("if-none-match") === file.etag) return c.body(null, 304, headers);
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, { ...headers, "content-type": file.type });
  };

  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.get("/", (c) => send(c, kiosk, "no-cache"));
  app.get("/kiosk", (c) => send(c, kiosk, "no-cache"));
  app.get("/workbench", (c) => send(c, workbench, "no-cache"));
  app.get("/assets/vendor/opencc-cn2t.js", (c) => {
    opencc ??= staticFile(openccBrowserBuild());
    return send(c, opencc, "public, max-age=86400");
  });
  app.get("/assets/:name", (c) => {
    const file = assets.get(c.req.param("name"));
    return file ? send(c, file, "no-cache") : c.notFound();
  });

  app.openapi(planDocumentRoute, async (c) => {
    const body = c.req.valid("json");
    const docx = await buildPlanDocument({ recommendation: body.recommendation, narrative: body.narrative });
    const filename = encodeURIComponent(`调解方案-${new Date().toISOString().slice(0, 10)}.docx`);
    return c.body(new Uint8Array(docx), 200, {
      "content-type": DOCX_TYPE,
      "content-disposition": `attachment; filename="plan.docx"; filename*=UTF-8''${filename}`,
      "cache-control": "no-store",
    });
  });

  return app;
}
