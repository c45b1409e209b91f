// Chromium for the e2e tier: Debian's /usr/bin/chromium driven by playwright-core (no browser
// download). A missing chromium fails the run with the package to install.
import fs from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { inject } from "vitest";

export const CHROMIUM = "/usr/bin/chromium";
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

/** A fresh context (own cookies) and page; each test signs in separately. */
export async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await (await launchBrowser()).newContext({ baseURL: baseUrl() });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/** Fills the sign-in form and waits until the page leaves /login (or the error shows). */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await Promise.race([
    page.waitForURL((url) => !url.pathname.startsWith("/login")),
    formError(page).filter({ hasText: /\S/ }).waitFor(),
  ]);
}

/** The sign-in form's message (Next's route announcer is a second role=alert on every page). */
export function formError(page: Page) {
  return page.locator("#login-error");
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join("test-results", `${name.replace(/[^a-z0-9-]+/gi, "-")}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
