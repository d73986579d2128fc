// Security headers on every response. Pages may only run scripts served by us
// (`script-src 'self'`, no inline script); nothing may frame us. /docs (Swagger UI)
// sets inline style attributes, so only there styles get 'unsafe-inline'.
import type { MiddlewareHandler } from "hono";

const BASE_CSP = {
  "default-src": "'self'",
  "script-src": "'self'",
  "style-src": "'self'",
  "img-src": "'self' data:",
  "font-src": "'self'",
  "connect-src": "'self'",
  "object-src": "'none'",
  "base-uri": "'none'",
  "form-action": "'self'",
  "frame-ancestors": "'none'",
};

function csp(overrides: Partial<Record<keyof typeof BASE_CSP, string>>): string {
  return Object.entries({ ...BASE_CSP, ...overrides })
    .map(([k, v]) => `${k} ${v}`)
    .join("; ");
}

export const CONTENT_SECURITY_POLICY = csp({});
export const DOCS_CONTENT_SECURITY_POLICY = csp({ "style-src": "'self' 'unsafe-inline'" });

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    const isDocs = c.req.path === "/docs" || c.req.path.startsWith("/docs/");
    if (!h.has("content-security-policy")) h.set("content-security-policy", isDocs ? DOCS_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY);
    h.set("x-content-type-options", "nosniff");
    h.set("referrer-policy", "no-referrer");
    h.set("x-frame-options", "DENY");
    h.set("cross-origin-opener-policy", "same-origin");
    if (!c.req.path.startsWith("/v1/")) h.set("cross-origin-resource-policy", "same-origin");
    h.set("permissions-policy", "camera=(), microphone=(self), geolocation=()");
    if (c.req.path.startsWith("/v1/") && !h.has("cache-control")) h.set("cache-control", "no-store");
  };
}
