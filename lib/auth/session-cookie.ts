// Reads the next-auth session cookie of the current request straight from its JWT, once.
// next-auth's getServerSession() runs its whole session route for that (CSRF token, decode, the
// callbacks, then a fresh JWT encrypted for a cookie that a page cannot even set), and each guard
// of a page asked again: together most of a page's session cost (docs/benchmarks/pages.md "Pages: the
// fixed cost of a request"). Decoding is all a page needs; the database check that makes a
// revoked session fail at once stays in liveSessionUser (lib/auth/options.ts).
import { cookies } from "next/headers";
import { decode, encode, type JWT } from "next-auth/jwt";
import { env } from "@/lib/env";
import { authOptions } from "./options";
import { sessionMaxSeconds } from "./sessions";

/** next-auth's default name for the session cookie under our options (`__Secure-` over https). */
export function sessionCookieName(): string {
  return `${authOptions().useSecureCookies ? "__Secure-" : ""}next-auth.session-token`;
}

/**
 * The cookie's value as next-auth reads it: a token too large for one cookie is split into
 * `<name>.0`, `<name>.1`, … and joined in the order of that suffix.
 */
export function joinSessionCookie(all: ReadonlyArray<{ name: string; value: string }>, name: string): string {
  const parts = all.filter((c) => c.name === name || c.name.startsWith(`${name}.`));
  const suffix = (n: string) => Number.parseInt(n.split(".").pop() ?? "0", 10) || 0;
  return parts
    .sort((a, b) => suffix(a.name) - suffix(b.name))
    .map((c) => c.value)
    .join("");
}

/** The decoded session token in these cookies, or null: no cookie, forged, or expired. */
export async function decodeSessionCookie(all: ReadonlyArray<{ name: string; value: string }>): Promise<JWT | null> {
  const secret = env().AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set (at least 32 characters)");
  const token = joinSessionCookie(all, sessionCookieName());
  if (!token) return null;
  try {
    return await decode({ token, secret });
  } catch {
    // Not ours, tampered with, or past its expiry: the same "no session" next-auth answers.
    return null;
  }
}

/** The decoded session token of this request, or null: no cookie, forged, or expired. */
export async function requestSessionToken(): Promise<JWT | null> {
  return decodeSessionCookie((await cookies()).getAll());
}

/**
 * Gives this browser a session cookie naming `sessionId`, the session it goes on in after its
 * old id was ended (a password change or two-factor turned on: lib/auth/sessions.ts
 * rotateSession). Made as next-auth makes its own (same claims, secret and cookie options), so
 * next-auth goes on reading it. It expires when the cookie it replaces would have: the new row
 * keeps the sign-in time, so the absolute cap is unchanged, and a cookie renewed here must not
 * outlive it. A server action's cookie also holds for the page it renders in the same answer.
 * Nothing happens without a session cookie.
 */
export async function continueSessionAs(sessionId: string): Promise<void> {
  const secret = env().AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set (at least 32 characters)");
  const current = await requestSessionToken();
  if (!current) return;
  // The token's own times and id are set anew by encode().
  const { iat: _iat, exp, jti: _jti, ...claims } = current;
  const maxAge = typeof exp === "number" ? Math.max(1, exp - Math.floor(Date.now() / 1000)) : sessionMaxSeconds();
  const value = await encode({ token: { ...claims, sid: sessionId }, secret, maxAge });
  const jar = await cookies();
  const name = sessionCookieName();
  const options = {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: authOptions().useSecureCookies === true,
  } as const;
  // A token once split into chunks (<name>.0, …) would be read before the new one: none are kept.
  // Expired with the same options: a browser ignores a __Secure- cookie set without Secure.
  for (const c of jar.getAll()) if (c.name.startsWith(`${name}.`)) jar.set(c.name, "", { ...options, maxAge: 0 });
  jar.set(name, value, { ...options, maxAge });
}
