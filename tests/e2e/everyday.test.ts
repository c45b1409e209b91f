// Everyday journeys: a duplicate name warned before submitting, searching the order list by a
// fragment and by a Unicode fragment, the customers list's total, pages and CSV, and screenshots of the main pages at desktop and phone width
// (test-results/screenshots/).
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { makeOrder } from "../factories";
import { seriousAxeViolations } from "../support/e2e/axe";
import { screenshot } from "../support/e2e/browser";
import { fileBrowser } from "../support/e2e/file-browser";

const tag = randomUUID().slice(0, 6);
const browser = fileBrowser();
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

const reseller = (viewport = DESKTOP) => browser.alpineOwner({ viewport });
/** An order of Alpine's written straight to the database: the list and the name check only read it. */
async function alpineOrder(displayName: string, naturalKey: string, customerName: string) {
  const r = await db().reseller.findUniqueOrThrow({ where: { slug: "alpine" }, select: { id: true } });
  const user = await db().user.findUniqueOrThrow({ where: { email: "owner@alpine.example.test" } });
  const customer = await db().customer.create({ data: { resellerId: r.id, name: customerName } });
  return makeOrder({
    tenant: { reseller: r, user, customer },
    status: "succeeded",
    naturalKey,
    displayName,
    upstreamRef: `D${Date.now().toString().slice(-9)}`,
  });
}

describe("everyday use", () => {
  it("finds orders by a fragment of the name, of the Unicode name and of the customer's name", async () => {
    await alpineOrder(`straße-${tag}.de`, `xn--strae-${tag}-6ya.de`, `Bäckerei Süß ${tag}`);
    await alpineOrder(`shop-${tag}.example`, `shop-${tag}.example`, `Zeta ${tag}`);
    const page = await reseller();
    await page.goto("/r/alpine/orders");
    const search = page.getByRole("searchbox");
    const rows = () => page.locator("tbody tr").allTextContents();

    await search.fill(`op-${tag}`);
    await search.press("Enter");
    await page.waitForURL(/q=op-/);
    expect((await rows()).join()).toContain(`shop-${tag}.example`);
    expect(await page.getByTestId("orders-total").textContent()).toBe("1 order");

    await page.getByRole("searchbox").fill(`raße-${tag}`);
    await page.getByRole("searchbox").press("Enter");
    await page.waitForURL(/q=ra/);
    const found = (await rows()).join();
    expect(found).toContain(`straße-${tag}.de`);
    expect(found).toContain(`xn--strae-${tag}-6ya.de`); // the ASCII form beside the Unicode name
    expect(found).not.toContain(`shop-${tag}`);

    await page.getByRole("searchbox").fill(`ckerei süß ${tag}`);
    await page.getByRole("searchbox").press("Enter");
    await page.waitForURL(/q=ckerei/);
    expect((await rows()).join()).toContain(`straße-${tag}.de`);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "screenshots/orders-search-desktop");
  });

  it("warns before submitting that a name is already ordered, with a link to that order", async () => {
    const existing = await alpineOrder(`dup-${tag}.com`, `dup-${tag}.com`, `Dup customer ${tag}`);
    const page = await reseller();
    await page.goto("/r/alpine/orders/new?kind=qboxmail_domain");
    await page.locator("#field-name").fill(`DUP-${tag}.com`);
    await page.locator("#field-name").blur();
    const warning = page.getByTestId("name-warning");
    await warning.getByText(`You already ordered dup-${tag}.com (Succeeded)`).waitFor();
    expect(await warning.getByRole("link", { name: "Open that order" }).getAttribute("href")).toBe(
      `/r/alpine/orders/${existing.id}`,
    );
    await screenshot(page, "screenshots/order-form-duplicate-warning");
    // A name nobody has: no warning (the provider was asked too, read-only).
    await page.locator("#field-name").fill(`fresh-${tag}.com`);
    await page.locator("#field-name").blur();
    await expect.poll(() => warning.textContent(), { timeout: 10_000 }).toBe("");
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it("counts, pages and exports the customers a search finds", async () => {
    const r = await db().reseller.findUniqueOrThrow({ where: { slug: "alpine" }, select: { id: true } });
    // One more than a page (50), so the list has a next page with one row on it.
    const names = Array.from({ length: 51 }, (_, i) => `Kundin ${tag} ${String(i).padStart(2, "0")}`);
    await db().customer.createMany({ data: names.map((name) => ({ resellerId: r.id, name })) });
    const page = await reseller();
    await page.goto("/r/alpine/customers");
    await page.locator("#customer-search").fill(`ndin ${tag}`);
    await page.locator("#customer-search").press("Enter");
    await page.waitForURL(/q=ndin/);
    expect(await page.getByTestId("customers-total").textContent()).toBe("51 customers.");
    const shown = () => page.getByRole("table").getByRole("link").allTextContents();
    const first = await shown();
    expect(first).toHaveLength(50);
    await page.getByRole("link", { name: "Next page" }).click();
    await page.waitForURL(/after=/);
    await expect.poll(shown).toHaveLength(1);
    await page.getByRole("link", { name: "Previous page" }).click();
    await page.waitForURL(/before=/);
    await expect.poll(shown).toEqual(first);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // The CSV holds exactly what the search found, not one page of it.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download CSV" }).click(),
    ]);
    const lines = fs
      .readFileSync((await download.path())!, "utf8")
      .trimEnd()
      .split("\r\n");
    expect(lines).toHaveLength(52); // a header and 51 customers
    for (const name of names)
      expect(
        lines.some((l) => l.includes(`"${name}"`)),
        name,
      ).toBe(true);
    // Signed out meanwhile: the sign-in page shows, and nothing is saved as the CSV.
    await page.context().clearCookies();
    let saved = false;
    page.on("download", () => {
      saved = true;
    });
    await page.getByRole("link", { name: "Download CSV" }).click();
    await page.waitForURL(/\/login/);
    expect(saved).toBe(false);
  });

  it("takes screenshots of the main pages at desktop and phone width, without sideways scrolling on a phone", async () => {
    const order = await alpineOrder(`shot-${tag}.com`, `shot-${tag}.com`, `Shot customer ${tag}`);
    for (const [label, viewport] of [
      ["desktop", DESKTOP],
      ["phone", PHONE],
    ] as const) {
      const page = await reseller(viewport);
      for (const [name, url] of [
        ["dashboard", "/r/alpine"],
        ["orders", "/r/alpine/orders"],
        ["customers", "/r/alpine/customers"],
        ["new-order", "/r/alpine/orders/new?kind=grommunio_domain"],
        ["order", `/r/alpine/orders/${order.id}`],
        ["profile", "/profile"],
      ] as const) {
        await page.goto(url);
        await page.getByRole("heading", { level: 1 }).first().waitFor();
        await screenshot(page, `screenshots/${name}-${label}`);
        // Every page fits a phone's width: wide tables scroll inside their own box, not the page.
        if (label === "phone") {
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          expect({ name, overflow }).toEqual({ name, overflow: 0 });
        }
      }
    }
  });
});
