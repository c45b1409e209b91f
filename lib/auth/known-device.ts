// Known devices (docs/security.md "Limits"). A browser that has completed a sign-in to an account
// keeps a signed token for that account in a cookie. Its later attempts on that account are
// counted against that device alone, not against the account's cap, which anyone anywhere can
// fill: guessers at enough addresses could otherwise keep the owner out for as long as they keep
// going. A browser without a token (a new device, or the guessers) is limited as before.
//
// A token is `<nonce>.<issued>.<mac>`: a random device id, the day it was issued (base 36), and an
// HMAC over the account key, the nonce and the day, keyed from AUTH_SECRET. Nothing is stored on
// the server; a token stops counting after DEVICE_DAYS, and one for another account never
// verifies. A browser keeps up to MAX_TOKENS of them (a person with two accounts), newest first.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { authSecretKey } from "./auth-secret-key";

export const DEVICE_DAYS = 180;
const MAX_TOKENS = 4;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The cookie's name: `__Secure-` prefixed when the portal is served over https. */
export const deviceCookieName = (secure: boolean) => (secure ? "__Secure-portal-device" : "portal-device");

// A key of its own, derived from the session secret (./auth-secret-key.ts).
const key = () => authSecretKey("portal known-device token v1");

const macOf = (accountKey: string, nonce: string, issued: string) =>
  createHmac("sha256", key()).update(`${accountKey}.${nonce}.${issued}`).digest();

type Token = { nonce: string; issued: string; mac: string; raw: string };

function tokensIn(cookie: string | undefined): Token[] {
  if (!cookie) return [];
  return cookie
    .split("~")
    .slice(0, MAX_TOKENS)
    .map((raw) => {
      const [nonce = "", issued = "", mac = ""] = raw.split(".");
      return { nonce, issued, mac, raw };
    })
    .filter((t) => /^[\w-]{16,32}$/.test(t.nonce) && /^[0-9a-z]{1,8}$/.test(t.issued) && /^[\w-]{43}$/.test(t.mac));
}

function verifies(accountKey: string, t: Token, now: number): boolean {
  const day = Number.parseInt(t.issued, 36);
  const today = Math.floor(now / DAY_MS);
  if (!(day <= today && today - day < DEVICE_DAYS)) return false;
  const expected = macOf(accountKey, t.nonce, t.issued);
  const given = Buffer.from(t.mac, "base64url");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The device id this cookie proves for the account, if any. */
export function knownDevice(accountKey: string, cookie: string | undefined, now = Date.now()): string | undefined {
  return provenDevice(accountKey, cookie, now)?.id;
}

/** The device this cookie proves for the account, and the day (days since 1970) its token was issued. */
export function provenDevice(
  accountKey: string,
  cookie: string | undefined,
  now = Date.now(),
): { id: string; issuedDay: number } | undefined {
  const t = tokensIn(cookie).find((x) => verifies(accountKey, x, now));
  return t ? { id: t.nonce, issuedDay: Number.parseInt(t.issued, 36) } : undefined;
}

/** The day (days since 1970) of a time, as tokens count their issue. */
export const dayOf = (at: Date): number => Math.floor(at.getTime() / DAY_MS);

/**
 * The cookie's value after a completed sign-in: a fresh token for this account first (same device
 * id when the browser already had one for it), then the browser's tokens for other accounts.
 */
export function cookieAfterSignIn(accountKey: string, cookie: string | undefined, now = Date.now()): string {
  const nonce = knownDevice(accountKey, cookie, now) ?? randomBytes(16).toString("base64url").slice(0, 22);
  const issued = Math.floor(now / DAY_MS).toString(36);
  const token = `${nonce}.${issued}.${macOf(accountKey, nonce, issued).toString("base64url")}`;
  const others = tokensIn(cookie).filter((t) => !verifies(accountKey, t, now) && t.nonce !== nonce);
  return [token, ...others.map((t) => t.raw)].slice(0, MAX_TOKENS).join("~");
}

/** The value of `name` in a Cookie header. */
export function cookieValue(header: string | string[] | undefined, name: string): string | undefined {
  const text = Array.isArray(header) ? header.join("; ") : (header ?? "");
  for (const part of text.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
