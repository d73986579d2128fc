// Interactive API reference at /docs, fully offline: Swagger UI's files are served from
// the swagger-ui-dist package and the page has no inline script (CSP script-src 'self').
import { Hono } from "hono";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
};

const INIT_JS = `window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    tryItOutEnabled: true,
    validatorUrl: null
  });
});
`;

const PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>调解助手 API 参考 · Mediation Copilot API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" href="/docs/assets/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

function distDir(): string {
  return path.dirname(require.resolve("swagger-ui-dist/package.json"));
}

export function createDocsRoutes(): Hono {
  const app = new Hono();
  const cache = new Map<string, Buffer>();
  app.get("/docs", (c) => c.html(PAGE));
  app.get("/docs/", (c) => c.redirect("/docs"));
  app.get("/docs/init.js", (c) => c.body(INIT_JS, 200, { "content-type": "text/javascript; charset=utf-8" }));
  app.get("/docs/assets/:name", async (c) => {
    const name = c.req.param("name");
    const type = ASSETS[name];
    if (!type) return c.notFound();
    let body = cache.get(name);
    if (!body) {
      body = await readFile(path.join(distDir(), name));
      cache.set(name, body);
    }
    return c.body(new Uint8Array(body), 200, { "content-type": type, "cache-control": "public, max-age=86400" });
  });
  return app;
}
