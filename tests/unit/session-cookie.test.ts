// Pages read the session cookie themselves (lib/auth/session-cookie.ts) instead of running
// next-auth's session route: the name and the joining of a split cookie must be next-auth's own,
// or every page would see "signed out".
import { afterEach, describe, expect, it, vi } from "vitest";

const saved = { ...process.env };

async function moduleWith(appUrl: string) {
  process.env = {
    ...saved,
    DATABASE_URL: "postgresql://x@127.0.0.1:1/x",
    AUTH_SECRET: "Qm9vdHN0cmFwcGVkLXNlY3JldC1mb3ItdGVzdHMxMjM0",
    APP_URL: appUrl,
    NEXTAUTH_URL: appUrl,
  };
  vi.resetModules();
  const { resetEnvCache } = await import("@/lib/env");
  resetEnvCache();
  return import("@/lib/auth/session-cookie");
}

describe("the session cookie as pages read it", () => {
  afterEach(() => {
    process.env = { ...saved };
  });

  it("is named as next-auth names it: __Secure- prefixed exactly over https", async () => {
    expect((await moduleWith("https://portal.example.com")).sessionCookieName()).toBe(
      "__Secure-next-auth.session-token",
    );
    expect((await moduleWith("http://127.0.0.1:3000")).sessionCookieName()).toBe("next-auth.session-token");
  });

  it("joins a token split over several cookies in the order of their number, ignoring other cookies", async () => {
    const { joinSessionCookie } = await moduleWith("http://127.0.0.1:3000");
    const name = "next-auth.session-token";
    const parts = Array.from({ length: 12 }, (_, i) => ({ name: `${name}.${i}`, value: `<${i}>` }));
    const shuffled = [parts[10]!, parts[2]!, parts[0]!, parts[11]!, ...parts.slice(3, 10), parts[1]!];
    const others = [
      { name: "next-auth.csrf-token", value: "x" },
      { name: "next-auth.session-tokenish", value: "y" },
    ];
    expect(joinSessionCookie([...others, ...shuffled], name)).toBe(parts.map((p) => p.value).join(""));
    expect(joinSessionCookie([...others, { name, value: "whole" }], name)).toBe("whole");
    expect(joinSessionCookie(others, name)).toBe("");
  });
});
