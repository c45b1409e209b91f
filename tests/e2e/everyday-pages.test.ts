// The pages a reseller and support open every day, at desktop and phone width: the services list,
// a service's page, webhooks, API tokens, the customers list and support's page of a service.
// Each is screenshotted (test-results/screenshots/), checked with axe (no serious or critical
// violation) and, on a phone, checked for sideways scrolling.
import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import en from "@/messages/en.json";
import { makeOrder } from "../factories";
import { seriousAxeViolations } from "../support/e2e/axe";
import { pageErrors, screenshot } from "../support/e2e/browser";
import { fileBrowser, SEED_PASSWORD } from "../support/e2e/file-browser";
import { newStaffUser } from "../support/e2e/staff";

const tag = randomUUID().slice(0, 6);
const browser = fileBrowser();
const VIEWPORTS = [
  ["desktop", { width: 1280, height: 800 }],
  ["phone", { width: 390, height: 844 }],
] as const;
const PASSWORD = "Secret-pass-42";
let serviceId = "";
let endpointUrl = "";

/** How far the page scrolls sideways (0 when everything fits the screen's width). */
const sidewaysScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Opens `url`, waits for its heading, screenshots it, and checks axe and (on a phone) the width. */
async function check(page: Page, url: string, name: string, label: string) {
  await page.goto(url);
  await page.getByRole("heading", { level: 1 }).first().waitFor();
  await screenshot(page, `screenshots/${name}-${label}`);
  expect({ url, violations: await seriousAxeViolations(page) }).toEqual({ url, violations: [] });
  if (label === "phone") expect({ url, overflow: await sidewaysScroll(page) }).toEqual({ url, overflow: 0 });
}

describe("everyday pages at desktop and phone width", () => {
  beforeAll(async () => {
    await db().reseller.update({ where: { slug: "alpine" }, data: { maxDomains: 1000 } });
  });
  afterAll(async () => {
    // The endpoint points nowhere: disabled, so no later order of Alpine's sends it anything.
    if (endpointUrl)
      await db().webhookEndpoint.updateMany({ where: { url: endpointUrl }, data: { disabledAt: new Date() } });
  });

  it("orders a domain, then shows the reseller's services, service, webhooks, tokens and customers pages", async () => {
    const page = await browser.alpineOwner();
    const name = `pages-${tag}.com`;
    await page.goto("/r/alpine/orders/new?kind=qboxmail_domain");
    await page.locator("#field-customerId").selectOption({ label: "Bergblick Hotel" });
    await page.locator("#field-name").fill(name);
    await page.locator("#field-postmaster_password").fill(PASSWORD);
    await page.locator("#field-postmaster_password_confirmation").fill(PASSWORD);
    await page.getByRole("button", { name: "Place order" }).click();
    await page.waitForURL(/\/r\/alpine\/orders\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    await page.locator("[data-testid=order-status][data-status=succeeded]").waitFor({ timeout: 90_000 });
    serviceId = (await db().service.findFirstOrThrow({ where: { naturalKey: name, status: "active" } })).id;

    // A token and an endpoint, so their tables have a row to show.
    await page.goto("/r/alpine/api");
    await page.getByLabel("Name").fill(`pages ${tag}`);
    await page.locator('input[name=scopes][value="orders:read"]').check();
    await page.getByLabel("Your current password").fill(SEED_PASSWORD);
    await page.getByRole("button", { name: "Create token" }).click();
    await page.locator("#new-token").waitFor();
    endpointUrl = `http://127.0.0.1:9/hook-${tag}`;
    await page.goto("/r/alpine/webhooks");
    await page.getByLabel("Address").fill(endpointUrl);
    await page.getByLabel("Your current password").fill(SEED_PASSWORD);
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await page.locator("#new-secret").waitFor();
    // The lists show the codes a client works with, each with its meaning in the viewer's language.
    await page.goto("/r/alpine/api");
    const tokenRow = page.locator("tbody tr", { hasText: `pages ${tag}` });
    expect(await tokenRow.locator("code", { hasText: "orders:read" }).getAttribute("title")).toBe(
      en.apiAccess.scopeLabels.orders_read,
    );

    const service = await db().service.findUniqueOrThrow({ where: { id: serviceId } });
    // The word of the state the service was last read in. The worker reads a new Qboxmail domain
    // after its create (it may wait for its DNS), so the word is read before and after the page.
    const states: Record<string, string> = en.services.states;
    const stateWord = async () =>
      states[(await db().service.findUniqueOrThrow({ where: { id: serviceId } })).upstreamState ?? "notRead"];
    for (const [label, viewport] of VIEWPORTS) {
      const p = await browser.alpineOwner({ viewport });
      const errors = pageErrors(p);
      const stateBefore = await stateWord();
      await check(p, "/r/alpine/services", "services", label);
      expect(await p.getByRole("link", { name }).count()).toBe(1);
      // The row as the list draws it from its data (service-rows.tsx): each cell under its
      // column's name (the label a phone shows), the words looked up once per table.
      const row = p.locator("tbody tr", { has: p.getByRole("link", { name }) });
      const cells = await row
        .locator("td")
        .evaluateAll((tds) => tds.map((td) => [td.getAttribute("data-label"), td.textContent]));
      const stateAfter = await stateWord();
      expect(cells.slice(0, 5)).toEqual([
        ["Name", name],
        ["Kind", "Qboxmail domain"],
        ["State at the provider", expect.any(String)],
        ["Customer", "Bergblick Hotel"],
        ["Upstream reference", service.upstreamRef],
      ]);
      expect([stateBefore, stateAfter]).toContain(cells[2]![1]);
      expect(cells[5]![0]).toBe("Last read");
      expect(await row.getByRole("link", { name: "Bergblick Hotel" }).getAttribute("href")).toBe(
        `/r/alpine/customers/${service.customerId}`,
      );
      // React reports a row drawn differently in the browser than on the server (error #418).
      expect(errors()).toEqual([]);
      await check(p, `/r/alpine/services/${serviceId}`, "service", label);
      await check(p, "/r/alpine/webhooks", "webhooks", label);
      await check(p, "/r/alpine/api", "api-tokens", label);
      await check(p, "/r/alpine/customers", "customers-list", label);
    }
  }, 240_000);

  it("shows support's page of that service and support's order list, with its total and pages", async () => {
    expect(serviceId).not.toBe("");
    for (const [label, viewport] of VIEWPORTS) {
      const p = await browser.signedIn(await newStaffUser("support"), { viewport });
      await check(p, `/support/services/${serviceId}`, "support-service", label);
      await check(p, "/support/orders", "support-orders", label);
    }
    // 51 finished orders of one name pattern: one more than a page.
    const reseller = await db().reseller.findUniqueOrThrow({ where: { slug: "alpine" }, select: { id: true } });
    const user = await db().user.findUniqueOrThrow({ where: { email: "owner@alpine.example.test" } });
    const customer = await db().customer.findFirstOrThrow({ where: { resellerId: reseller.id } });
    for (let i = 0; i < 51; i++)
      await makeOrder({
        tenant: { reseller, user, customer },
        status: "succeeded",
        naturalKey: `many-${tag}-${i}.example`,
      });
    const p = await browser.signedIn(await newStaffUser("support"));
    const ids = () => p.locator("tbody tr[data-order-id]").evaluateAll((rows) => rows.map((r) => r.dataset.orderId));
    await p.goto(`/support/orders?q=many-${tag}`);
    expect(await p.getByTestId("orders-total").textContent()).toBe("51 orders");
    const first = await ids();
    expect(first).toHaveLength(50);
    await p.getByRole("link", { name: "Next page" }).click();
    await p.waitForURL(/cursor=/);
    await expect.poll(async () => (await ids()).length).toBe(1);
    await p.getByRole("link", { name: "Previous page" }).click();
    await p.waitForURL(/before=/);
    await expect.poll(ids).toEqual(first);
  });
});
