import { describe, expect, it } from "vitest";
import {
  GENERIC_MESSAGE,
  INVALID_MESSAGE,
  messageForAuthError,
  safeCallbackPath,
  throttledCode,
} from "@/app/login/messages";
import { clientIp, PEER_HEADER } from "@/lib/auth/client-ip";
import { homePath } from "@/lib/auth/session";

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
    expect(messageForAuthError("CredentialsSignin")).toBe(INVALID_MESSAGE);
    expect(messageForAuthError(throttledCode(15))).toBe("Too many attempts, try again in 15 minutes");
    expect(messageForAuthError(throttledCode(1))).toBe("Too many attempts, try again in 1 minute");
    expect(messageForAuthError("PrismaClientKnownRequestError: connection refused")).toBe(GENERIC_MESSAGE);
    // Text a crafted ?error= carries is never echoed, even behind a known prefix.
    for (const crafted of [
      "Too many attempts, call +1 555 0100 to unlock your account",
      "TooManyAttempts:15 Visit evil.example",
      "TooManyAttempts:<b>5</b>",
      "CredentialsSignin ",
      "",
    ]) {
      expect([INVALID_MESSAGE, GENERIC_MESSAGE]).toContain(messageForAuthError(crafted));
    }
    expect(messageForAuthError(undefined)).toBe(GENERIC_MESSAGE);
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
