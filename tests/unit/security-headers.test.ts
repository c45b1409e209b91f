import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, dynamicSecurityHeaders, isHttps, newNonce } from "@/lib/security/headers";

describe("security headers", () => {
  it("allows scripts only with the request's nonce and forbids framing", () => {
    const csp = contentSecurityPolicy("abc123==", { https: false, dev: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toContain("upgrade-insecure-requests");
  });

  it("adds HSTS and upgrades requests only when the portal is served over https", () => {
    expect(dynamicSecurityHeaders("n", { https: true, dev: false })).toMatchObject({
      "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    });
    expect(dynamicSecurityHeaders("n", { https: true, dev: false })["Content-Security-Policy"]).toContain(
      "upgrade-insecure-requests",
    );
    expect(dynamicSecurityHeaders("n", { https: false, dev: false })).not.toHaveProperty("Strict-Transport-Security");
  });

  it("derives https (secure cookies, HSTS) from APP_URL", () => {
    expect(isHttps("https://portal.example.com")).toBe(true);
    expect(isHttps("http://127.0.0.1:3000")).toBe(false);
  });

  it("makes a new unguessable nonce each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    expect([...nonces][0]).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});
