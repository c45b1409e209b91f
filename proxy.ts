// Convenience only: a visitor without a session cookie who opens a portal page is sent to the
// sign-in page with the page remembered, so they land there after signing in. This is never the
// guard: pages, actions and route handlers call lib/auth/session.ts, which checks the session
// against the database (DESIGN.md invariant 7).
import { type NextRequest, NextResponse } from "next/server";

const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

export function proxy(request: NextRequest) {
  // Chunked cookies (next-auth splits large tokens) are named <name>.0, <name>.1, …
  const hasSession = request.cookies
    .getAll()
    .some((c) => SESSION_COOKIES.some((n) => c.name === n || c.name.startsWith(`${n}.`)));
  if (hasSession) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = "/login";
  url.search = "";
  url.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(url);
}

export const config = {
  matcher: ["/r/:path*", "/support/:path*", "/admin/:path*"],
};
