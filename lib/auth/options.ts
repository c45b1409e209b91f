// next-auth v4 configuration: one credentials provider, JWT sessions. The JWT only says who
// signed in, in which server-side session (user_session row) and with which session version;
// every read re-checks the session row and the user (jwt callback), so signing out, revoking a
// session, disabling a user or resetting a password ends the session at the next request.

import { cookies } from "next/headers";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { cache } from "react";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { isHttps } from "@/lib/security/headers";
import type { SessionUser } from "@/lib/users/queries";
import { clientIp } from "./client-ip";
import { cookieValue, DEVICE_DAYS, deviceCookieName } from "./known-device";
import { findLiveSession, revokeSession, sessionMaxSeconds } from "./sessions";
import { SECOND_FACTOR_INVALID, SECOND_FACTOR_REQUIRED, SIGN_IN_UNAVAILABLE, signInWithPassword } from "./sign-in";
import { throttledCode } from "./throttle-code";

// One user lookup per request even though both the jwt callback and requireUser() ask.
export const liveSessionUser = cache(findLiveSession);

class SessionRevokedError extends Error {
  constructor() {
    super("session revoked");
  }
}

// Name, e-mail, role and tenant are refreshed from the row on every read, so a rename or a role
// change shows without signing in again.
type ClaimSource = Pick<SessionUser, "role" | "resellerId" | "resellerSlug"> & {
  email?: string | null;
  name?: string | null;
};
const claims = (u: ClaimSource) => ({
  email: u.email ?? "",
  name: u.name ?? "",
  role: u.role,
  resellerId: u.resellerId,
  resellerSlug: u.resellerSlug,
});

/**
 * Gives the browser its known-device cookie (lib/auth/known-device.ts). Sent only to next-auth's
 * endpoints, where sign-in posts; Next.js adds it to the sign-in answer.
 */
async function rememberDevice(value: string): Promise<void> {
  const secure = isHttps(env().APP_URL);
  (await cookies()).set(deviceCookieName(secure), value, {
    httpOnly: true,
    secure,
    sameSite: "lax",
    path: "/api/auth",
    maxAge: DEVICE_DAYS * 24 * 60 * 60,
  });
}

let options: NextAuthOptions | undefined;

/** Built on first use so that `next build` (no env at build time) never evaluates env(). */
export function authOptions(): NextAuthOptions {
  const secret = env().AUTH_SECRET;
  // Without it next-auth would fall back to reading process.env itself; fail plainly instead.
  if (!secret) throw new Error("AUTH_SECRET is not set (at least 32 characters)");
  options ??= {
    secret,
    // Secure (and __Secure- prefixed) cookies exactly when people open the portal over https.
    useSecureCookies: isHttps(env().APP_URL),
    // The cookie lasts as long as the absolute cap (SESSION_MAX_HOURS): the session row decides
    // when a session ends, 12 h idle or the cap after sign-in (lib/auth/sessions.ts). A shorter
    // cookie would end busy sessions early, since nothing issues it again on page requests
    // (docs/security.md "Server-side sessions").
    session: { strategy: "jwt", maxAge: sessionMaxSeconds() },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
          code: { label: "Authentication code", type: "text" },
        },
        async authorize(credentials, req) {
          const headers = req.headers ?? {};
          const agent = headers["user-agent"];
          let result: Awaited<ReturnType<typeof signInWithPassword>>;
          try {
            result = await signInWithPassword({
              email: String(credentials?.email ?? ""),
              password: String(credentials?.password ?? ""),
              code: String(credentials?.code ?? ""),
              ip: clientIp(headers, env().TRUSTED_PROXY_HOPS),
              userAgent: (Array.isArray(agent) ? agent[0] : agent) ?? "",
              deviceCookie: cookieValue(headers.cookie, deviceCookieName(isHttps(env().APP_URL))),
            });
            if (result.ok) await rememberDevice(result.deviceCookie);
          } catch (err) {
            // next-auth puts a thrown message into the redirect's URL: a database's or library's
            // words (a host name, a table, a pool timeout) would reach the address bar, the
            // history and proxies' logs. They go to the log; the form gets a fixed code.
            log.error("sign-in failed unexpectedly", { error: err instanceof Error ? err.message : String(err) });
            throw new Error(SIGN_IN_UNAVAILABLE);
          }
          if (result.ok) return { ...result.user, sessionVersion: result.sessionVersion, sessionId: result.sessionId };
          // A thrown message reaches the form (and the URL) as a code that the login page maps to
          // a fixed text; null becomes next-auth's "CredentialsSignin".
          if (result.reason === "throttled") throw new Error(throttledCode(result.retryAfterMinutes));
          if (result.reason === "second_factor_required") throw new Error(SECOND_FACTOR_REQUIRED);
          if (result.reason === "second_factor_invalid") throw new Error(SECOND_FACTOR_INVALID);
          return null;
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          return {
            sub: user.id,
            userId: user.id,
            sessionVersion: user.sessionVersion,
            sid: user.sessionId,
            ...claims(user),
          };
        }
        if (!token.userId || !token.sid || typeof token.sessionVersion !== "number") throw new SessionRevokedError();
        const live = await liveSessionUser(token.sid, token.userId, token.sessionVersion);
        // Throwing here makes next-auth answer "no session" and clear the cookie.
        if (!live) throw new SessionRevokedError();
        return { ...token, ...claims(live) };
      },
      // Runs right after jwt() on the token it just re-checked, so no second lookup.
      async session({ session, token }) {
        if (!token.userId || !token.role) throw new SessionRevokedError();
        const user = {
          id: token.userId,
          email: token.email ?? "",
          name: token.name ?? "",
          role: token.role,
          resellerId: token.resellerId ?? null,
          resellerSlug: token.resellerSlug ?? null,
        };
        return {
          expires: session.expires,
          sessionVersion: token.sessionVersion ?? 0,
          sessionId: token.sid ?? "",
          user,
        };
      },
    },
    events: {
      // Sign-out ends the session on the server too: the cookie alone, copied before, is dead.
      async signOut({ token }) {
        if (!token?.userId || !token.sid) return;
        if (await revokeSession(token.userId, token.sid)) {
          await recordAudit(db(), {
            actor: { type: "user", id: token.userId, label: token.email ?? undefined },
            action: "auth.sign_out",
            resellerId: token.resellerId ?? null,
            after: { userId: token.userId, sessionId: token.sid },
          });
        }
      },
    },
    logger: {
      // A revoked session is expected, not an error worth a stack trace.
      error(code, metadata) {
        if (code === "JWT_SESSION_ERROR") return;
        log.error("next-auth error", { code, message: metadata instanceof Error ? metadata.message : undefined });
      },
      warn(code) {
        log.warn("next-auth warning", { code });
      },
      debug() {},
    },
  };
  return options;
}
