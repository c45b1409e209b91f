// What a reseller can see: only their own tenant's orders and customers, a long order list paged
// by cursor links, and pages that pass an axe-core check (no serious or critical issues).

import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { seriousAxeViolations } from "../support/e2e/axe";
import { closeBrowser, newPage, pageErrors, signIn } from "../support/e2e/browser";

const PASSWORD = "demo-password-2026"; // prisma/seed.ts
const contexts: BrowserContext[] = [];
const tag = randomUUID().slice(0, 6);

async function signedIn(email = "owner@alpine.example.test"): Promise<Page> {
  const { context, page } = await newPage();
  contexts.push(context);
  await signIn(page, email, PASSWORD);
  await page.waitForURL(/\/r\/\w+$/);
  return page;
}

async function shot(page: Page, name: string) {
  const file = path.join("test-results", "screenshots", `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
}

/** Orders written straight to the database: the list and dashboard only read them. */
async function seedOrders(
  slug: string,
  count: number,
  prefix: string,
  status: "succeeded" | "failed" | "queued" = "succeeded",
) {
  const reseller = await db().reseller.findUniqueOrThrow({
    where: { slug },
    include: { users: true, customers: true },
  });
  const base = Date.now() - 3 * 86_400_000;
  // One upstream resource has one owning order (docs/reliability.md): each call its own codes.
  const refBase = 100_000_000 + Math.floor(Math.random() * 800_000_000);
  await db().order.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      resellerId: reseller.id,
      customerId: reseller.customers[i % reseller.customers.length]!.id,
      createdById: reseller.users[0]!.id,
      kind: "qboxmail_domain" as const,
      provider: "qboxmail" as const,
      status,
      naturalKey: `${prefix}-${String(i).padStart(2, "0")}.com`,
      displayName: `${prefix}-${String(i).padStart(2, "0")}.com`,
      payload: { name: `${prefix}-${i}.com`, plan: "basic" },
      idempotencyKey: randomUUID(),
      upstreamRef: status === "succeeded" ? `D${refBase + i}` : null,
      // Every third pair shares a timestamp, so the cursor's id tie-break is exercised.
      createdAt: new Date(base + Math.floor(i / 2) * 60_000),
    })),
  });
  return reseller;
}

describe("reseller pages", () => {
  beforeAll(async () => {
    await seedOrders("alpine", 60, `page-${tag}`);
    await seedOrders("baltic", 3, `baltic-${tag}`);
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await closeBrowser();
    await disconnectDb();
  });

  it("pages through a long order list with cursor links, each order once", async () => {
    const page = await signedIn();
    const errors = pageErrors(page);
    await page.goto(`/r/alpine/orders?q=page-${tag}`);
    const seen: string[] = [];
    for (let pageNo = 0; pageNo < 10; pageNo++) {
      const names = await page.locator("tbody tr td:first-child a").allTextContents();
      seen.push(...names);
      const next = page.getByRole("link", { name: "Next page" });
      if ((await next.count()) === 0) break;
      const href = await next.getAttribute("href");
      expect(href).toMatch(/cursor=/);
      expect(href).not.toMatch(/offset|page=/);
      await Promise.all([page.waitForURL((u) => u.pathname + u.search === href), next.click()]);
      await page.locator(`a[rel=next][href="${href}"]`).waitFor({ state: "detached" });
    }
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
    // Newest first, ties on the timestamp in id order: exactly the database's keyset order.
    const expected = await db().order.findMany({
      where: { naturalKey: { startsWith: `page-${tag}-` } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { displayName: true },
    });
    expect(seen).toEqual(expected.map((o) => o.displayName));
    await page.getByRole("link", { name: "First page" }).click();
    await page.waitForURL((u) => !u.search.includes("cursor="));
    await expect(page.locator("tbody tr td:first-child a").first().textContent()).resolves.toBe(seen[0]);
    // A page past the end (a link kept while the list changed) says so, not "No orders yet".
    const pastTheEnd = Buffer.from(
      `2000-01-01T00:00:00.000Z|${"0".repeat(8)}-0000-0000-0000-${"0".repeat(12)}`,
    ).toString("base64url");
    await page.goto(`/r/alpine/orders?q=page-${tag}&cursor=${pastTheEnd}`);
    await page
      .getByText("No orders on this page: the list changed since the link was made.", { exact: false })
      .waitFor();
    // Each page's rows drawn in the browser from their data as the server drew them (no hydration mismatch).
    expect(errors()).toEqual([]);
  });

  it("creates and edits a customer, with errors next to the fields", async () => {
    const page = await signedIn();
    await page.goto("/r/alpine/customers/new");
    await page.getByLabel("Name").fill(`Seilbahn ${tag}`);
    await page.getByLabel("Contact e-mail").fill("not-an-email");
    await page.getByRole("button", { name: "Create customer" }).click();
    await page.locator("#customer-email-error").waitFor();
    expect(await page.getByLabel("Contact e-mail").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel("Name").inputValue()).toBe(`Seilbahn ${tag}`);
    await page.getByLabel("Contact e-mail").fill("office@seilbahn.example.com");
    await page.getByRole("button", { name: "Create customer" }).click();
    await page.waitForURL(/\/r\/alpine\/customers\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(`Seilbahn ${tag}`);

    await page.getByRole("link", { name: "Edit customer" }).click();
    // A name another customer of this reseller already has is refused by the server, on the field.
    await page.getByLabel("Name").fill("Bergblick Hotel");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.locator("#customer-name-error").filter({ hasText: "already have a customer" }).waitFor();
    await page.getByLabel("Name").fill(`Seilbahn ${tag} AG`);
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("heading", { level: 1, name: `Seilbahn ${tag} AG` }).waitFor();
    const row = await db().customer.findFirstOrThrow({ where: { name: `Seilbahn ${tag} AG` } });
    expect(row.email).toBe("office@seilbahn.example.com");
  });

  it("refuses an edit on a copy someone else changed since, keeping what was typed and showing what they saved", async () => {
    const customer = await db().customer.create({
      data: {
        resellerId: (await db().reseller.findUniqueOrThrow({ where: { slug: "alpine" } })).id,
        name: `Gondel ${tag}`,
        // Stored as a form sends it: lines joined by CRLF, where a text box holds LF.
        notes: "Winter season\r\nsummer season",
      },
    });
    const edit = `/r/alpine/customers/${customer.id}/edit`;
    const first = await signedIn();
    const second = await signedIn();
    await first.goto(edit);
    await second.goto(edit);
    await first.getByLabel("Your reference").fill("R-1");
    await first.getByLabel("Notes").fill("Winter season\nsummer season\nspring too");
    await first.getByRole("button", { name: "Save changes" }).click();
    await first.waitForURL(new RegExp(`/r/alpine/customers/${customer.id}$`));
    await second.getByLabel("Contact e-mail").fill("info@gondel.example.com");
    await second.getByRole("button", { name: "Save changes" }).click();
    await second.getByText("Someone else changed this customer after you opened this page").waitFor();
    expect(await second.getByLabel("Contact e-mail").inputValue()).toBe("info@gondel.example.com");
    expect(await db().customer.findUniqueOrThrow({ where: { id: customer.id } })).toMatchObject({
      reference: "R-1",
      email: null,
    });
    // What the other person saved is shown under the field they changed, and nowhere else.
    await second
      .getByTestId("meanwhile-reference")
      .filter({ hasText: "Saved meanwhile by someone else: R-1" })
      .waitFor();
    expect(await second.getByTestId("meanwhile-email").count()).toBe(0);
    // The fields this person had left as the page showed them (the multi-line notes too) now hold
    // what the other one saved; saved again, without a reload and with nothing typed lost, both
    // changes stand.
    await second.waitForFunction(
      () =>
        (document.querySelector("#customer-reference") as HTMLInputElement | null)?.value === "R-1" &&
        (document.querySelector("#customer-notes") as HTMLTextAreaElement | null)?.value ===
          "Winter season\nsummer season\nspring too",
    );
    await second.getByRole("button", { name: "Save changes" }).click();
    await second.waitForURL(new RegExp(`/r/alpine/customers/${customer.id}$`));
    const saved = await db().customer.findUniqueOrThrow({ where: { id: customer.id } });
    expect(saved).toMatchObject({ reference: "R-1", email: "info@gondel.example.com" });
    expect(saved.notes?.replace(/\r\n/g, "\n")).toBe("Winter season\nsummer season\nspring too");
  });

  it("shows only the reseller's own orders and customers", async () => {
    const baltic = await db().reseller.findUniqueOrThrow({
      where: { slug: "baltic" },
      include: { customers: true, orders: { take: 1 } },
    });
    const page = await signedIn();
    await page.goto(`/r/alpine/orders?q=baltic-${tag}`);
    expect(await page.locator("tbody").textContent()).toContain("No orders match");
    await page.goto("/r/alpine/customers");
    const customers = await page.locator("tbody").textContent();
    expect(customers).toContain("Bergblick Hotel");
    expect(customers).not.toContain("Amber Shipping");
    for (const url of [
      `/r/alpine/customers/${baltic.customers[0]!.id}`,
      `/r/alpine/orders/${baltic.orders[0]!.id}`,
      `/r/alpine/orders/${baltic.orders[0]!.id}/status`,
      `/r/alpine/orders/new?from=${baltic.orders[0]!.id}`,
      `/r/baltic/orders`,
    ]) {
      const res = await page.goto(url);
      expect(res?.status(), url).toBe(404);
      expect(await page.content()).not.toContain("Amber Shipping");
    }
  });

  it("passes axe on the dashboard, an order form and an order page, on a narrow screen too", async () => {
    const reseller = await seedOrders("alpine", 4, `axe-${tag}`, "failed");
    const failed = await db().order.findFirstOrThrow({
      where: { resellerId: reseller.id, naturalKey: `axe-${tag}-00.com` },
    });
    await db().order.update({
      where: { id: failed.id },
      data: { fieldErrors: { name: ["already exists"] }, lastError: "Qboxmail rejected the request (422)" },
    });
    const page = await signedIn();
    for (const [url, name] of [
      ["/r/alpine", "dashboard"],
      ["/r/alpine/orders/new?kind=grommunio_domain", "order-form"],
      ["/r/alpine/orders/new?kind=qboxmail_domain", "order-form-qboxmail-domain"],
      [`/r/alpine/orders/${failed.id}`, "order-page"],
      ["/r/alpine/orders", "orders-list"],
      ["/r/alpine/customers", "customers-list"],
      ["/r/alpine/customers/new", "customer-form"],
    ] as const) {
      await page.goto(url);
      expect(await seriousAxeViolations(page), url).toEqual([]);
      await shot(page, name);
    }
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto("/r/alpine");
    expect(await seriousAxeViolations(page)).toEqual([]);
    // Nothing in the page body is wider than the screen (wide tables scroll inside their own box).
    const tooWide = await page.evaluate(() =>
      [...document.querySelectorAll("main *")]
        .filter(
          (el) =>
            !el.closest(".overflow-x-auto, .overflow-auto") && el.getBoundingClientRect().right > window.innerWidth + 1,
        )
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`.slice(0, 80)),
    );
    expect(tooWide).toEqual([]);
    await shot(page, "dashboard-narrow");
  });
});
