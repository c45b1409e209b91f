import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { authErrorMessage, safeCallbackPath, throttledCode } from "@/app/login/messages";
import { clientIp, PEER_HEADER } from "@/lib/auth/client-ip";
import { homePath } from "@/lib/auth/session";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import it_ from "@/messages/it.json";

describe("clientIp", () => {
  const peer = { [PEER_HEADER]: "192.0.2.77" };
  it("ignores X-Forwarded-For by default: the TCP peer is the client, whatever the header says", () => {
    expect(clientIp({ ...peer, "x-forwarded-for": "6.6.6.6" })).toBe("192.0.2.77");
    expect(clientIp({ ...peer, "x-forwarded-for": "6.6.6.6, 7.7.7.7" }, 0)).toBe("192.0.2.77");
    expect(clientIp({ "x-forwarded-for": "6.6.6.6" })).toBe("unknown");
  });

  it("believes only the entries the trusted proxies appended", () => {
    // One proxy (the peer) appended the address it saw; what the client wrote before is ignored.
    expect(clientIp({ ...peer, "x-forwarded-for": "6.6.6.6, 203.0.113.9" }, 1)).toBe("203.0.113.9");
    expect(clientIp({ ...peer, "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.0.0.2" }, 2)).toBe("203.0.113.9");
    // A proxy that sent no header: the peer is as far as we can see.
    expect(clientIp(peer, 1)).toBe("192.0.2.77");
    expect(clientIp({ ...peer, "x-forwarded-for": ["6.6.6.6", "203.0.113.9"] }, 1)).toBe("203.0.113.9");
  });
});

describe("sign-in messages", () => {
  it("maps known codes to fixed messages and never shows any part of the code", () => {
    expect(authErrorMessage("CredentialsSignin")).toEqual({ key: "invalid" });
    expect(authErrorMessage(throttledCode(15))).toEqual({ key: "throttled", values: { minutes: 15 } });
    expect(authErrorMessage("PrismaClientKnownRequestError: connection refused")).toEqual({ key: "failed" });
    // Text a crafted ?error= carries is never echoed, even behind a known prefix.
    for (const crafted of [
      "Too many attempts, call +1 555 0100 to unlock your account",
      "TooManyAttempts:15 Visit evil.example",
      "TooManyAttempts:<b>5</b>",
      "CredentialsSignin ",
      "",
    ]) {
      expect([{ key: "invalid" }, { key: "failed" }]).toContainEqual(authErrorMessage(crafted));
    }
    expect(authErrorMessage(undefined)).toEqual({ key: "failed" });
  });

  it("says the wait in each language, singular and plural", () => {
    const say = (messages: typeof en, locale: string, minutes: number) =>
      createTranslator({ locale, messages, namespace: "login" })("throttled", { minutes });
    expect(say(en, "en", 15)).toBe("Too many attempts, try again in 15 minutes");
    expect(say(en, "en", 1)).toBe("Too many attempts, try again in 1 minute");
    expect(say(it_, "it", 1)).toBe("Troppi tentativi: riprovi tra 1 minuto");
    expect(say(de, "de", 15)).toBe("Zu viele Versuche, bitte in 15 Minuten erneut versuchen");
  });

  it("only follows same-site callback paths", () => {
    expect(safeCallbackPath("/r/alpine?tab=orders")).toBe("/r/alpine?tab=orders");
    expect(safeCallbackPath("https://evil.example/r/alpine")).toBeNull();
    expect(safeCallbackPath("//evil.example/x")).toBeNull();
    expect(safeCallbackPath("/login")).toBeNull();
    expect(safeCallbackPath(undefined)).toBeNull();
  });

  it("checks the normalised path, so dot segments and escapes cannot make it protocol-relative", () => {
    for (const hostile of [
      "/.//evil.example",
      "/a/..//evil.example",
      "/%2e//evil.example",
      "/%2E//evil.example",
      "/./\\evil.example",
      "/\\evil.example",
      "/a/../..//evil.example/x?y=1",
      "/%2e%2e//evil.example",
      "/./login",
      "/x/../api/auth/signout",
    ]) {
      const safe = safeCallbackPath(hostile);
      expect(safe === null || (safe.startsWith("/") && !safe.startsWith("//")), hostile).toBe(true);
      expect(safe, hostile).toBeNull();
    }
    expect(safeCallbackPath("/r/alpine/./orders/../customers")).toBe("/r/alpine/customers");
  });
});

describe("homePath", () => {
  it("sends resellers to their dashboard and staff to the support console", () => {
    expect(homePath({ role: "reseller", resellerSlug: "alpine" })).toBe("/r/alpine");
    expect(homePath({ role: "support", resellerSlug: null })).toBe("/support");
    expect(homePath({ role: "admin", resellerSlug: null })).toBe("/support");
  });
});
