// The portal in Italian and German: the browser's language picks the first page's language, a
// profile choice overrides it on every later page, and times follow the chosen zone.
import { randomUUID } from "node:crypto";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { seriousAxeViolations } from "../support/e2e/axe";
import { closeBrowser, newPage, screenshot, signIn } from "../support/e2e/browser";
import { newStaffUser } from "../support/e2e/staff";

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

/** A failed Qboxmail order of Alpine's with the provider's own words, written directly (no job). */
async function failedAlpineOrder(name: string, lastError: string) {
  const reseller = await db().reseller.findUniqueOrThrow({ where: { slug: "alpine" } });
  const customer = await db().customer.findFirstOrThrow({ where: { resellerId: reseller.id } });
  const owner = await db().user.findUniqueOrThrow({ where: { email: "owner@alpine.example.test" } });
  return db().order.create({
    data: {
      resellerId: reseller.id,
      customerId: customer.id,
      createdById: owner.id,
      kind: "qboxmail_domain",
      provider: "qboxmail",
      status: "failed",
      naturalKey: name,
      displayName: name,
      payload: { name, plan: "professional", max_email_accounts: 2500 },
      idempotencyKey: randomUUID(),
      lastError,
    },
    include: { customer: true },
  });
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
    await p.getByRole("heading", { name: "Acceda al Suo account" }).waitFor();
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

  it("shows the reseller's pages in Italian: dashboard, orders in words, the provider's words, customers, services", async () => {
    const email = "owner@alpine.example.test";
    const order = await failedAlpineOrder(
      `parole-${randomUUID().slice(0, 8)}.it`,
      "Qboxmail rejected the request (422)",
    );
    await db().user.update({ where: { email }, data: { locale: "it", timeZone: "Europe/Rome" } });
    try {
      const p = await page({ locale: "en-GB", timezoneId: "UTC" });
      await signIn(p, email, PASSWORD);
      await p.waitForURL("**/r/alpine");
      await p.getByRole("heading", { level: 1, name: "Panoramica di Alpine Hosting" }).waitFor();
      await p.getByRole("heading", { name: "Ordini per stato" }).waitFor();
      expect(await seriousAxeViolations(p)).toEqual([]);

      await p.goto(`/r/alpine/orders/${order.id}`);
      // The order in one Italian sentence, numbers grouped the Italian way.
      await expect(p.getByTestId("order-sentence").first().textContent()).resolves.toBe(
        `Dominio Qboxmail ${order.displayName} per ${order.customer.name}: piano Professional, fino a 2500 caselle.`,
      );
      // Made without attempts, so not refused by the provider as far as the page knows.
      await p.getByRole("heading", { name: "Questo ordine non è riuscito" }).waitFor();
      // The portal's description of the provider's answer, in Italian (docs/i18n.md "Portal-written order texts").
      await expect(p.getByTestId("portal-text").first().textContent()).resolves.toBe(
        "Qboxmail ha rifiutato la richiesta (422)",
      );
      expect(await seriousAxeViolations(p)).toEqual([]);

      await p.goto("/r/alpine/customers");
      await p.getByRole("heading", { level: 1, name: "Clienti" }).waitFor();
      await p.goto("/r/alpine/services");
      await p.getByRole("heading", { level: 1, name: "Servizi" }).waitFor();
      await p.setViewportSize({ width: 390, height: 844 });
      await p.goto("/r/alpine/orders");
      expect(await seriousAxeViolations(p)).toEqual([]);
      await screenshot(p, "screenshots/it-orders-phone");
    } finally {
      await resetPreferences(email);
    }
  });

  it("runs support's order page and audit log in German: confirmation, provider's words, chain verification", async () => {
    const email = await newStaffUser("support");
    // A message the provider wrote (not one of the portal's own texts): shown as received, labelled as theirs.
    const order = await failedAlpineOrder(
      `pruefung-${randomUUID().slice(0, 8)}.de`,
      "Domain limit reached for account",
    );
    await db().order.update({ where: { id: order.id }, data: { status: "held" } });
    await db().user.update({ where: { email }, data: { locale: "de", timeZone: "Europe/Berlin" } });
    try {
      const p = await page({ locale: "en-GB", timezoneId: "UTC" });
      await signIn(p, email, PASSWORD);
      await p.goto(`/support/orders/${order.id}`);
      await expect(p.getByTestId("last-error").textContent()).resolves.toBe(
        "Letzter Fehler: Meldung von Qboxmail: Domain limit reached for account",
      );
      const cancel = p.getByRole("form", { name: "Auftrag stornieren" });
      await cancel.getByLabel("Begründung").fill("Kunde hat storniert");
      await cancel.getByRole("button", { name: "Auftrag stornieren" }).click();
      await expect(cancel.getByTestId("confirm-consequence").textContent()).resolves.toMatch(
        /Kein Worker ruft den Anbieter dafür noch einmal auf/,
      );
      expect(await seriousAxeViolations(p)).toEqual([]);
      await cancel.getByRole("button", { name: "Ja, Auftrag stornieren" }).click();
      await p.getByRole("status").getByText("Der Auftrag ist storniert.").waitFor();

      await p.goto("/support/audit");
      // The page is called what the navigation calls it.
      await p.getByRole("heading", { level: 1, name: "Prüfprotokoll" }).waitFor();
      await p.getByLabel("Reseller").selectOption({ label: "Alpine Hosting" });
      await p.getByRole("button", { name: "Filter anwenden" }).click();
      await p.waitForURL(/resellerId=/);
      // Rows name the order and the reseller, not bare ids.
      const table = p.getByRole("table", { name: "Einträge im Prüfprotokoll" });
      await table
        .getByRole("link", { name: `Auftrag ${order.displayName}` })
        .first()
        .waitFor();
      await table.getByRole("link", { name: "Alle Ereignisse von Alpine Hosting" }).first().waitFor();
      await p.getByRole("button", { name: "Kette jetzt prüfen" }).click();
      await p
        .getByRole("status")
        .getByText(/^Kette intakt: [\d.]+ Zeilen geprüft\.$/)
        .waitFor();
      const asked = await db().auditEvent.findFirst({ where: { action: "audit.chain_verified", actorLabel: email } });
      expect(asked).not.toBeNull();
      expect(await seriousAxeViolations(p)).toEqual([]);
      await screenshot(p, "screenshots/de-audit-desktop");
    } finally {
      await resetPreferences(email);
    }
  });

  it("runs support's health and drift pages and a refusal from lib/ in Italian", async () => {
    const email = await newStaffUser("support");
    const order = await failedAlpineOrder(`verifica-${randomUUID().slice(0, 8)}.it`, "Qboxmail server error (503)");
    await db().user.update({ where: { email }, data: { locale: "it", timeZone: "Europe/Rome" } });
    try {
      const p = await page({ locale: "en-GB", timezoneId: "UTC" });
      await signIn(p, email, PASSWORD);
      await p.goto("/support/health");
      await p.getByRole("heading", { level: 1, name: "Stato del sistema" }).waitFor();
      await p.getByRole("table", { name: "Segnali di vita dei worker" }).waitFor();
      expect(await seriousAxeViolations(p)).toEqual([]);
      await p.goto("/support/drift");
      await p.getByRole("heading", { level: 1, name: "Differenze tra i fornitori e il portale" }).waitFor();

      // Someone else acts on the order after the page was opened: the refusal written in lib/
      // reaches the person in Italian, the order's status worded as the Italian pages label it.
      await p.goto(`/support/orders/${order.id}`);
      const retry = p.getByRole("form", { name: "Riprova ora" });
      // Typed first: the page stops following the order once a field holds typing (live-refresh.tsx),
      // so the change below cannot reach it before the click.
      await retry.getByLabel("Motivo").fill("Il fornitore ha risolto il guasto");
      await db().order.update({ where: { id: order.id }, data: { version: { increment: 1 } } });
      await retry.getByRole("button", { name: "Riprova ora" }).click();
      await retry
        .getByText(
          "Questo ordine è cambiato da quando l'ha aperto (stato attuale: «Non riuscito»). Ricarichi la pagina e riprovi.",
        )
        .waitFor();
    } finally {
      await resetPreferences(email);
    }
  });

  it("runs the admin's resellers page in German, validation messages included", async () => {
    const email = await newStaffUser("admin");
    await db().user.update({ where: { email }, data: { locale: "de", timeZone: "Europe/Berlin" } });
    try {
      const p = await page({ locale: "en-GB", timezoneId: "UTC" });
      await signIn(p, email, PASSWORD);
      await p.goto("/admin/resellers");
      await p.getByRole("heading", { level: 1, name: "Reseller" }).waitFor();
      const limits = p.locator('[data-reseller="alpine"]').getByRole("form", { name: "Limits speichern" });
      await limits.getByLabel("Höchstens Domains").fill("-1");
      await limits.getByLabel("Begründung").fill("Vertrag für das neue Jahr verlängert");
      await limits.getByRole("button", { name: "Limits speichern" }).click();
      await limits.getByText("Das Domain-Limit kann nicht negativ sein").waitFor();
      expect(await seriousAxeViolations(p)).toEqual([]);
    } finally {
      await resetPreferences(email);
    }
  });
});
