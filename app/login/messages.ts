// Turns next-auth's error codes into fixed messages. The code arrives in the URL (?error=) or in
// signIn()'s answer, so anyone can craft it: only known codes map to text, and no part of the
// code is ever shown (docs/security.md "Sign-in").
export const INVALID_MESSAGE = "Email or password is incorrect";
export const GENERIC_MESSAGE = "Sign-in failed, please try again";
export const CODE_NEEDED_MESSAGE = "Enter the 6-digit code from your authenticator app, or a recovery code";
export const CODE_INVALID_MESSAGE = "That code is not right: type the current 6-digit code, or an unused recovery code";

import { throttledMinutes } from "@/lib/auth/throttle-code";

export { throttledCode } from "@/lib/auth/throttle-code";

export function messageForAuthError(code: string | undefined | null): string {
  if (code === "CredentialsSignin") return INVALID_MESSAGE;
  if (code === "SecondFactorRequired") return CODE_NEEDED_MESSAGE;
  if (code === "SecondFactorInvalid") return CODE_INVALID_MESSAGE;
  // Only the number of a well-formed throttle code is used, re-rendered into fixed text.
  const minutes = typeof code === "string" ? throttledMinutes(code) : null;
  if (minutes !== null) {
    return `Too many attempts, try again in ${minutes} minute${minutes === 1 ? "" : "s"}`;
  }
  return GENERIC_MESSAGE;
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
