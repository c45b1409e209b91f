// Session cookies are Secure (and __Secure- prefixed) exactly when APP_URL is https
// (docs/security.md "Headers and cookies"), the setting that also decides HSTS: next-auth's own
// default would follow NEXTAUTH_URL, a second variable: lib/env.ts refuses one that disagrees, but
// unset, next-auth's default is http://localhost:3000 until the server sets it (instrumentation.ts).
import { afterEach, describe, expect, it, vi } from "vitest";

const saved = { ...process.env };

async function optionsWith(appUrl: string, nextAuthUrl: string | undefined) {
  process.env = {
    ...saved,
    DATABASE_URL: "postgresql://x@127.0.0.1:1/x",
    AUTH_SECRET: "Qm9vdHN0cmFwcGVkLXNlY3JldC1mb3ItdGVzdHMxMjM0",
    APP_URL: appUrl,
  };
  if (nextAuthUrl === undefined) delete process.env.NEXTAUTH_URL;
  else process.env.NEXTAUTH_URL = nextAuthUrl;
  // authOptions() is built once per process: a fresh module for each setting.
  vi.resetModules();
  const { resetEnvCache } = await import("@/lib/env");
  resetEnvCache();
  const { authOptions } = await import("@/lib/auth/options");
  return authOptions();
}

describe("secure session cookies", () => {
  afterEach(() => {
    process.env = { ...saved };
  });

  it("follow APP_URL, with NEXTAUTH_URL unset or set", async () => {
    expect((await optionsWith("https://portal.example.com", undefined)).useSecureCookies).toBe(true);
    expect((await optionsWith("https://portal.example.com", "https://portal.example.com")).useSecureCookies).toBe(true);
    expect((await optionsWith("http://127.0.0.1:3000", undefined)).useSecureCookies).toBe(false);
  });
});
