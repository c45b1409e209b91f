// The order form's customer choice for a reseller with more customers than a select lists
// (docs/order-form.md "Pickers"): the customer is found by a fragment of its name or reference,
// a customer's own page starts the form on it, and the order is placed for the one chosen; the
// orders' and services' lists filter by such a customer through the same search.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { db, disconnectDb } from "@/lib/db";
import { seriousAxeViolations } from "../support/e2e/axe";
import { closeBrowser, newPage, signIn } from "../support/e2e/browser";

const PASSWORD = "demo-password-2026";
const POSTMASTER = "Very-Long-Passw0rd-e2e";
const tag = randomUUID().slice(0, 6);

describe("the order form's customer search", () => {
  afterAll(async () => {
    await closeBrowser();
    await disconnectDb();
  });

  it("finds a customer past the first thousand by its reference, places the order for it and filters the lists by it", async () => {
    const slug = `many-${tag}`;
    const email = `owner-${tag}@many.example.test`;
    const r = await db().reseller.create({
      data: {
        name: `Many customers ${tag}`,
        slug,
        users: { create: { email, name: "Mara", role: "reseller", passwordHash: await hashPassword(PASSWORD) } },
      },
    });
    await db().customer.createMany({
      data: Array.from({ length: 1001 }, (_, i) => ({
        resellerId: r.id,
        name: `Client ${String(i).padStart(4, "0")}`,
        reference: `R${tag}-${i}`,
      })),
    });
    const [last, middle] = await Promise.all([
      db().customer.findFirstOrThrow({ where: { resellerId: r.id, name: "Client 1000" } }),
      db().customer.findFirstOrThrow({ where: { resellerId: r.id, name: "Client 0500" } }),
    ]);

    const { context, page } = await newPage();
    try {
      await signIn(page, email, PASSWORD);
      await page.waitForURL(`**/r/${slug}`);

      // From a customer's own page the form starts on that customer.
      await page.goto(`/r/${slug}/orders/new?kind=qboxmail_domain&customer=${middle.id}`);
      expect(await page.locator("#field-customerId").getAttribute("role")).toBe("combobox");
      expect(await page.locator("#field-customerId").inputValue()).toBe("Client 0500");

      // Without a customer the form says what to fix and places nothing.
      await page.goto(`/r/${slug}/orders/new?kind=qboxmail_domain`);
      const name = `many-${tag}.com`;
      await page.locator("#field-name").fill(name);
      await page.locator("#field-postmaster_password").fill(POSTMASTER);
      await page.locator("#field-postmaster_password_confirmation").fill(POSTMASTER);
      await page.getByRole("button", { name: "Place order" }).click();
      await page.locator("#field-customerId-error").waitFor();
      expect(await page.locator("#field-customerId-error").textContent()).toContain(
        "Choose the customer this order is for",
      );

      // The reference's fragment finds the last customer, shown with its reference.
      await page.locator("#field-customerId").fill(`r${tag}-1000`);
      const list = page.getByRole("listbox", { name: "Customer" });
      const option = list.getByRole("option", { name: new RegExp(`Client 1000.*R${tag}-1000`) });
      await option.waitFor();
      expect(await list.getByRole("option").count()).toBe(1);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await option.click();
      expect(await page.locator("#field-customerId").inputValue()).toBe("Client 1000");

      await page.getByRole("button", { name: "Place order" }).click();
      await page.waitForURL(new RegExp(`/r/${slug}/orders/[0-9a-f-]{36}$`), { timeout: 30_000 });
      const order = await db().order.findFirstOrThrow({ where: { resellerId: r.id, naturalKey: name } });
      expect(order.customerId).toBe(last.id);

      // The orders list filters by that customer through the same search: chosen, applied, kept.
      await page.goto(`/r/${slug}/orders`);
      const filter = page.locator("#filter-customer");
      expect(await filter.getAttribute("role")).toBe("combobox");
      expect(await filter.inputValue()).toBe("Any customer");
      // The picker's own words reach the list page (not message keys).
      expect(await filter.getAttribute("placeholder")).toBe("Search by customer name or reference");
      await filter.fill(`r${tag}-1000`);
      const filterList = page.getByRole("listbox", { name: "Customer" });
      await filterList.getByRole("option", { name: new RegExp(`Client 1000.*R${tag}-1000`) }).click();
      await page.getByRole("button", { name: "Apply" }).click();
      await page.waitForURL(new RegExp(`/r/${slug}/orders\\?.*customer=${last.id}(&|$)`));
      expect(await page.locator("#filter-customer").inputValue()).toBe("Client 1000");
      await page.getByRole("link", { name }).waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);

      // Another customer's filter shows none of it; "Any customer" takes the filter off.
      await page.goto(`/r/${slug}/orders?customer=${middle.id}`);
      expect(await page.locator("#filter-customer").inputValue()).toBe("Client 0500");
      expect(await page.getByRole("link", { name }).count()).toBe(0);
      await page.locator("#filter-customer").click();
      await page.getByRole("listbox", { name: "Customer" }).getByRole("option", { name: "Any customer" }).click();
      await page.getByRole("button", { name: "Apply" }).click();
      await page.waitForURL(new RegExp(`/r/${slug}/orders\\?(.*&)?customer=(&|$)`));
      await page.getByRole("link", { name }).waitFor();

      // From the keyboard: Enter takes the first match of what was typed, not the pinned "Any
      // customer" above the matches.
      await page.goto(`/r/${slug}/orders`);
      const kb = page.locator("#filter-customer");
      const kbList = page.getByRole("listbox", { name: "Customer" });
      await kb.fill(`r${tag}-100`);
      await kbList.getByRole("option", { name: /Client 0100/ }).waitFor();
      await kb.press("Enter");
      expect(await kb.inputValue()).toBe("Client 0100");
      // Also when Enter comes before the matches of what was just typed: it waits for them.
      await kb.fill(`r${tag}-99`);
      await kb.press("Enter");
      await expect.poll(() => kb.inputValue()).toBe("Client 0099");
      // The arrow keys go on past the first page shown into the next one.
      await kb.fill("");
      await kbList.getByRole("option", { name: /Client 0000/ }).waitFor();
      const firstPage = await kbList.getByRole("option").count();
      for (let i = 0; i < firstPage; i++) await kb.press("ArrowDown");
      const next = kbList.getByRole("option").nth(firstPage);
      await next.waitFor();
      await expect.poll(() => kb.getAttribute("aria-activedescendant")).toBe(await next.getAttribute("id"));
      expect(await next.textContent()).toContain(`Client ${String(firstPage - 1).padStart(4, "0")}`);

      // The services list offers the same search, starting on the customer its address names.
      await page.goto(`/r/${slug}/services?customer=${last.id}`);
      expect(await page.locator("#filter-customer").getAttribute("role")).toBe("combobox");
      expect(await page.locator("#filter-customer").inputValue()).toBe("Client 1000");
    } finally {
      await context.close();
    }
  });
});
