// Chromium for the e2e tier: Debian's /usr/bin/chromium driven by playwright-core (no browser
// download). A missing chromium fails the run with the package to install.
import fs from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { inject } from "vitest";
import { codeFor, freshCode } from "./totp";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function assertChromium(): void {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install chromium fonts-liberation).`);
  }
}

let browser: Browser | undefined;

export async function launchBrowser(): Promise<Browser> {
  assertChromium();
  browser ??= await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  return browser;
}

export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = undefined;
}

export function baseUrl(): string {
  return inject("baseUrl");
}

/**
 * A fresh context (own cookies) and page; each test signs in separately. `locale` sets the
 * browser's language (Accept-Language), `timezoneId` its zone, `viewport` its size.
 */
export async function newPage(
  options: { locale?: string; timezoneId?: string; viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await (await launchBrowser()).newContext({ baseURL: baseUrl(), ...options });
  const page = await context.newPage();
  // 30 s, not less: while the other tier loads both cores, a clean-clone CI run saw the renderer
  // not answer Playwright's visible-and-stable check for a whole 15 s, and fail a click on a
  // page that was correct. A page that never shows an element still fails, just later.
  page.setDefaultTimeout(30_000);
  return { context, page };
}

/**
 * Signs in as a person would: e-mail and password, then the authentication code when the account
 * has two-factor sign-in, and the enrolment when the account must set it up (support and admin
 * at their first sign-in). Returns once the page left /login and enrolment, or the form shows an
 * error. A forced password change (/account/password) is left to the test. Fields and buttons are
 * found by id and type, not by their words, so it works in every language the browser may ask for.
 */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  const submit = page.locator('form button[type="submit"]');
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(password);
  await submit.click();
  const codeField = page.locator("#code");
  const step = await Promise.race([
    page.waitForURL((url) => !url.pathname.startsWith("/login")).then(() => "left" as const),
    formError(page)
      .filter({ hasText: /\S/ })
      .waitFor()
      .then(() => "error" as const),
    // The enrolment page has a #code field too, and it can show before that page's load event
    // ends the wait above: only a code field on the sign-in page asks for a code.
    codeField.waitFor().then(() => (new URL(page.url()).pathname.startsWith("/login") ? "code" : "left")),
  ]);
  if (step === "code") {
    await codeField.fill(await codeFor(email));
    await submit.click();
    await Promise.race([
      page.waitForURL((url) => !url.pathname.startsWith("/login")),
      formError(page).filter({ hasText: /\S/ }).waitFor(),
    ]);
  }
  if (new URL(page.url()).pathname === "/account/two-factor") await completeEnrolment(page, password);
}

/**
 * On the enrolment page: reads the key as a person would type it into the app, confirms with a
 * code and the account's current password, continues.
 */
export async function completeEnrolment(page: Page, password: string): Promise<string[]> {
  const secret = (await page.getByTestId("totp-secret").textContent())?.trim();
  if (!secret) throw new Error("the enrolment page shows no key");
  const form = page.locator("form").filter({ has: page.getByTestId("totp-secret") });
  await form.locator("#code").fill(await freshCode(secret, null));
  await form.locator("#currentPassword").fill(password);
  await form.locator('button[type="submit"]').click();
  await page.getByTestId("recovery-codes").waitFor();
  const codes = await page.getByTestId("recovery-codes").locator("li").allTextContents();
  await page.getByTestId("recovery-codes-saved").click();
  await page.waitForURL((url) => url.pathname !== "/account/two-factor");
  return codes;
}

/**
 * Collects what the page reports as broken from now on: uncaught errors and console errors (React
 * reports a hydration mismatch there: the browser's render of a client component differing from
 * the server's HTML), each with the address it came from. Returns a reader of what was collected.
 */
export function pageErrors(page: Page): () => string[] {
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  page.on("console", (msg) => {
    // A failed load's text does not name what failed; its location does.
    const url = msg.location()?.url;
    if (msg.type() === "error") errors.push(url ? `${msg.text()} (${url})` : msg.text());
  });
  return () => [...errors];
}

/** The sign-in form's message (Next's route announcer is a second role=alert on every page). */
export function formError(page: Page) {
  return page.locator("#login-error");
}

/** A full-page screenshot under test-results/; a "/" in the name makes a folder ("screenshots/orders"). */
export async function screenshot(page: Page, name: string): Promise<string> {
  const parts = name.split("/").map((part) => part.replace(/[^a-z0-9-]+/gi, "-"));
  const file = `${path.join("test-results", ...parts)}.png`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
