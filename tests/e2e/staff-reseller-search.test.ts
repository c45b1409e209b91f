// The staff pages' reseller choice on an installation with more resellers than a select lists
// (lib/support/reseller-options.ts): the support order list and the audit log filter by a reseller
// found by its name or slug, and the admin creates a user for it. The filler resellers are removed
// at the end, so the files after this one see their selects again.
import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { seriousAxeViolations } from "../support/e2e/axe";
import { closeBrowser, newPage, signIn } from "../support/e2e/browser";
import { SEED_PASSWORD } from "../support/e2e/file-browser";
import { newStaffUser } from "../support/e2e/staff";

const tag = randomUUID().slice(0, 6);
const fillerSlug = `filler-${tag}-`;

/** Types `text` into the picker `#id`, chooses the option named `option` and waits for it to be shown. */
async function choose(page: Page, id: string, text: string, option: RegExp) {
  await page.locator(id).fill(text);
  await page.getByRole("listbox", { name: "Reseller" }).getByRole("option", { name: option }).click();
}

describe("the staff pages' reseller search", () => {
  afterAll(async () => {
    await db().reseller.deleteMany({ where: { slug: { startsWith: fillerSlug } } });
    await closeBrowser();
    await disconnectDb();
  });

  it("finds a reseller past the first 500 on the support list, the audit log and the admin's user form", async () => {
    const count = await db().reseller.count();
    await db().reseller.createMany({
      data: Array.from({ length: Math.max(0, 501 - count) }, (_, i) => ({
        name: `Alpha Hosting ${tag} ${i}`,
        slug: `${fillerSlug}${i}`,
      })),
    });
    // Last by name, so a select of the first 500 would not hold it.
    const target = await db().reseller.create({ data: { name: `Zulu Mail ${tag}`, slug: `zulu-${tag}` } });
    const option = new RegExp(`Zulu Mail ${tag}.*zulu-${tag}`);

    const support = await newPage();
    try {
      await signIn(support.page, await newStaffUser("support"), SEED_PASSWORD);
      const p = support.page;
      await p.goto("/support/orders");
      expect(await p.locator("#f-resellerId").getAttribute("role")).toBe("combobox");
      expect(await p.locator("#f-resellerId").inputValue()).toBe("Any reseller");
      expect(await p.locator("#f-resellerId").getAttribute("placeholder")).toBe("Search by reseller name or slug");
      await choose(p, "#f-resellerId", `ZULU-${tag}`, option);
      await p.getByRole("button", { name: "Apply filters" }).click();
      await p.waitForURL(new RegExp(`/support/orders\\?.*resellerId=${target.id}`));
      expect(await p.locator("#f-resellerId").inputValue()).toBe(`Zulu Mail ${tag}`);
      expect(await seriousAxeViolations(p)).toEqual([]);

      // The audit log starts on the reseller its address names.
      await p.goto(`/support/audit?resellerId=${target.id}`);
      expect(await p.locator("#a-resellerId").getAttribute("role")).toBe("combobox");
      expect(await p.locator("#a-resellerId").inputValue()).toBe(`Zulu Mail ${tag}`);
    } finally {
      await support.context.close();
    }

    const admin = await newPage();
    try {
      await signIn(admin.page, await newStaffUser("admin"), SEED_PASSWORD);
      const p = admin.page;
      await p.goto("/admin/users");
      const form = p.getByRole("form", { name: "Create a user" });
      const email = `zulu-owner-${tag}@example.test`;
      await form.getByLabel("E-mail").fill(email);
      await form.getByLabel("Name", { exact: true }).fill("Zia Zulu");
      await form.getByLabel("Role").selectOption("reseller");
      await choose(p, "#new-user-resellerId", `mail ${tag}`, option);
      await form.getByLabel("Initial password").fill(SEED_PASSWORD);
      await form.getByLabel("Reason").fill("New reseller's owner");
      await form.getByRole("button", { name: "Create user" }).click();
      await form.getByText(`User ${email} created.`).waitFor();
      const user = await db().user.findUniqueOrThrow({ where: { email } });
      expect(user.resellerId).toBe(target.id);
    } finally {
      await admin.context.close();
    }
  });
});
