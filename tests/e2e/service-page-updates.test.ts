// The reseller's service page keeps itself current (app/r/[slug]/services/[id]/auto-refresh.tsx):
// it says a new state at the provider in a live region, and it holds still while paused, while a
// form on it holds typed text and while its tab is hidden. The e2e stack reads every 3 s
// (SERVICE_PAGE_REFRESH_SECONDS in tests/support/global-e2e.ts). That a page did not re-read is
// shown against a second, unpaused page of the same service: the state is changed at Qboxmail three
// times, each time until that page shows it, so at least two periods pass; a page that re-read
// meanwhile would show one of those states.
import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { fileBrowser } from "../support/e2e/file-browser";

const browser = fileBrowser();
const tag = randomUUID().slice(0, 8);

/** Qboxmail's status word → the words the page shows for it. */
const WORDS = {
  ownership_check: "Waiting for DNS",
  disabled: "Disabled",
  updating: "Being updated by the provider",
} as const;
type Status = keyof typeof WORDS;

let serviceId: string;
let code: string;

async function setAtQboxmail(status: Status) {
  const res = await fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}/__sim/qboxmail/domain-status`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code, status }),
  });
  expect(res.status).toBe(200);
}

const shownState = (page: Page) => page.getByTestId("service-state").textContent();

async function waitUntilShown(page: Page, status: Status) {
  await expect.poll(() => shownState(page), { timeout: 30_000, interval: 200 }).toBe(WORDS[status]);
}

/** Changes the state at Qboxmail to each of `statuses` in turn, each until `watcher` shows it. */
async function changeSeenBy(watcher: Page, statuses: Status[]) {
  for (const status of statuses) {
    await setAtQboxmail(status);
    await waitUntilShown(watcher, status);
  }
}

async function openService(): Promise<Page> {
  const page = await browser.alpineOwner();
  await page.goto(`/r/alpine/services/${serviceId}`);
  await page.getByRole("button", { name: "Pause automatic updates" }).waitFor();
  return page;
}

describe("the service page's automatic updates", () => {
  beforeAll(async () => {
    // A Qboxmail domain made at the simulator, held by a service of Alpine's: it starts waiting
    // for DNS, and the simulator's control route moves its status from there.
    const name = `updates-${tag}.example.com`;
    const made = await fetch(`${process.env.QBOXMAIL_API_URL}/api/domains`, {
      method: "POST",
      headers: {
        "X-Api-Token": process.env.QBOXMAIL_API_TOKEN!,
        Accept: "application/json",
        "content-type": "application/json",
      },
      body: JSON.stringify({
        name,
        postmaster_password: "Updates-pass-42",
        postmaster_password_confirmation: "Updates-pass-42",
        company: `Updates ${tag}`,
      }),
    });
    expect(made.status).toBe(201);
    code = ((await made.json()) as { resource_code: string }).resource_code;
    const reseller = await db().reseller.findUniqueOrThrow({ where: { slug: "alpine" } });
    const customer = await db().customer.findFirstOrThrow({ where: { resellerId: reseller.id } });
    const service = await db().service.create({
      data: {
        resellerId: reseller.id,
        customerId: customer.id,
        kind: "qboxmail_domain",
        provider: "qboxmail",
        upstreamRef: code,
        naturalKey: name,
        displayName: name,
      },
    });
    serviceId = service.id;
  });

  it("says a new state once, and stays as it is while paused until resumed", async () => {
    await setAtQboxmail("ownership_check");
    const page = await openService();
    const said = page.getByTestId("service-state-announcement");
    const pause = page.getByRole("button", { name: "Pause automatic updates" });
    expect(await shownState(page)).toBe(WORDS.ownership_check);
    expect(await page.getByTestId("auto-refresh-status").textContent()).toBe(
      "This page reads the provider again every 3 seconds.",
    );
    // The state the page opened on is not said.
    expect(await said.textContent()).toBe("");

    await setAtQboxmail("disabled");
    await waitUntilShown(page, "disabled");
    await expect.poll(() => said.textContent()).toBe("State at the provider now: Disabled");

    await pause.click();
    expect(await pause.getAttribute("aria-pressed")).toBe("true");
    expect(await page.getByTestId("auto-refresh-status").textContent()).toMatch(/^Automatic updates are paused/);
    const watcher = await openService();
    await changeSeenBy(watcher, ["ownership_check", "updating", "ownership_check"]);
    expect(await shownState(page)).toBe(WORDS.disabled);
    expect(await said.textContent()).toBe("State at the provider now: Disabled");

    // Resumed, it reads at once and says what it finds.
    await pause.click();
    expect(await pause.getAttribute("aria-pressed")).toBe("false");
    await waitUntilShown(page, "ownership_check");
    await expect.poll(() => said.textContent()).toBe("State at the provider now: Waiting for DNS");
  });

  it("holds still while a form on it holds typed text, and while its tab is hidden", async () => {
    await setAtQboxmail("ownership_check");
    const page = await openService();
    const watcher = await openService();

    await page.locator("#delete-confirm").fill("not sure yet");
    await changeSeenBy(watcher, ["disabled", "updating", "disabled"]);
    expect(await shownState(page)).toBe(WORDS.ownership_check);
    // The field emptied again, the page goes on.
    await page.locator("#delete-confirm").fill("");
    await waitUntilShown(page, "disabled");

    // The tab is hidden as a browser hides it: the document says so and tells the page.
    const visibility = (state: "hidden" | "visible") =>
      page.evaluate((s) => {
        Object.defineProperty(document, "visibilityState", { configurable: true, get: () => s });
        Object.defineProperty(document, "hidden", { configurable: true, get: () => s === "hidden" });
        document.dispatchEvent(new Event("visibilitychange"));
      }, state);
    await visibility("hidden");
    await changeSeenBy(watcher, ["ownership_check", "updating", "ownership_check"]);
    expect(await shownState(page)).toBe(WORDS.disabled);
    // Shown again, it reads the provider again.
    await visibility("visible");
    await waitUntilShown(page, "ownership_check");
  });

  it("keeps a change form's key while it updates itself: a change whose answer was lost, sent again, places no second order", async () => {
    await setAtQboxmail("ownership_check");
    const page = await openService();
    const changes = () => db().order.count({ where: { serviceId, action: "change" } });
    const before = await changes();
    const renewed = `Lost-${tag}-pw4`;
    await page.locator("summary", { hasText: /^Change password$/ }).click();
    await page.locator("#field-postmaster_password").fill(renewed);
    await page.locator("#field-postmaster_password_confirmation").fill(renewed);
    // The first submission reaches the portal, which places the change; its answer never comes back.
    let lost = false;
    await page.route(`**/r/alpine/services/${serviceId}**`, async (route) => {
      if (lost || route.request().method() !== "POST" || !route.request().headers()["next-action"])
        return route.continue();
      lost = true;
      await route.fetch();
      await route.abort("connectionreset");
    });
    await page.getByRole("button", { name: "Set password", exact: true }).click();
    await page.getByText("The portal's answer did not reach this page", { exact: false }).waitFor();
    expect(await changes()).toBe(before + 1);

    // The page reads the provider again meanwhile (password fields are not typed text to it).
    await setAtQboxmail("disabled");
    await waitUntilShown(page, "disabled");
    await page.getByRole("button", { name: "Set password", exact: true }).click();
    await page.waitForURL(/\/r\/alpine\/orders\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    const placed = await db().order.findFirstOrThrow({
      where: { serviceId, action: "change" },
      orderBy: { createdAt: "desc" },
    });
    expect(new URL(page.url()).pathname).toBe(`/r/alpine/orders/${placed.id}`);
    expect(await changes()).toBe(before + 1);
  });
});
