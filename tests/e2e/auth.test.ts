import type { BrowserContext } from "playwright-core";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { disableUserAsAdmin } from "@/lib/admin/users";
import { ACCOUNT_RATE_LIMIT, closeLoginLimiter, reserveLoginAttempt } from "@/lib/auth/throttle";
import { db, disconnectDb } from "@/lib/db";
import { makeUser } from "../factories";
import { seriousAxeViolations } from "../support/e2e/axe";
import { closeBrowser, formError, newPage, screenshot, signIn } from "../support/e2e/browser";

const PASSWORD = "demo-password-2026"; // prisma/seed.ts
const contexts: BrowserContext[] = [];

async function page() {
  const { context, page } = await newPage();
  contexts.push(context);
  return page;
}

describe("sign-in", () => {
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await closeBrowser();
    await closeLoginLimiter();
    await disconnectDb();
  });

  it.each([
    ["owner@alpine.example.test", "/r/alpine", "Alpine Hosting", "Reseller"],
    ["owner@baltic.example.test", "/r/baltic", "Baltic Mail", "Reseller"],
    ["support@example.test", "/support", "Support", "Support"],
    ["admin@example.test", "/support", "Support", "Administrator"],
  ])("%s lands on %s", async (email, home, context, role) => {
    const p = await page();
    await signIn(p, email, PASSWORD);
    await p.waitForURL(`**${home}`);
    expect(await p.getByTestId("header-context").textContent()).toBe(context);
    expect(await p.getByTestId("user-role").textContent()).toBe(role);
    const heading = home === "/support" ? "Support console" : `${context} dashboard`;
    await p.getByRole("heading", { level: 1, name: heading }).waitFor();
    await screenshot(p, `home-${email}`);
  });

  it("refuses a wrong password with a plain message and stays on the form", async () => {
    const p = await page();
    await signIn(p, "owner@alpine.example.test", "not-the-password");
    await expect(formError(p).textContent()).resolves.toBe("Email or password is incorrect");
    expect(new URL(p.url()).pathname).toBe("/login");
    // An unknown account gets exactly the same words.
    await signIn(p, "nobody@example.test", "not-the-password");
    await expect(formError(p).textContent()).resolves.toBe("Email or password is incorrect");
    await screenshot(p, "login-wrong-password");
  });

  it("has an accessible sign-in form whose message does not move the layout", async () => {
    const p = await page();
    await p.goto("/login");
    expect(await seriousAxeViolations(p)).toEqual([]);
    const before = await p.getByRole("button", { name: "Sign in" }).boundingBox();
    await signIn(p, "owner@alpine.example.test", "not-the-password");
    const after = await p.getByRole("button", { name: "Sign in" }).boundingBox();
    expect(after?.y).toBe(before?.y);
    expect(await seriousAxeViolations(p)).toEqual([]);
  });

  it("says when to try again after too many failures, without revealing the account exists", async () => {
    const p = await page();
    for (let i = 0; i < 5; i++) {
      // A client rotating X-Forwarded-For, or forging the peer header, is still one address:
      // the portal's server passes on the TCP peer and TRUSTED_PROXY_HOPS is 0.
      await p.setExtraHTTPHeaders({ "x-forwarded-for": `203.0.113.${i}`, "x-portal-peer-address": `198.51.100.${i}` });
      await signIn(p, "throttle-e2e@example.test", `guess-${i}`);
      await expect(formError(p).textContent()).resolves.toBe("Email or password is incorrect");
    }
    await p.setExtraHTTPHeaders({ "x-forwarded-for": "203.0.113.99" });
    await signIn(p, "throttle-e2e@example.test", "guess-5");
    await expect(formError(p).textContent()).resolves.toBe("Too many attempts, try again in 15 minutes");
    // A crafted ?error= is never echoed.
    await p.goto("/login?error=Too%20many%20attempts%2C%20call%20%2B1%20555%200100");
    await expect(formError(p).textContent()).resolves.toBe("Sign-in failed, please try again");
    await screenshot(p, "login-throttled");
  });

  it("keeps a reseller out of another tenant's dashboard and the support console", async () => {
    const p = await page();
    await signIn(p, "owner@alpine.example.test", PASSWORD);
    await p.waitForURL("**/r/alpine");
    for (const path of ["/r/baltic", "/support", "/r/does-not-exist"]) {
      const res = await p.goto(path);
      expect(res?.status(), path).toBe(404);
      const body = await p.content();
      expect(body).not.toContain("Baltic Mail");
      expect(body).not.toContain("Support console");
      await expect(p.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Page not found");
      // The 404 keeps the app's header and the reseller's own sections, so they can go on working.
      expect(await p.getByRole("navigation", { name: "Reseller sections" }).getByRole("link").count()).toBeGreaterThan(
        2,
      );
      expect(await p.getByRole("banner").count()).toBe(1);
    }
    await screenshot(p, "reseller-other-tenant-404");
    // A favicon: the page links it and it is served.
    const icon = await p.locator('head link[rel="icon"]').first().getAttribute("href");
    expect(icon).toBeTruthy();
    expect((await p.request.get(icon!)).status()).toBe(200);
    // And where browsers look without a link, the same icon.
    const fallback = await p.request.get("/favicon.ico");
    expect(fallback.status()).toBe(200);
    expect(fallback.headers()["content-type"]).toMatch(/^image\/svg\+xml/);
  });

  it("keeps support staff out of reseller dashboards", async () => {
    const p = await page();
    await signIn(p, "support@example.test", PASSWORD);
    await p.waitForURL("**/support");
    expect((await p.goto("/r/alpine"))?.status()).toBe(404);
  });

  it("sends a signed-out visitor to the sign-in page", async () => {
    const p = await page();
    await p.goto("/r/alpine");
    expect(new URL(p.url()).pathname).toBe("/login");
    await p.goto("/support");
    expect(new URL(p.url()).pathname).toBe("/login");
  });

  it("returns to the page that asked for sign-in", async () => {
    const p = await page();
    await p.goto("/r/baltic");
    expect(new URL(p.url()).pathname).toBe("/login");
    await p.getByLabel("Email").fill("owner@baltic.example.test");
    await p.getByLabel("Password").fill(PASSWORD);
    await p.getByRole("button", { name: "Sign in" }).click();
    await p.waitForURL("**/r/baltic");
    expect(await p.getByTestId("header-context").textContent()).toBe("Baltic Mail");
  });

  it("lets the owner's browser in while guessers elsewhere keep the account's cap full", async () => {
    const email = `known-device-${Date.now()}@example.test`;
    const reseller = await db().reseller.findUniqueOrThrow({ where: { slug: "alpine" } });
    const { hashPassword } = await import("@/lib/auth/password");
    await db().user.create({
      data: {
        email,
        name: "Known Device",
        role: "reseller",
        resellerId: reseller.id,
        passwordHash: await hashPassword(PASSWORD),
      },
    });
    const { context: owners, page: owner } = await newPage();
    contexts.push(owners);
    await signIn(owner, email, PASSWORD);
    await owner.waitForURL("**/r/alpine");
    // The browser now holds a token for this account, sent only to the sign-in endpoints.
    const device = (await owners.cookies()).find((c) => c.name === "portal-device");
    expect(device).toMatchObject({ path: "/api/auth", httpOnly: true, sameSite: "Lax" });
    expect(device?.expires).toBeGreaterThan(Date.now() / 1000 + 150 * 24 * 3600);
    await owner.getByRole("button", { name: "Sign out" }).click();
    await owner.waitForURL("**/login");

    // Guessers at ten other addresses fill the account's cap.
    for (let i = 0; i < ACCOUNT_RATE_LIMIT; i++) await reserveLoginAttempt(email, `100.70.0.${i}`);
    const stranger = await page();
    await signIn(stranger, email, PASSWORD);
    await expect(formError(stranger).textContent()).resolves.toBe("Too many attempts, try again in 1 minute");
    await signIn(owner, email, PASSWORD);
    await owner.waitForURL("**/r/alpine");
  });

  it("ends the session on sign out", async () => {
    const p = await page();
    await signIn(p, "owner@baltic.example.test", PASSWORD);
    await p.waitForURL("**/r/baltic");
    await p.getByRole("button", { name: "Sign out" }).click();
    await p.waitForURL("**/login");
    await p.goto("/r/baltic");
    expect(new URL(p.url()).pathname).toBe("/login");
    expect(await p.content()).not.toContain("Baltic Mail dashboard");
  });

  it("ends a disabled user's existing session at the next request", async () => {
    const email = "disabled-e2e@example.test";
    const reseller = await db().reseller.findUniqueOrThrow({ where: { slug: "alpine" } });
    const { hashPassword } = await import("@/lib/auth/password");
    await db().user.upsert({
      where: { email },
      create: {
        email,
        name: "Soon Disabled",
        role: "reseller",
        resellerId: reseller.id,
        passwordHash: await hashPassword(PASSWORD),
      },
      update: {},
    });
    const p = await page();
    await signIn(p, email, PASSWORD);
    await p.waitForURL("**/r/alpine");

    // What an administrator's "disable" does: disabled_at set and session version bumped.
    const user = await db().user.findUniqueOrThrow({ where: { email } });
    await disableUserAsAdmin(await makeUser("admin"), { userId: user.id, reason: "left the company" });
    await p.reload();
    expect(new URL(p.url()).pathname).toBe("/login");
    expect(await p.content()).not.toContain("Alpine Hosting dashboard");
    // And the cookie cannot sign in again either.
    await signIn(p, email, PASSWORD);
    await expect(formError(p).textContent()).resolves.toBe("Email or password is incorrect");
  });
});
