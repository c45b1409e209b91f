// Turns next-auth's error codes into fixed messages. The code arrives in the URL (?error=) or in
// signIn()'s answer, so anyone can craft it: only known codes map to a message, and no part of the
// code is ever shown (docs/security.md "Sign-in"). The form shows the message in the visitor's
// language (`login` namespace).
import { throttledMinutes } from "@/lib/auth/throttle-code";

export { throttledCode } from "@/lib/auth/throttle-code";

/** A sign-in refusal: a key of the `login` namespace and its values. */
export type AuthErrorMessage =
  | { key: "invalid" | "failed" | "unavailable" | "codeNeeded" | "codeInvalid" }
  | { key: "throttled"; values: { minutes: number } };

export function authErrorMessage(code: string | undefined | null): AuthErrorMessage {
  if (code === "CredentialsSignin") return { key: "invalid" };
  if (code === "SecondFactorRequired") return { key: "codeNeeded" };
  if (code === "SecondFactorInvalid") return { key: "codeInvalid" };
  // The portal could not decide (lib/auth/sign-in.ts SIGN_IN_UNAVAILABLE): said apart from a wrong
  // password, which this must not read like. Wrong password and unknown address stay one text.
  if (code === "SignInUnavailable") return { key: "unavailable" };
  // Only the number of a well-formed throttle code is used, re-rendered into fixed text.
  const minutes = typeof code === "string" ? throttledMinutes(code) : null;
  if (minutes !== null) return { key: "throttled", values: { minutes } };
  return { key: "failed" };
}

const BASE = "http://placeholder.invalid";

/**
 * Only same-site paths, so a crafted link cannot send someone elsewhere after signing in. The
 * checks run on the normalised path, the one that is returned and followed: `/./\host`,
 * `/a/..//host` and `/%2e//host` all normalise to `//host`, which browsers read as another site.
 */
export function safeCallbackPath(value: string | undefined | null): string | null {
  if (typeof value !== "string" || !value.startsWith("/")) return null;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  const path = `${url.pathname}${url.search}`;
  if (!path.startsWith("/") || path.startsWith("//") || hasBackslashOrControl(path)) return null;
  if (path === "/login" || /^\/login[/?]/.test(path) || path.startsWith("/api/")) return null;
  return path;
}

function hasBackslashOrControl(path: string): boolean {
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c === 0x5c || c < 0x20 || c === 0x7f) return true;
  }
  return false;
}
