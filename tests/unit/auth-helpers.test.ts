import { describe, expect, it } from "vitest";
import { INVALID_MESSAGE, messageForAuthError, safeCallbackPath } from "@/app/login/messages";
import { clientIp } from "@/lib/auth/client-ip";
import { homePath } from "@/lib/auth/session";

describe("clientIp", () => {
  it("takes the right-most X-Forwarded-For entry, which the nearest proxy wrote", () => {
    expect(clientIp({ "x-forwarded-for": "6.6.6.6, 203.0.113.9" })).toBe("203.0.113.9");
    expect(clientIp({ "x-forwarded-for": "127.0.0.1" })).toBe("127.0.0.1");
    expect(clientIp({ "x-real-ip": "198.51.100.1" })).toBe("198.51.100.1");
    expect(clientIp({})).toBe("unknown");
  });
});

describe("sign-in messages", () => {
  it("never passes through anything but the two known messages", () => {
    expect(messageForAuthError("CredentialsSignin")).toBe(INVALID_MESSAGE);
    expect(messageForAuthError("Too many attempts, try again in 15 minutes")).toBe(
      "Too many attempts, try again in 15 minutes",
    );
    expect(messageForAuthError("PrismaClientKnownRequestError: connection refused")).toBe(
      "Sign-in failed, please try again",
    );
  });

  it("only follows same-site callback paths", () => {
    expect(safeCallbackPath("/r/alpine?tab=orders")).toBe("/r/alpine?tab=orders");
    expect(safeCallbackPath("https://evil.example/r/alpine")).toBeNull();
    expect(safeCallbackPath("//evil.example/x")).toBeNull();
    expect(safeCallbackPath("/login")).toBeNull();
    expect(safeCallbackPath(undefined)).toBeNull();
  });
});

describe("homePath", () => {
  it("sends resellers to their dashboard and staff to the support console", () => {
    expect(homePath({ role: "reseller", resellerSlug: "alpine" })).toBe("/r/alpine");
    expect(homePath({ role: "support", resellerSlug: null })).toBe("/support");
    expect(homePath({ role: "admin", resellerSlug: null })).toBe("/support");
  });
});
