// Security headers that vary per request (docs/security.md "Headers and cookies"): the
// Content-Security-Policy carries a fresh nonce, and HSTS depends on APP_URL at run time, so
// proxy.ts sets these. The fixed ones (nosniff, Referrer-Policy, X-Frame-Options,
// Permissions-Policy) are set for every path, static files included, in next.config.js.

const HSTS = "max-age=63072000; includeSubDomains";

/**
 * Scripts run only with this request's nonce ('strict-dynamic' lets them load Next's chunks);
 * styles allow inline because React and Tailwind set style attributes; nothing may frame the
 * portal; forms post only to it.
 */
export function contentSecurityPolicy(nonce: string, opts: { https: boolean; dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${opts.dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** The per-request headers proxy.ts sets on the response. */
export function dynamicSecurityHeaders(nonce: string, opts: { https: boolean; dev: boolean }): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(nonce, opts),
    ...(opts.https ? { "Strict-Transport-Security": HSTS } : {}),
  };
}

/**
 * The reseller API's answers (lib/api/handler.ts): JSON that is never rendered, so nothing may
 * load from or frame it, and no nonce is needed. /api/v1 skips proxy.ts: its per-request work
 * (nonce, request copy, sign-in redirect) costs CPU on every API call and serves none of it.
 */
export function apiSecurityHeaders(opts: { https: boolean }): Record<string, string> {
  return {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    ...(opts.https ? { "Strict-Transport-Security": HSTS } : {}),
  };
}

/** 128 random bits, base64: unguessable per request. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** Secure cookies and HSTS follow the address people open (APP_URL), not a second setting. */
export function isHttps(appUrl: string): boolean {
  return new URL(appUrl).protocol === "https:";
}
