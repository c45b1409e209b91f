// Known-device tokens (lib/auth/known-device.ts): a browser's proof that it completed a sign-in to
// an account, which lets its attempts skip the account's cap. Only a token made with the portal's
// secret, for that account, within its lifetime counts.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const saved = { ...process.env };
let m: typeof import("@/lib/auth/known-device");

beforeAll(async () => {
  process.env = {
    ...saved,
    DATABASE_URL: "postgresql://x@127.0.0.1:1/x",
    AUTH_SECRET: "Qm9vdHN0cmFwcGVkLXNlY3JldC1mb3ItdGVzdHMxMjM0",
  };
  vi.resetModules();
  (await import("@/lib/env")).resetEnvCache();
  m = await import("@/lib/auth/known-device");
});
afterAll(() => {
  process.env = { ...saved };
});

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 5);

describe("known-device tokens", () => {
  it("prove the device for the account they were made for, and keep its id when renewed", () => {
    const cookie = m.cookieAfterSignIn("acct-a", undefined, NOW);
    const device = m.knownDevice("acct-a", cookie, NOW);
    expect(device).toMatch(/^[\w-]{22}$/);
    expect(m.knownDevice("acct-b", cookie, NOW)).toBeUndefined();
    const renewed = m.cookieAfterSignIn("acct-a", cookie, NOW + 10 * DAY);
    expect(m.knownDevice("acct-a", renewed, NOW + 10 * DAY)).toBe(device);
    expect(renewed.split("~")).toHaveLength(1);
  });

  it("stop counting after their lifetime, and one dated in the future never counts", () => {
    const cookie = m.cookieAfterSignIn("acct-a", undefined, NOW);
    expect(m.knownDevice("acct-a", cookie, NOW + (m.DEVICE_DAYS - 1) * DAY)).toBeDefined();
    expect(m.knownDevice("acct-a", cookie, NOW + m.DEVICE_DAYS * DAY)).toBeUndefined();
    expect(m.knownDevice("acct-a", cookie, NOW - DAY)).toBeUndefined();
  });

  it("refuse a changed signature, device id or date", () => {
    const cookie = m.cookieAfterSignIn("acct-a", undefined, NOW);
    const [nonce, issued, mac] = cookie.split(".") as [string, string, string];
    const flip = (s: string) => (s[0] === "A" ? `B${s.slice(1)}` : `A${s.slice(1)}`);
    expect(m.knownDevice("acct-a", `${nonce}.${issued}.${flip(mac)}`, NOW)).toBeUndefined();
    expect(m.knownDevice("acct-a", `${flip(nonce)}.${issued}.${mac}`, NOW)).toBeUndefined();
    const dayBefore = (Number.parseInt(issued, 36) - 1).toString(36);
    expect(m.knownDevice("acct-a", `${nonce}.${dayBefore}.${mac}`, NOW)).toBeUndefined();
    expect(m.knownDevice("acct-a", "garbage", NOW)).toBeUndefined();
    expect(m.knownDevice("acct-a", "", NOW)).toBeUndefined();
  });

  it("are not valid under another portal's secret", async () => {
    const cookie = m.cookieAfterSignIn("acct-a", undefined, NOW);
    process.env.AUTH_SECRET = "QW5vdGhlci1wb3J0YWxzLXNlY3JldC1vZi0zMi1jaGFycw";
    vi.resetModules();
    (await import("@/lib/env")).resetEnvCache();
    const other = await import("@/lib/auth/known-device");
    expect(other.knownDevice("acct-a", cookie, NOW)).toBeUndefined();
  });

  it("keep a browser's tokens for other accounts, newest first, at most four", () => {
    let cookie: string | undefined;
    for (const acct of ["a", "b", "c", "d", "e"]) cookie = m.cookieAfterSignIn(acct, cookie, NOW);
    expect(cookie?.split("~")).toHaveLength(4);
    for (const acct of ["b", "c", "d", "e"]) expect(m.knownDevice(acct, cookie, NOW), acct).toBeDefined();
    expect(m.knownDevice("a", cookie, NOW)).toBeUndefined();
    // Signing in to "c" again moves its token to the front without adding one.
    const again = m.cookieAfterSignIn("c", cookie, NOW);
    expect(again.split("~")).toHaveLength(4);
    expect(m.knownDevice("c", again.split("~")[0], NOW)).toBe(m.knownDevice("c", cookie, NOW));
  });

  it("read a cookie's value from a Cookie header", () => {
    expect(m.cookieValue("a=1; portal-device=x.y.z; b=2", "portal-device")).toBe("x.y.z");
    expect(m.cookieValue("xportal-device=1", "portal-device")).toBeUndefined();
    expect(m.cookieValue(undefined, "portal-device")).toBeUndefined();
    expect(m.deviceCookieName(true)).toBe("__Secure-portal-device");
  });
});
