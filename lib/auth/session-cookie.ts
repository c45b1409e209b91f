// Reads the next-auth session cookie of the current request straight from its JWT, once.
// next-auth's getServerSession() runs its whole session route for that (CSRF token, decode, the
// callbacks, then a fresh JWT encrypted for a cookie that a page cannot even set), and each guard
// of a page asked again: together most of a page's session cost (docs/benchmarks/pages.md "Pages: the
// fixed cost of a request"). Decoding is all a page needs; the database check that makes a
// revoked session fail at once stays in liveSessionUser (lib/auth/options.ts).
import { cookies } from "next/headers";
import { decode, type JWT } from "next-auth/jwt";
import { env } from "@/lib/env";
import { authOptions } from "./options";

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

/** The decoded session token of this request, or null: no cookie, forged, or expired. */
export async function requestSessionToken(): Promise<JWT | null> {
  const secret = env().AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set (at least 32 characters)");
  const token = joinSessionCookie((await cookies()).getAll(), sessionCookieName());
  if (!token) return null;
  try {
    return await decode({ token, secret });
  } catch {
    // Not ours, tampered with, or past its expiry: the same "no session" next-auth answers.
    return null;
  }
}
