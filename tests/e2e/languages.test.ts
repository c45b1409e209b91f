// The portal in Italian and German: the browser's language picks the first page's language, a
// profile choice overrides it on every later page, and times follow the chosen zone.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { seriousAxeViolations } from "../support/e2e/axe";
import { closeBrowser, newPage, screenshot, signIn } from "../support/e2e/browser";

const PASSWORD = "demo-password-2026"; // prisma/seed.ts
const contexts: BrowserContext[] = [];

async function page(options: Parameters<typeof newPage>[0] = {}): Promise<Page> {
  const { context, page } = await newPage(options);
  contexts.push(context);
  return page;
}

async function resetPreferences(email: string) {
  await db().user.update({ where: { email }, data: { locale: null, timeZone: null } });
}

describe("languages", () => {
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await closeBrowser();
    await disconnectDb();
  });

  it("follows an Italian browser from the sign-in page on", async () => {
    const p = await page({ locale: "it-IT", timezoneId: "Europe/Rome" });
    await p.goto("/login");
    expect(await p.locator("html").getAttribute("lang")).toBe("it");
    await p.getByRole("heading", { name: "Accedi al tuo account" }).waitFor();
    await signIn(p, "owner@alpine.example.test", PASSWORD);
    await p.waitForURL("**/r/alpine");
    const nav = p.getByRole("navigation", { name: "Sezioni del rivenditore" });
    await nav.getByRole("link", { name: "Ordini" }).click();
    await p.waitForURL("**/r/alpine/orders");
    expect(await p.getByTestId("user-role").textContent()).toBe("Rivenditore");
    expect(await seriousAxeViolations(p)).toEqual([]);
    await screenshot(p, "screenshots/it-orders-desktop");
    const res = await p.goto("/r/alpine/does-not-exist");
    expect(res?.status()).toBe(404);
    await p.getByRole("heading", { level: 1, name: "Pagina non trovata" }).waitFor();
    // The 404 keeps the user's own header and section links.
    await p.getByRole("navigation", { name: "Sezioni del rivenditore" }).waitFor();
    expect(await p.getByTestId("header-context").textContent()).toBe("Alpine Hosting");
  });

  it("switches to German and Berlin time from the profile, over an English browser", async () => {
    const email = "owner@baltic.example.test";
    await resetPreferences(email);
    try {
      const p = await page({ locale: "en-GB", timezoneId: "UTC" });
      await signIn(p, email, PASSWORD);
      await p.waitForURL("**/r/baltic");
      await p.getByRole("link", { name: "Profile" }).click();
      await p.getByRole("heading", { level: 1, name: "Your profile" }).waitFor();
      expect(await seriousAxeViolations(p)).toEqual([]);
      await p.getByLabel("Language").selectOption("de");
      await p.getByLabel("Time zone").selectOption("Europe/Berlin");
      await p.getByRole("button", { name: "Save preferences" }).click();
      await p.getByRole("status").filter({ hasText: "Einstellungen gespeichert." }).waitFor();
      expect(await p.locator("html").getAttribute("lang")).toBe("de");
      await p.goto("/r/baltic/orders");
      await p
        .getByRole("navigation", { name: "Bereiche des Resellers" })
        .getByRole("link", { name: "Aufträge" })
        .waitFor();
      const saved = await db().user.findUniqueOrThrow({ where: { email }, select: { locale: true, timeZone: true } });
      expect(saved).toEqual({ locale: "de", timeZone: "Europe/Berlin" });
      await screenshot(p, "screenshots/de-orders-desktop");
      // "Same as my browser" again: back to English.
      await p.goto("/profile");
      await p.getByLabel("Sprache").selectOption("");
      await p.getByRole("button", { name: "Einstellungen speichern" }).click();
      await p.getByRole("status").filter({ hasText: "Preferences saved." }).waitFor();
    } finally {
      await resetPreferences(email);
    }
  });
});
