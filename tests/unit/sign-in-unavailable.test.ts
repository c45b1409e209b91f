// A sign-in that cannot be decided (here: the database is not there) reaches the form as a fixed
// code, never as the thrown error's words: next-auth puts the message into the redirect's URL,
// where a database host or a pool timeout would land in the address bar, the history and proxies'
// logs (docs/security.md "Sign-in").
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const saved = { ...process.env };
beforeAll(() => {
  // A port nobody listens on: every statement fails with the driver's own words.
  process.env.DATABASE_URL = "postgresql://portal:portal@127.0.0.1:1/unreachable_db_host";
  process.env.AUTH_SECRET ??= "unit-test-auth-secret-0123456789abcdef";
  process.env.SECRETS_KEY ??= Buffer.alloc(32, 7).toString("base64");
  process.env.APP_URL ??= "http://localhost:3000";
});
afterAll(() => {
  process.env = saved;
});

describe("sign-in when the database cannot answer", () => {
  it("throws the fixed code, and the driver's words stay out of it", async () => {
    const { authOptions } = await import("@/lib/auth/options");
    const { authErrorMessage } = await import("@/app/login/messages");
    const provider = authOptions().providers[0] as unknown as {
      options: { authorize: (c: Record<string, string>, r: { headers: Record<string, string> }) => Promise<unknown> };
    };
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const thrown = await provider.options
      .authorize({ email: "a@example.test", password: "Some-Password-1", code: "" }, { headers: {} })
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    error.mockRestore();
    expect(thrown?.message).toBe("SignInUnavailable");
    expect(authErrorMessage(thrown?.message)).toEqual({ key: "failed" });
  });
});
