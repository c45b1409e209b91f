// A reseller places orders through the browser: one of each kind reaches `succeeded` on its live
// order page (no reload), invalid input is explained on the fields with nothing typed lost, an
// upstream rejection is fixed through "edit and resubmit", and a double click makes one order.
// Runs against the production build, the simulators and a worker (tests/support/global-e2e.ts).

import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { screenshot } from "../support/e2e/browser";
import { fileBrowser } from "../support/e2e/file-browser";

const POSTMASTER = "Secret-pass-42";
const browser = fileBrowser();
const signedIn = () => browser.alpineOwner();
const tag = randomUUID().slice(0, 6);

async function openForm(page: Page, kind: string) {
  await page.goto(`/r/alpine/orders/new?kind=${kind}`);
  await page.locator("#field-customerId").selectOption({ label: "Bergblick Hotel" });
}

/** Types into a search picker and chooses the matching entry; `everywhere` looks beyond the customer. */
async function pick(page: Page, fieldId: string, search: string, option: RegExp, everywhere = false) {
  if (everywhere) await page.getByLabel(/Also show/).check();
  await page.locator(`#${fieldId}`).fill(search);
  await page.getByRole("option", { name: option }).click();
}

async function submitAndFollow(page: Page): Promise<string> {
  await page.getByRole("button", { name: /Place order|Resubmit order/ }).click();
  await page.waitForURL(/\/r\/alpine\/orders\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  return page.url().split("/").pop()!;
}

/** Waits on the order page for a status, proving the page never reloaded meanwhile. */
async function expectLiveStatus(page: Page, status: string) {
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  await page.locator(`[data-testid=order-status][data-status=${status}]`).waitFor({ timeout: 90_000 });
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
}

async function simFault(fault: object) {
  const res = await fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}/__sim/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(fault),
  });
  expect(res.status).toBe(201);
}

describe("reseller order forms", () => {
  beforeAll(async () => {
    // Room for every order this file places, whatever other e2e files did before.
    await db().reseller.update({
      where: { slug: "alpine" },
      data: { maxDomains: 1000, maxManagers: 1000, maxServers: 1000 },
    });
  });

  it("places one order of each kind and watches each reach succeeded live", async () => {
    const page = await signedIn();

    await openForm(page, "grommunio_server");
    await page.locator("#field-hostname").fill(`mx-${tag}.alpine.test`);
    await page.locator("#field-extname").fill(`mail-${tag}.alpine.test`);
    const serverId = await submitAndFollow(page);
    await expectLiveStatus(page, "succeeded");
    expect(await page.getByTestId("upstream-ref").textContent()).toMatch(/^\d+$/);
    await screenshot(page, "screenshots/order-page-succeeded");

    await openForm(page, "grommunio_domain");
    const domain = page.locator("#field-domainname");
    await domain.fill(`bücher-${tag}.de`);
    // The IDNA form appears while typing.
    await expect(page.locator("#field-domainname-idna").textContent()).resolves.toContain(`xn--bcher-`);
    expect(serverId).toMatch(/^[0-9a-f-]{36}$/);
    await pick(page, "field-homeserver", `mx-${tag}`, new RegExp(`mx-${tag}\\.alpine\\.test`));
    // The provider's ActiveSync policy unless the reseller asks for one of the domain's own.
    expect(await page.getByLabel(/The provider's policy/).isChecked()).toBe(true);
    expect(await page.getByText(/ActiveSync: device security/).count()).toBe(0);
    await screenshot(page, "screenshots/order-form-grommunio-domain");
    const domainOrderId = await submitAndFollow(page);
    await expectLiveStatus(page, "succeeded");
    const domainOrder = await db().order.findUniqueOrThrow({ where: { id: domainOrderId } });
    expect(domainOrder.payload).not.toHaveProperty("syncPolicy");

    const qbox = `alpine-${tag}.com`;
    await openForm(page, "qboxmail_domain");
    await page.locator("#field-name").fill(qbox);
    await page.locator("#field-postmaster_password").fill(POSTMASTER);
    await page.locator("#field-postmaster_password_confirmation").fill(POSTMASTER);
    // Plan-gated features follow the plan.
    await expect(page.locator("#field-chat").isDisabled()).resolves.toBe(true);
    await page.locator("#field-plan").selectOption("enterprise");
    await expect(page.locator("#field-chat").isDisabled()).resolves.toBe(false);
    await page.locator("#field-chat").check();
    await page.locator("#field-max_email_quota").selectOption({ label: "16 GB" });
    await submitAndFollow(page);
    await expectLiveStatus(page, "succeeded");
    const qboxOrder = await db().order.findFirstOrThrow({ where: { naturalKey: qbox } });
    expect(qboxOrder.payload).toMatchObject({ plan: "enterprise", chat: true, max_email_quota: 16 * 1024 ** 3 });

    await openForm(page, "qboxmail_manager");
    await page.locator("#field-email_address").fill(`boss-${tag}@alpine-mail.com`);
    await page.locator("#field-firstname").fill("Berta");
    await page.locator("#field-lastname").fill("Berg");
    await page.locator("#field-password").fill(POSTMASTER);
    await page.locator("#field-password_confirmation").fill(POSTMASTER);
    await pick(page, "field-domain_codes", qbox.slice(0, 12), new RegExp(`${qbox} \\(`));
    await submitAndFollow(page);
    await expectLiveStatus(page, "succeeded");
    const manager = await db().order.findFirstOrThrow({
      where: { kind: "qboxmail_manager", naturalKey: `boss-${tag}@alpine-mail.com` },
    });
    expect(manager.payload).toMatchObject({ domain_codes: [qboxOrder.upstreamRef] });
  });

  it("explains invalid input on the fields and keeps everything typed", async () => {
    const page = await signedIn();
    await openForm(page, "qboxmail_domain");
    await page.locator("#field-name").fill("not a domain");
    await page.locator("#field-postmaster_password").fill("short");
    await page.locator("#field-postmaster_password_confirmation").fill("different");
    await page.locator("#field-company").fill("Bergblick GmbH");
    await page.getByRole("button", { name: "Place order" }).click();

    const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
    await summary.waitFor();
    expect(await page.locator("#field-name").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#field-name").getAttribute("aria-describedby")).toContain("field-name-error");
    expect(await page.locator("#field-name-error").textContent()).toBeTruthy();
    expect(await page.locator("#field-postmaster_password-error").textContent()).toMatch(/8 characters/);
    expect(await page.locator("#field-name").inputValue()).toBe("not a domain");
    expect(await page.locator("#field-company").inputValue()).toBe("Bergblick GmbH");
    await screenshot(page, "screenshots/order-form-errors");

    // Fixing those leaves the cross-field rule: the confirmation must match.
    await page.locator("#field-name").fill(`fixed-${tag}.com`);
    await page.locator("#field-postmaster_password").fill(POSTMASTER);
    await page.getByRole("button", { name: "Place order" }).click();
    await page
      .locator("#field-postmaster_password_confirmation-error")
      .filter({ hasText: /differ/ })
      .waitFor();
    expect(await page.locator("#field-name").getAttribute("aria-invalid")).toBeNull();
    expect(await page.locator("#field-postmaster_password_confirmation").inputValue()).toBe("different");

    // A rejection only the server can make (the reseller's limit) keeps the typed values too.
    await db().reseller.update({ where: { slug: "alpine" }, data: { maxServers: 0 } });
    try {
      await openForm(page, "grommunio_server");
      await page.locator("#field-hostname").fill(`over-${tag}.alpine.test`);
      await page.locator("#field-extname").fill(`over-${tag}.example.com`);
      await page.getByRole("button", { name: "Place order" }).click();
      await page
        .getByRole("alert")
        .filter({ hasText: /at most 0 servers/ })
        .waitFor();
      expect(await page.locator("#field-hostname").inputValue()).toBe(`over-${tag}.alpine.test`);
      expect(await page.locator("#field-extname").inputValue()).toBe(`over-${tag}.example.com`);
    } finally {
      await db().reseller.update({ where: { slug: "alpine" }, data: { maxServers: 1000 } });
    }
  });

  it("shows an upstream rejection on its field and fixes it through edit and resubmit", async () => {
    const page = await signedIn();
    await simFault({
      method: "POST",
      path: "/api/domains",
      action: "status",
      status: 422,
      body: { message: "Validation failed", errors: [{ field: "company", description: "is not valid" }] },
    });
    const name = `rejected-${tag}.com`;
    await openForm(page, "qboxmail_domain");
    await page.locator("#field-name").fill(name);
    await page.locator("#field-postmaster_password").fill(POSTMASTER);
    await page.locator("#field-postmaster_password_confirmation").fill(POSTMASTER);
    await page.locator("#field-company").fill("Bad & Co");
    await submitAndFollow(page);
    await expectLiveStatus(page, "failed");
    // Qboxmail's own description, quoted as received and labelled as the provider's.
    const problems = page.getByRole("list", { name: "Problems by field" });
    await expect(problems.textContent()).resolves.toContain("Company: Qboxmail said: is not valid");
    expect(await problems.locator('q[lang="en"]').textContent()).toBe("is not valid");
    await screenshot(page, "screenshots/order-page-failed");

    await page.getByRole("link", { name: "Edit and resubmit" }).click();
    await page.waitForURL(/orders\/new\?from=/);
    // Pre-filled from the failed order, except the passwords; the upstream's reason is on its field.
    expect(await page.locator("#field-name").inputValue()).toBe(name);
    expect(await page.locator("#field-company").inputValue()).toBe("Bad & Co");
    await expect.poll(() => page.locator("#field-postmaster_password").inputValue()).toBe("");
    expect(await page.locator("#field-company-error").textContent()).toContain("Qboxmail said: “is not valid”");
    await page.locator("#field-company").fill("Good Company");
    await page.locator("#field-postmaster_password").fill(POSTMASTER);
    await page.locator("#field-postmaster_password_confirmation").fill(POSTMASTER);
    await submitAndFollow(page);
    await expectLiveStatus(page, "succeeded");
    const orders = await db().order.findMany({ where: { naturalKey: name }, orderBy: { createdAt: "asc" } });
    expect(orders.map((o) => o.status)).toEqual(["cancelled", "succeeded"]);
    expect(orders[1]?.payload).toMatchObject({ company: "Good Company" });
  });

  it("cancels an order that has not started, live on its page", async () => {
    // A server order on hold (waiting for a person) keeps a domain ordered onto it pending.
    const reseller = await db().reseller.findUniqueOrThrow({
      where: { slug: "alpine" },
      include: { users: true, customers: true },
    });
    const held = await db().order.create({
      data: {
        resellerId: reseller.id,
        customerId: reseller.customers[0]!.id,
        createdById: reseller.users[0]!.id,
        kind: "grommunio_server",
        provider: "grommunio",
        status: "held",
        naturalKey: `held-${tag}.alpine.test`,
        displayName: `held-${tag}.alpine.test`,
        payload: { hostname: `held-${tag}.alpine.test`, extname: `held-${tag}.example.com` },
        idempotencyKey: randomUUID(),
      },
    });
    const page = await signedIn();
    await openForm(page, "grommunio_domain");
    await page.locator("#field-domainname").fill(`waiting-${tag}.de`);
    await pick(page, "field-homeserver", `held-${tag}`, new RegExp(`held-${tag}`), true);
    expect(await page.locator(`input[type=hidden][name=homeserver]`).inputValue()).toBe(`order:${held.id}`);
    const id = await submitAndFollow(page);
    await page.locator("[data-testid=order-status][data-status=pending]").waitFor();
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await page.getByRole("button", { name: "Cancel order" }).click();
    await page.getByText("Nothing is created and nothing is charged").waitFor();
    await page.getByRole("button", { name: "Yes, cancel the order" }).click();
    await expectLiveStatus(page, "cancelled");
    expect(await page.getByRole("button", { name: "Cancel order" }).count()).toBe(0);
    expect((await db().order.findUniqueOrThrow({ where: { id } })).status).toBe("cancelled");
  });

  it("makes one order from a double-clicked submit", async () => {
    const page = await signedIn();
    const host = `double-${tag}.alpine.test`;
    await openForm(page, "grommunio_server");
    await page.locator("#field-hostname").fill(host);
    await page.locator("#field-extname").fill(`double-${tag}.example.com`);
    await page.getByRole("button", { name: "Place order" }).dblclick();
    await page.waitForURL(/\/r\/alpine\/orders\/[0-9a-f-]{36}$/);
    await expectLiveStatus(page, "succeeded");
    expect(await db().order.count({ where: { naturalKey: host } })).toBe(1);
  });
});
