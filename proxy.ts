// Runs before every request except Next's static files (see config.matcher):
// 1. Security headers that vary per request (lib/security/headers.ts): a Content-Security-Policy
//    with a fresh nonce, which Next reads from the request's own CSP header to put on its
//    scripts, and HSTS when APP_URL is https. The static headers come from next.config.js.
// 2. Convenience only: a visitor without a session cookie who opens a portal page is sent to the
//    sign-in page with the page remembered. This is never the guard: pages, actions and route
//    handlers call lib/auth/session.ts, which checks the session against the database.
import { type NextRequest, NextResponse } from "next/server";
import { env } from "@/lib/env";
import { dynamicSecurityHeaders, isHttps, newNonce } from "@/lib/security/headers";

const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"];
const SIGNED_IN_AREAS = /^\/(r|support|admin|account|profile)(\/|$)/;

function needsSignIn(request: NextRequest): boolean {
  if (!SIGNED_IN_AREAS.test(request.nextUrl.pathname)) return false;
  // Chunked cookies (next-auth splits large tokens) are named <name>.0, <name>.1, …
  return !request.cookies.getAll().some((c) => SESSION_COOKIES.some((n) => c.name === n || c.name.startsWith(`${n}.`)));
}

export function proxy(request: NextRequest) {
  const { APP_URL, NODE_ENV } = env();
  const nonce = newNonce();
  const headers = dynamicSecurityHeaders(nonce, { https: isHttps(APP_URL), dev: NODE_ENV === "development" });

  let response: NextResponse;
  if (needsSignIn(request)) {
    const url = request.nextUrl.clone();
    url.pathname = "/login";
    url.search = "";
    url.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
    response = NextResponse.redirect(url);
  } else {
    // The request copy replaces any CSP header a client sent, so the nonce is always ours.
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"]!);
    requestHeaders.set("x-nonce", nonce);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but Next's build output and image optimiser (static files carry the static
  // headers from next.config.js) and the reseller API: its answers are JSON, never pages, and
  // lib/api/handler.ts sets their headers (docs/security.md "Headers and cookies"). Skipping the proxy saves
  // the API a request copy and a nonce per call (docs/benchmarks.md). `/api/v1` itself too (`$`):
  // it answers the API's 404 (app/api/v1/[[...path]]).
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/v1/|api/v1$).*)"],
};
