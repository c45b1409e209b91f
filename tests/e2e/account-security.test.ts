// Account controls in the browser: two-factor enrolment and sign-in with a code, sign-out that
// ends the session on the server, and the My sessions page.
import { randomUUID } from "node:crypto";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { db, disconnectDb } from "@/lib/db";
import {
  baseUrl,
  closeBrowser,
  completeEnrolment,
  formError,
  launchBrowser,
  newPage,
  screenshot,
  signIn,
} from "../support/e2e/browser";
import { codeFor, freshCode } from "../support/e2e/totp";

const PASSWORD = "a long e2e password 2026";
const contexts: BrowserContext[] = [];

async function page(options: Parameters<typeof newPage>[0] = {}): Promise<Page> {
  const { context, page } = await newPage(options);
  contexts.push(context);
  return page;
}

async function newResellerUser(locale: string | null = null): Promise<string> {
  const email = `account-${randomUUID().slice(0, 8)}@alpine.example.test`;
  const reseller = await db().reseller.findUniqueOrThrow({ where: { slug: "alpine" } });
  await db().user.create({
    data: {
      email,
      name: "Acc Ount",
      role: "reseller",
      resellerId: reseller.id,
      passwordHash: await hashPassword(PASSWORD),
      locale,
    },
  });
  return email;
}

describe("account security", () => {
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await closeBrowser();
    await disconnectDb();
  });

  it("a reseller turns on two-factor sign-in; sign-in then asks for the code and refuses a wrong one", async () => {
    const email = await newResellerUser();
    const p = await page();
    await signIn(p, email, PASSWORD);
    await p.waitForURL("**/r/alpine");
    await p.getByRole("link", { name: "My account" }).click();
    await p.getByRole("link", { name: "Two-factor sign-in" }).click();
    await p.getByRole("heading", { name: "Set up two-factor sign-in" }).waitFor();
    await p.getByRole("img", { name: "QR code for your authenticator app" }).locator("svg").waitFor();
    await screenshot(p, "two-factor-enrolment");
    const secret = (await p.getByTestId("totp-secret").textContent())!.trim();
    await p.getByLabel("Code from the app").fill("000000");
    await p.getByLabel("Your current password").fill(PASSWORD);
    await p.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
    await p.getByText("That code is not right").waitFor();
    // The code alone is not enough: the key is on the page for anyone using this browser.
    await p.getByLabel("Code from the app").fill(await freshCode(secret, null));
    await p.getByLabel("Your current password").fill("not my password 2026");
    await p.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
    await p.getByText("Your current password is not right").waitFor();
    await expect.poll(() => p.getByLabel("Your current password").inputValue()).toBe("");
    await p.getByLabel("Your current password").fill(PASSWORD);
    await p.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
    await p.getByTestId("recovery-codes").waitFor();
    const codes = await p.getByTestId("recovery-codes").locator("li").allTextContents();
    expect(codes).toHaveLength(10);
    await screenshot(p, "two-factor-recovery-codes");
    // Turning it on gave this browser a new session id: it stays signed in.
    await p.goto("/account/sessions");
    await expect(p.getByTestId("session-row").count()).resolves.toBe(1);

    const q = await page();
    await q.goto("/login");
    await q.getByLabel("Email").fill(email);
    await q.getByLabel("Password").fill(PASSWORD);
    await q.getByRole("button", { name: "Sign in" }).click();
    await q.getByLabel("Authentication code").fill("999999");
    await q.getByRole("button", { name: "Verify and sign in" }).click();
    await formError(q).filter({ hasText: "That code is not right" }).waitFor();
    expect(new URL(q.url()).pathname).toBe("/login");
    await screenshot(q, "login-second-factor-refused");
    await q.getByLabel("Authentication code").fill(await codeFor(email));
    await q.getByRole("button", { name: "Verify and sign in" }).click();
    await q.waitForURL("**/r/alpine");

    // A recovery code works once.
    const r = await page();
    await r.goto("/login");
    await r.getByLabel("Email").fill(email);
    await r.getByLabel("Password").fill(PASSWORD);
    await r.getByRole("button", { name: "Sign in" }).click();
    await r.getByLabel("Authentication code").fill(codes[0]!);
    await r.getByRole("button", { name: "Verify and sign in" }).click();
    await r.waitForURL("**/r/alpine");
    const actions = await db().auditEvent.findMany({
      where: { action: { startsWith: "auth." }, after: { path: ["email"], equals: email } },
      select: { action: true },
    });
    expect(actions.map((a) => a.action)).toContain("auth.sign_in_failed");
  });

  it("speaks the person's language: German account pages, an Italian browser's code step", async () => {
    const email = await newResellerUser("de");
    const p = await page({ locale: "en-GB" });
    await signIn(p, email, PASSWORD);
    await p.waitForURL("**/r/alpine");
    await p.goto("/account/two-factor");
    await p.getByRole("heading", { level: 1, name: "Zwei-Faktor-Anmeldung einrichten" }).waitFor();
    await p.getByRole("img", { name: "QR-Code für Ihre Authenticator-App" }).waitFor();
    const secret = (await p.getByTestId("totp-secret").textContent())!.trim();
    await p.getByLabel("Code aus der App").fill("000000");
    await p.getByLabel("Ihr aktuelles Passwort").fill(PASSWORD);
    await p.getByRole("button", { name: "Zwei-Faktor-Anmeldung aktivieren" }).click();
    // The refusal is written in lib/ with v() and reaches the page in the person's language.
    await p.getByText("Der Code stimmt nicht: Prüfen Sie die Uhrzeit des Telefons").waitFor();
    await p.getByLabel("Code aus der App").fill(await freshCode(secret, null));
    await p.getByRole("button", { name: "Zwei-Faktor-Anmeldung aktivieren" }).click();
    await p.getByRole("status").getByText("Die Zwei-Faktor-Anmeldung ist aktiv.").waitFor();
    await p.getByRole("heading", { name: "Ihre Wiederherstellungscodes" }).waitFor();

    await p.goto("/account/password");
    await p.getByRole("heading", { level: 1, name: "Passwort ändern" }).waitFor();
    await p.getByLabel("Aktuelles Passwort").fill(PASSWORD);
    await p.locator("#newPassword").fill("another long password 2026");
    await p.getByLabel("Neues Passwort wiederholen").fill("another long password 2027");
    await p.getByRole("button", { name: "Passwort ändern" }).click();
    await p.getByText("Die beiden neuen Passwörter unterscheiden sich").waitFor();

    await p.goto("/account/sessions");
    await p.getByRole("heading", { level: 1, name: "Meine Sitzungen" }).waitFor();
    await p.getByRole("table", { name: "Angemeldete Sitzungen" }).getByText("Dieser Browser").waitFor();
    // The device's name keeps the brands and puts the words around them in German.
    await p
      .getByRole("table", { name: "Angemeldete Sitzungen" })
      .getByText(/^Chrome unter \w+$/)
      .waitFor();
    await screenshot(p, "de-account-sessions");

    // Before signing in only the browser's language is known.
    const q = await page({ locale: "it-IT" });
    await q.goto("/login");
    await q.getByLabel("E-mail").fill(email);
    await q.getByLabel("Password").fill(PASSWORD);
    await q.getByRole("button", { name: "Accedi" }).click();
    await q.getByLabel("Codice di autenticazione").fill("999999");
    await q.getByRole("button", { name: "Verifica e accedi" }).click();
    await formError(q).filter({ hasText: "Il codice non è corretto" }).waitFor();
    await screenshot(q, "it-login-second-factor-refused");
  });

  it("changing the password can revoke the API tokens the person made and turn the reseller's webhook endpoints off", async () => {
    const email = await newResellerUser();
    const user = await db().user.findUniqueOrThrow({ where: { email } });
    const token = await db().apiToken.create({
      data: {
        resellerId: user.resellerId!,
        createdById: user.id,
        name: `billing ${randomUUID().slice(0, 6)}`,
        scopes: ["orders:read"],
        tokenHash: randomUUID(),
        prefix: "mrp_e2e",
      },
    });
    // An endpoint someone else may have added from this account's session.
    const endpoint = await db().webhookEndpoint.create({
      data: {
        resellerId: user.resellerId!,
        url: "https://receiver.example.test/hook",
        events: ["order.placed"],
        sealedSecret: Buffer.from("not opened by this test"),
      },
    });
    const p = await page();
    await signIn(p, email, PASSWORD);
    await p.waitForURL("**/r/alpine");
    await p.goto("/account/password");
    // A copy of the cookie taken before the change (malware, a shared machine) must stop working.
    const copied = (await p.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    await p.getByLabel("Current password").fill(PASSWORD);
    await p.locator("#newPassword").fill("a newer e2e password 2027");
    await p.getByLabel("New password again").fill("a newer e2e password 2027");
    await p.getByLabel("Also revoke the API tokens I created").check();
    await p.getByLabel("Also turn off our webhook endpoints").check();
    await p.getByRole("button", { name: "Change password" }).click();
    await p.getByText(/^Password changed\. 1 API token revoked\. \d+ webhook endpoints? turned off\.$/).waitFor();
    expect((await db().apiToken.findUniqueOrThrow({ where: { id: token.id } })).revokedAt).not.toBeNull();
    // Its page says why it is off.
    expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).disabledAt).not.toBeNull();
    await p.goto(`/r/alpine/webhooks/${endpoint.id}`);
    await p.getByText("Turned off when a person of the reseller changed their password.").waitFor();
    const copy = await fetch(`${baseUrl()}/api/auth/session`, { headers: { cookie: copied } });
    expect(await copy.json()).toEqual({});
  });

  it("signing out ends the session on the server: a copied cookie stops working", async () => {
    const email = await newResellerUser();
    const p = await page();
    await signIn(p, email, PASSWORD);
    await p.waitForURL("**/r/alpine");
    const copied = await p.context().cookies();
    const cookieHeader = copied.map((c) => `${c.name}=${c.value}`).join("; ");
    const before = await fetch(`${baseUrl()}/api/auth/session`, { headers: { cookie: cookieHeader } });
    expect((await before.json()).user?.email).toBe(email);

    await p.getByRole("button", { name: "Sign out" }).click();
    await p.waitForURL("**/login");

    const thief = await (await launchBrowser()).newContext({ baseURL: baseUrl() });
    contexts.push(thief);
    await thief.addCookies(copied);
    const t = await thief.newPage();
    await t.goto("/r/alpine");
    expect(new URL(t.url()).pathname).toBe("/login");
    const after = await fetch(`${baseUrl()}/api/auth/session`, { headers: { cookie: cookieHeader } });
    expect(await after.json()).toEqual({});
    const session = await db().userSession.findFirstOrThrow({ where: { user: { email } } });
    expect(session.revokedAt).not.toBeNull();
  });

  it("My sessions lists each browser and signs another one out", async () => {
    const email = await newResellerUser();
    const laptop = await page();
    await signIn(laptop, email, PASSWORD);
    await laptop.waitForURL("**/r/alpine");
    const phone = await page();
    await signIn(phone, email, PASSWORD);
    await phone.waitForURL("**/r/alpine");

    await laptop.goto("/account/sessions");
    const rows = laptop.getByTestId("session-row");
    await expect(rows.count()).resolves.toBe(2);
    await laptop.getByText("This browser").waitFor();
    await screenshot(laptop, "my-sessions");
    await rows.getByRole("button", { name: "Sign out" }).click();
    // The signed-out row leaves the list; this browser's stays. The row took its form along, and
    // the success is still said, in the page's own live region.
    await rows.nth(1).waitFor({ state: "detached" });
    await expect.poll(() => laptop.getByTestId("announcer").textContent()).toBe("Session signed out.");
    // Focus went with the row's button; it is put on the page's heading, not left on the body.
    await expect.poll(() => laptop.evaluate(() => document.activeElement?.textContent)).toBe("My sessions");
    await phone.reload();
    expect(new URL(phone.url()).pathname).toBe("/login");
    await laptop.reload();
    await expect(laptop.getByTestId("session-row").count()).resolves.toBe(1);
    await laptop.getByText("This browser").waitFor();
  });

  it("turning two-factor sign-in off says so in the page's live region and puts focus on the page's heading", async () => {
    const email = await newResellerUser();
    const p = await page();
    await signIn(p, email, PASSWORD);
    await p.waitForURL("**/r/alpine");
    await p.goto("/account/two-factor");
    await completeEnrolment(p, PASSWORD);
    await p.goto("/account/two-factor");
    const off = p.getByRole("form", { name: "Turn off two-factor sign-in" });
    await off.getByLabel("Code from the app").fill(await codeFor(email));
    await off.getByRole("button", { name: "Turn off" }).click();
    // The answer renders the page again as the enrolment form, without the form that was used.
    await off.waitFor({ state: "detached" });
    await expect.poll(() => p.getByTestId("announcer").textContent()).toBe("Two-factor sign-in is off.");
    await expect.poll(() => p.evaluate(() => document.activeElement?.textContent)).toBe("Set up two-factor sign-in");
    expect((await db().user.findUniqueOrThrow({ where: { email } })).totpEnabledAt).toBeNull();
  });

  it("signs another session out also before the page's script has run", async () => {
    const email = await newResellerUser();
    const laptop = await page();
    await signIn(laptop, email, PASSWORD);
    await laptop.waitForURL("**/r/alpine");
    const phone = await page();
    await signIn(phone, email, PASSWORD);
    await phone.waitForURL("**/r/alpine");

    const scriptless = await (await launchBrowser()).newContext({
      baseURL: baseUrl(),
      javaScriptEnabled: false,
      storageState: await laptop.context().storageState(),
    });
    contexts.push(scriptless);
    const p = await scriptless.newPage();
    await p.goto("/account/sessions");
    const rows = p.getByTestId("session-row");
    await expect(rows.count()).resolves.toBe(2);
    await rows.getByRole("button", { name: "Sign out" }).click();
    await p.waitForLoadState();
    await phone.reload();
    expect(new URL(phone.url()).pathname).toBe("/login");
  });
});
