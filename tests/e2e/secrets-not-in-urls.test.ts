// A form that holds a password or a secret posts it, also before the page's scripts have taken it
// over (a slow connection, a password manager pressing Enter, scripts that failed): a form with
// no method falls back to GET, and the password would travel in the address, where history,
// proxy logs, referrers and tracing keep it (docs/security.md "Secrets").
import { randomUUID } from "node:crypto";
import type { BrowserContext } from "playwright-core";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { baseUrl, closeBrowser, launchBrowser, newPage, signIn } from "../support/e2e/browser";

const PASSWORD = "demo-password-2026"; // prisma/seed.ts
const contexts: BrowserContext[] = [];

/** The opening tags of the page's forms that hold a password field. */
function passwordForms(html: string): string[] {
  const forms = html.match(/<form\b[^>]*>[\s\S]*?<\/form>/g) ?? [];
  return forms.filter((f) => /<input\b[^>]*type="password"/.test(f)).map((f) => /<form\b[^>]*>/.exec(f)![0]);
}

describe("secrets stay out of addresses", () => {
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await closeBrowser();
    await disconnectDb();
  });

  it("the sign-in form posts the password when the page's scripts never ran", async () => {
    const context = await (await launchBrowser()).newContext({ baseURL: baseUrl(), javaScriptEnabled: false });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto("/login");
    await page.locator("#email").fill("owner@alpine.example.test");
    await page.locator("#password").fill("typed-before-the-scripts-ran");
    const sent = page.waitForRequest((r) => r.isNavigationRequest() && r.frame() === page.mainFrame());
    await page.locator('form button[type="submit"]').click();
    const request = await sent;
    expect(request.method()).toBe("POST");
    expect(request.url()).not.toContain("typed-before-the-scripts-ran");
  });

  it("every reseller form with a password or secret field says method=post", async () => {
    const user = await db().user.findUniqueOrThrow({ where: { email: "owner@alpine.example.test" } });
    const resellerId = user.resellerId!;
    const customer = await db().customer.findFirstOrThrow({ where: { resellerId } });
    const tag = randomUUID().slice(0, 8);
    const service = (kind: "qboxmail_domain" | "qboxmail_manager", naturalKey: string, upstreamRef: string) =>
      db().service.create({
        data: {
          resellerId,
          customerId: customer.id,
          kind,
          provider: "qboxmail",
          upstreamRef,
          naturalKey,
          displayName: naturalKey,
        },
      });
    const domain = await service(
      "qboxmail_domain",
      `nourl-${tag}.example.com`,
      `D9${tag.replace(/\D/g, "7").slice(0, 8)}`,
    );
    const manager = await service(
      "qboxmail_manager",
      `nourl-${tag}@example.com`,
      `MN${tag.replace(/\D/g, "7").slice(0, 8)}`,
    );
    const endpoint = await db().webhookEndpoint.create({
      data: {
        resellerId,
        url: "https://receiver.example.test/hook",
        events: ["order.placed"],
        sealedSecret: Buffer.from("not opened by this test"),
      },
    });

    const { context, page } = await newPage();
    contexts.push(context);
    await signIn(page, user.email, PASSWORD);
    await page.waitForURL("**/r/alpine");
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const pages = [
      "/r/alpine/orders/new?kind=qboxmail_domain",
      "/r/alpine/orders/new?kind=qboxmail_manager",
      `/r/alpine/services/${domain.id}`,
      `/r/alpine/services/${manager.id}`,
      "/r/alpine/api",
      "/r/alpine/webhooks",
      `/r/alpine/webhooks/${endpoint.id}`,
    ];
    for (const path of pages) {
      const res = await fetch(`${baseUrl()}${path}`, { headers: { cookie } });
      expect(res.status, path).toBe(200);
      const forms = passwordForms(await res.text());
      expect(forms.length, `${path}: a form with a password field`).toBeGreaterThan(0);
      for (const tag of forms) expect(tag, path).toMatch(/\bmethod="post"/i);
    }
  });
});
