// Ordering a grommunio domain with a grouped ActiveSync policy (docs/order-form.md): the settings
// start at grommunio's defaults, a changed one is marked, every error shows at once, the home
// server is chosen in a searchable picker, and the order's payload carries exactly what was set.
import { randomUUID } from "node:crypto";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { db, disconnectDb } from "@/lib/db";
import { seriousAxeViolations } from "../support/e2e/axe";
import { closeBrowser, newPage, signIn } from "../support/e2e/browser";

const PASSWORD = "demo-password-2026"; // prisma/seed.ts
const tag = randomUUID().slice(0, 6);
const contexts: BrowserContext[] = [];

async function reseller(): Promise<Page> {
  const { context, page } = await newPage();
  contexts.push(context);
  await signIn(page, "owner@alpine.example.test", PASSWORD);
  await page.waitForURL("**/r/alpine");
  return page;
}

describe("the grommunio domain order form", () => {
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await closeBrowser();
    await disconnectDb();
  });

  it("orders a domain with a grouped policy: a changed setting is marked and reaches the payload", async () => {
    const r = await db().reseller.update({
      where: { slug: "alpine" },
      data: { maxDomains: 1000 },
      include: { users: true },
    });
    await db().customer.create({ data: { resellerId: r.id, name: `Policy ${tag}` } });
    await db().sharedGrommunioServer.create({
      data: { resellerId: r.id, serverId: 201, label: `pool-${tag}.example.net`, sharedById: r.users[0]!.id },
    });
    const page = await reseller();
    await page.goto("/r/alpine/orders/new?kind=grommunio_domain");
    await page.locator("#field-customerId").selectOption({ label: `Policy ${tag}` });

    // A new domain starts active or suspended, nothing else.
    expect(await page.locator("#field-domainStatus option").allTextContents()).toEqual(["Active", "Suspended"]);
    // A policy of the domain's own is asked for; only then are its settings shown.
    expect(await page.getByText(/ActiveSync: device security/).count()).toBe(0);
    await page.getByLabel(/A policy of the domain's own/).check();
    await page.getByText("none is changed yet").waitFor();
    expect(await page.getByText("Changed from default").count()).toBe(0);

    // Every error at once: a missing name, a negative lock time and a bad user count.
    await page.locator("#field-maxUser").fill("");
    await page.getByText(/ActiveSync: device security \(11 settings\)/).click();
    await page.locator("#field-syncPolicy-maxinacttimedevlock").fill("-5");
    // A date typed in part (month and day, no year) is "" to the form: refused, not taken for no date.
    await page.locator("#field-endDay").pressSequentially("0630");
    await page.getByRole("button", { name: "Place order" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
    await summary.waitFor();
    const problems = await summary.locator("li").allTextContents();
    expect(problems.map((p) => p.split(":")[0])).toEqual([
      "Domain name",
      "Most users",
      "End date",
      "Lock the device after",
    ]);
    expect(await page.locator("#field-endDay-error").textContent()).toMatch(/Finish the date/);
    expect(await page.locator("#field-syncPolicy-maxinacttimedevlock-error").textContent()).toMatch(
      /cannot be negative/,
    );

    await page.locator("#field-domainname").fill(`policy-${tag}.de`);
    await page.locator("#field-maxUser").fill("25");
    await page.locator("#field-syncPolicy-maxinacttimedevlock").fill("5");
    await page.locator("#field-endDay").fill("2030-06-30");
    // Switching Wi-Fi off marks it, and its group says so.
    await page.getByText(/ActiveSync: device features \(12 settings\)/).click();
    const wifi = page.locator("#field-syncPolicy-allowwifi");
    expect(await wifi.getAttribute("role")).toBe("switch");
    expect(await wifi.isChecked()).toBe(true);
    await wifi.uncheck();
    const wifiRow = page.locator("div", { has: wifi }).last();
    await wifiRow.getByText("Changed from default").waitFor();
    await page.getByText(/ActiveSync: device features \(12 settings, 1 changed\)/).waitFor();
    await page.getByText(/ActiveSync: device security \(11 settings, 1 changed\)/).waitFor();
    await page.getByText("2 are changed").waitFor();

    // The largest attachment: 10 MB instead of no limit.
    await page.getByText(/ActiveSync: what is synchronised/).click();
    const noLimit = page.locator("input[name='syncPolicy.maxattsize~none']");
    expect(await noLimit.isChecked()).toBe(true);
    await noLimit.uncheck();
    await page.locator("#field-syncPolicy-maxattsize").fill("10");
    await page.getByLabel("Unit for Largest attachment").selectOption("MB");

    // The home server: searched among the customer's servers and the shared ones.
    await page.locator("#field-homeserver").fill(`pool-${tag}`);
    await page.getByRole("option", { name: new RegExp(`pool-${tag}`) }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole("option", { name: new RegExp(`pool-${tag}`) }).click();
    expect(await page.locator("#field-homeserver").inputValue()).toBe(`pool-${tag}.example.net`);
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Place order" }).click();
    await page.waitForURL(/\/r\/alpine\/orders\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    const order = await db().order.findFirstOrThrow({ where: { naturalKey: `policy-${tag}.de` } });
    const payload = order.payload as { homeserver: number; maxUser: number; syncPolicy: Record<string, unknown> };
    expect(payload.homeserver).toBe(201);
    expect(payload.maxUser).toBe(25);
    expect(payload).toMatchObject({ endDay: "2030-06-30" });
    expect(payload.syncPolicy).toMatchObject({
      allowwifi: 0,
      allowbrowser: 1,
      maxinacttimedevlock: 300,
      maxattsize: 10 * 1024 * 1024,
      maxemailbodytruncsize: -1,
    });
  });

  it("says a picker's search got no answer once the session ended, not that nothing matches", async () => {
    const page = await reseller();
    await page.goto("/r/alpine/orders/new?kind=grommunio_domain");
    await page.locator("#field-homeserver").waitFor();
    // Signed out in another tab: the picker's list route answers with the sign-in page.
    await page.context().clearCookies();
    await page.locator("#field-homeserver").fill("pool");
    await page.getByText("The search got no answer: you may have been signed out.", { exact: false }).waitFor();
    expect(await page.getByText("Nothing matches", { exact: false }).count()).toBe(0);
  });

  it("refuses a domain when the reseller has no grommunio server, saying what to do in its language", async () => {
    // A reseller of its own: the demo's Alpine has a shared server, and its rows must stay as they are.
    const slug = `noserver-${tag}`;
    const email = `owner-${tag}@noserver.example.test`;
    const r = await db().reseller.create({
      data: {
        name: `Senza server ${tag}`,
        slug,
        users: {
          create: { email, name: "Nina", role: "reseller", locale: "it", passwordHash: await hashPassword(PASSWORD) },
        },
        customers: { create: { name: `Cliente ${tag}` } },
      },
    });
    const { context, page } = await newPage();
    contexts.push(context);
    await signIn(page, email, PASSWORD);
    await page.waitForURL(`**/r/${slug}`);
    await page.goto(`/r/${slug}/orders/new?kind=grommunio_domain`);
    await page.locator("#field-customerId").selectOption({ label: `Cliente ${tag}` });
    await page.locator("#field-domainname").fill(`senza-${tag}.it`);
    await page.locator("#field-maxUser").fill("5");
    await page.getByRole("button", { name: "Invia l'ordine" }).click();
    await page.locator("#field-homeserver-error").waitFor();
    expect(await page.locator("#field-homeserver-error").textContent()).toBe(
      "Non ha ancora un server grommunio: ordini prima un server, oppure chieda a un amministratore di condividerne uno con Lei.",
    );
    expect(await db().order.count({ where: { resellerId: r.id } })).toBe(0);
  });

  it("speaks German to a German-speaking reseller: labels, units, the marker and the schema's messages", async () => {
    const email = "owner@alpine.example.test";
    const page = await reseller();
    await db().user.update({ where: { email }, data: { locale: "de" } });
    try {
      await page.goto("/r/alpine/orders/new?kind=grommunio_domain");
      await page.getByRole("heading", { name: "Neu: grommunio-Domain" }).waitFor();
      await page.getByText("Home-Server", { exact: true }).waitFor();
      expect(await page.locator("#field-domainStatus option").allTextContents()).toEqual(["Aktiv", "Gesperrt"]);
      await page.getByLabel(/Eine eigene Richtlinie der Domain/).check();
      await page.getByText(/ActiveSync: Gerätefunktionen \(12 Einstellungen\)/).click();
      await page.locator("#field-syncPolicy-allowwifi").uncheck();
      await page.getByText("Vom Standard abweichend").waitFor();
      await page.getByText(/ActiveSync: Gerätefunktionen \(12 Einstellungen, 1 geändert\)/).waitFor();
      await page.getByText(/ActiveSync: Gerätesicherheit/).click();
      expect(await page.getByLabel("Einheit für Gerät sperren nach").inputValue()).toBe("min");
      await page.locator("#field-syncPolicy-maxinacttimedevlock").fill("-1");
      await page.getByRole("button", { name: "Auftrag erteilen" }).click();
      await page.getByRole("alert").filter({ hasText: "Es gibt ein Problem" }).waitFor();
      expect(await page.locator("#field-syncPolicy-maxinacttimedevlock-error").textContent()).toMatch(
        /kann nicht negativ sein/,
      );
      expect(await seriousAxeViolations(page)).toEqual([]);
    } finally {
      await db().user.update({ where: { email }, data: { locale: null } });
    }
  });
});
