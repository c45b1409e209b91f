// A sign-in that cannot be decided (here: the database is not there) reaches the form as a fixed
// code, never as the thrown error's words: next-auth puts the message into the redirect's URL,
// where a database host or a pool timeout would land in the address bar, the history and proxies'
// logs (docs/security.md "Sign-in"). The form says the portal could not decide, which a person
// must not take for a wrong password.
import { createElement } from "react";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { renderIn, visibleOwnText } from "../support/german-markup";

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
    expect(authErrorMessage(thrown?.message)).toEqual({ key: "unavailable" });
  });

  it("reads apart from a wrong password, which stays one text for a wrong password and an unknown address", async () => {
    const { authErrorMessage } = await import("@/app/login/messages");
    const { LoginForm } = await import("@/app/login/login-form");
    const shown = (locale: "en" | "it" | "de", code: string) =>
      visibleOwnText(
        renderIn(locale, createElement(LoginForm, { initialError: authErrorMessage(code), callbackPath: null })),
      );
    expect(shown("en", "SignInUnavailable")).toContain(
      "Sign-in is unavailable because of a problem on our side; this does not mean your password is wrong. Try again in a few minutes.",
    );
    expect(shown("it", "SignInUnavailable")).toContain(
      "L'accesso non è disponibile per un problema da parte nostra; non significa che la Sua password sia sbagliata. Riprovi tra qualche minuto.",
    );
    expect(shown("de", "SignInUnavailable")).toContain(
      "Die Anmeldung ist wegen eines Problems auf unserer Seite nicht verfügbar; das bedeutet nicht, dass Ihr Passwort falsch ist.",
    );
    // next-auth answers both a wrong password and an unknown address with this one code.
    expect(shown("en", "CredentialsSignin")).toContain("Email or password is incorrect");
    expect(shown("en", "CredentialsSignin")).not.toContain("unavailable");
    // A code nobody sends (a crafted link) is not taken for an outage either.
    expect(authErrorMessage("Database down, call +1 555 0100")).toEqual({ key: "failed" });
  });
});
