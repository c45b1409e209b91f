// Security headers on every kind of response (docs/security.md "Headers and cookies"): a page, a server
// action's answer and a route handler; the page's scripts carry the nonce and nothing the
// portal needs is blocked by the policy.
import type { BrowserContext, Response } from "playwright-core";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { disconnectDb } from "@/lib/db";
import { baseUrl, closeBrowser, newPage, signIn } from "../support/e2e/browser";

const PASSWORD = "demo-password-2026"; // prisma/seed.ts
const contexts: BrowserContext[] = [];

function expectSecurityHeaders(headers: Record<string, string>, what: string) {
  expect(headers["content-security-policy"], what).toMatch(
    /script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/,
  );
  expect(headers["content-security-policy"], what).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["referrer-policy"], what).toBe("same-origin");
  expect(headers["x-frame-options"], what).toBe("DENY");
  // Served over http here: no HSTS (it would pin a plain-http test host to https).
  expect(headers["strict-transport-security"], what).toBeUndefined();
}

const lower = (h: Headers) => Object.fromEntries([...h.entries()].map(([k, v]) => [k.toLowerCase(), v]));

describe("security headers", () => {
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await closeBrowser();
    await disconnectDb();
  });

  it("a page: the policy's nonce is on every script, new per request", async () => {
    const [a, b] = await Promise.all([fetch(`${baseUrl()}/login`), fetch(`${baseUrl()}/login`)]);
    expectSecurityHeaders(lower(a.headers), "page");
    const nonce = /'nonce-([^']+)'/.exec(a.headers.get("content-security-policy")!)![1]!;
    expect(b.headers.get("content-security-policy")).not.toContain(nonce);
    const html = await a.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it("a route handler and a static file", async () => {
    const csrf = await fetch(`${baseUrl()}/api/auth/csrf`);
    expectSecurityHeaders(lower(csrf.headers), "route handler");
    const html = await (await fetch(`${baseUrl()}/login`)).text();
    const chunk = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)![1]!;
    const file = await fetch(`${baseUrl()}${chunk}`);
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("the reseller API: its own policy, no nonce (it skips the proxy), also on an unknown path", async () => {
    for (const path of ["/api/v1/orders", "/api/v1/no-such-operation", "/api/v1", "/api/v1/openapi.json"]) {
      const res = await fetch(`${baseUrl()}${path}`);
      expect(res.headers.get("content-security-policy"), path).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("content-type"), path).toMatch(/json/);
    }
    // A path no operation answers, the API's root among them: a problem naming the API's document.
    for (const path of ["/api/v1/no-such-operation", "/api/v1"]) {
      const res = await fetch(`${baseUrl()}${path}`, { method: "POST" });
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type"), path).toBe("application/problem+json");
      expect(((await res.json()) as { detail?: string }).detail, path).toContain("/api/v1/openapi.json");
    }
  });

  it("a server action's answer, with no script blocked while signing in and acting", async () => {
    const { context, page } = await newPage();
    contexts.push(context);
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) violations.push(m.text());
    });
    await signIn(page, "admin@example.test", PASSWORD);
    await page.waitForURL("**/support");
    await page.goto("/admin/resellers");
    const form = page.locator('li[data-reseller="alpine"]').getByRole("form", { name: "Save limits" });
    const answer: Promise<Response> = page.waitForResponse(
      (r) => r.request().method() === "POST" && r.request().headers()["next-action"] !== undefined,
    );
    await form.getByRole("button", { name: "Save limits" }).click(); // no reason: a field error comes back
    const res = await answer;
    expectSecurityHeaders(await res.allHeaders(), "server action");
    await form.getByText(/Give a reason/).waitFor();
    expect(violations).toEqual([]);
  });
});
