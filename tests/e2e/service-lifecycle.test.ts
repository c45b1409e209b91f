// After the order: a reseller activates a Qboxmail domain (ownership record shown, the simulator
// told the record exists, "check now"), then disables, enables, changes a limit and deletes it,
// each as an order watched live on its order page; a grommunio domain gets its ActiveSync policy
// changed, then removed (grommunio's default applies), and is deleted; a Qboxmail domain activated with MX records to fix says so (and what to
// do), and "Check MX now" turns it active once the records are right; a Qboxmail manager is given a domain through the picker and has it
// taken back, gets its Delivery limits and a new password (a bad
// pair refused on its field first); the deletes free the limits they used; an administrator then purges the
// soft-deleted grommunio domain from support's service page (support cannot).
import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { COUNTS_AGAINST_LIMIT } from "@/lib/orders/order-checks";
import { grommunioApi } from "../integration/another-client";
import { fileBrowser } from "../support/e2e/file-browser";
import { newStaffUser } from "../support/e2e/staff";

const POSTMASTER = "Secret-pass-42";
const browser = fileBrowser();
const signedIn = () => browser.alpineOwner();
const tag = randomUUID().slice(0, 6);

async function order(page: Page, kind: string, fill: () => Promise<void>): Promise<void> {
  await page.goto(`/r/alpine/orders/new?kind=${kind}`);
  await page.locator("#field-customerId").selectOption({ label: "Bergblick Hotel" });
  await fill();
  await page.getByRole("button", { name: "Place order" }).click();
  await page.waitForURL(/\/r\/alpine\/orders\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await expectLiveSucceeded(page);
}

/** Waits on the order page for `succeeded`, proving the page never reloaded meanwhile. */
async function expectLiveSucceeded(page: Page) {
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  await page.locator("[data-testid=order-status][data-status=succeeded]").waitFor({ timeout: 90_000 });
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
}

/** Submits one action on the service page and follows it to its live order page. */
async function act(page: Page, serviceId: string, button: string, before?: () => Promise<void>, confirm?: string) {
  await page.goto(`/r/alpine/services/${serviceId}`);
  await before?.();
  await page.getByRole("button", { name: button, exact: true }).click();
  if (confirm) {
    // Disabling asks first and says what it does; nothing is placed before the second button.
    await page
      .getByTestId("confirm-consequence")
      .getByText(/no longer accepted/)
      .waitFor();
    await page.getByRole("button", { name: confirm }).click();
  }
  await page.waitForURL(/\/r\/alpine\/orders\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await expectLiveSucceeded(page);
}

const domainsInUse = () =>
  db().order.count({
    where: {
      reseller: { slug: "alpine" },
      kind: { in: ["qboxmail_domain", "grommunio_domain"] },
      ...COUNTS_AGAINST_LIMIT,
    },
  });

describe("the service lifecycle", () => {
  beforeAll(async () => {
    await db().reseller.update({ where: { slug: "alpine" }, data: { maxDomains: 1000, maxServers: 1000 } });
  });

  it("Qboxmail domain: activate by DNS, disable, enable, change a limit, set a new postmaster password, delete", async () => {
    const page = await signedIn();
    const name = `life-${tag}.com`;
    await order(page, "qboxmail_domain", async () => {
      await page.locator("#field-name").fill(name);
      await page.locator("#field-postmaster_password").fill(POSTMASTER);
      await page.locator("#field-postmaster_password_confirmation").fill(POSTMASTER);
    });
    const service = await db().service.findFirstOrThrow({ where: { naturalKey: name, status: "active" } });
    await page.goto(`/r/alpine/services/${service.id}`);
    await page.getByRole("heading", { name: "Waiting for DNS" }).waitFor();
    // The tab names the service and the reseller, not just "Service".
    expect(await page.title()).toContain(`Service ${name} · Alpine Hosting`);
    const recordName = (await page
      .getByRole("cell", { name: new RegExp(`^d\\d+\\.${name.replace(/\./g, "\\.")}$`) })
      .textContent())!;
    expect(await page.getByRole("cell", { name: "185.97.217.16" }).count()).toBe(1);

    // No Disable while the domain waits: Qboxmail disables a domain only once it is active.
    expect(await page.getByRole("button", { name: "Disable", exact: true }).count()).toBe(0);
    await page.getByText("Disable is offered once the domain is active").waitFor();
    // "Check now" before the record exists changes nothing.
    await page.getByRole("button", { name: "Check now" }).click();
    await page.getByText(/still reports: Waiting for DNS/).waitFor();
    const res = await fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}/__sim/qboxmail/dns`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: recordName, value: "185.97.217.16" }),
    });
    expect(res.status).toBe(200);
    await page.getByRole("button", { name: "Check now" }).click();
    // The page re-renders with the provider's new state: activation is done.
    await page.getByText(/Done: Qboxmail verified the domain/).waitFor();
    await page.reload();
    expect(await page.getByTestId("service-state").textContent()).toBe("Active");

    await act(page, service.id, "Disable", undefined, `Yes, disable ${service.displayName}`);
    expect((await db().service.findUniqueOrThrow({ where: { id: service.id } })).upstreamState).toBe("disabled");
    await act(page, service.id, "Enable");
    await act(page, service.id, "Save changes", async () => {
      // A new domain's limits are unlimited: untick "No limit", then type the number.
      await page.locator('[name="max_email_accounts~none"]').uncheck();
      await page.locator("#field-max_email_accounts").fill("25");
    });
    await page.goto(`/r/alpine/services/${service.id}`);
    // "Current settings" labels the field as the order form does, not by the provider's name.
    await expect(page.locator('dd[data-setting="max_email_accounts"]').textContent()).resolves.toBe("25");
    await expect(
      page
        .locator("dt", { hasText: /^Mailboxes$/ })
        .locator("xpath=following-sibling::dd[1]")
        .textContent(),
    ).resolves.toBe("25");

    // A new postmaster password: its own form, typed twice; the order page says it was set, not what.
    const renewed = `Renewed-${tag}-pw4`;
    await act(page, service.id, "Set password", async () => {
      await page.locator("summary", { hasText: /^Change password$/ }).click();
      await page.locator("#field-postmaster_password").fill(renewed);
      await page.locator("#field-postmaster_password_confirmation").fill(renewed);
    });
    await page.getByText(/^set \(encrypted until the order ends/).waitFor();
    expect(await page.content()).not.toContain(renewed);
    const check = await fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}/__sim/qboxmail/password-check`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code: service.upstreamRef, password: renewed }),
    });
    expect(await check.json()).toEqual({ matches: true });
    await page.goto(`/r/alpine/services/${service.id}`);

    const inUse = await domainsInUse();
    // A wrong name is refused on the field.
    await page.locator("#delete-confirm").fill("something else");
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByText(`Type ${name} to confirm the deletion`).waitFor();
    // What was typed stays in the field after a refusal, to be corrected rather than retyped.
    expect(await page.locator("#delete-confirm").inputValue()).toBe("something else");
    await act(page, service.id, "Delete", async () => {
      await page.locator("#delete-confirm").fill(name);
    });
    expect(await db().service.findUniqueOrThrow({ where: { id: service.id } })).toMatchObject({ status: "deleted" });
    expect(await domainsInUse()).toBe(inUse - 1);
    const orders = await db().order.findMany({ where: { serviceId: service.id }, orderBy: { createdAt: "asc" } });
    expect(orders.map((o) => `${o.action}:${o.status}`)).toEqual([
      "suspend:succeeded",
      "resume:succeeded",
      "change:succeeded",
      "change:succeeded",
      "delete:succeeded",
    ]);
  });

  it("Qboxmail domain activated with MX records to fix: the page says it works and what to fix; support sees Qboxmail's word", async () => {
    const page = await signedIn();
    const name = `mxfix-${tag}.com`;
    await order(page, "qboxmail_domain", async () => {
      await page.locator("#field-name").fill(name);
      await page.locator("#field-postmaster_password").fill(POSTMASTER);
      await page.locator("#field-postmaster_password_confirmation").fill(POSTMASTER);
    });
    const service = await db().service.findFirstOrThrow({ where: { naturalKey: name, status: "active" } });
    const simSetting = (detail: string) =>
      fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}/__sim/settings`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ activeStatusDetail: detail }),
      });
    // Qboxmail activates this domain as "enabled" with a detail other than "ok" (simulator setting;
    // only this file activates domains, one test at a time).
    expect((await simSetting("mx_check_failed")).status).toBe(200);
    try {
      await page.goto(`/r/alpine/services/${service.id}`);
      const recordName = (await page
        .getByRole("cell", { name: new RegExp(`^d\\d+\\.${name.replace(/\./g, "\\.")}$`) })
        .textContent())!;
      const dns = await fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}/__sim/qboxmail/dns`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: recordName, value: "185.97.217.16" }),
      });
      expect(dns.status).toBe(200);
      await page.getByRole("button", { name: "Check now" }).click();
      // The page re-renders with the provider's new state: the MX note replaces the ownership panel.
      await page.getByRole("heading", { name: "MX records to update or verify" }).waitFor();
    } finally {
      await simSetting("ok");
    }
    await page.reload();
    expect(await page.getByTestId("service-state").textContent()).toBe("Active, MX records to fix");
    await page.getByRole("heading", { name: "MX records to update or verify" }).waitFor();
    expect(await page.getByTestId("mx-to-fix").textContent()).toMatch(
      /^The domain is active and its mailboxes work, but Qboxmail reports .* set the MX records to the mail servers Qboxmail gives/,
    );
    await page.getByText("mx_check_failed", { exact: true }).first().waitFor();
    // Not a failure: the service is live and its changes are offered as for any active domain.
    expect(await page.getByRole("button", { name: "Disable", exact: true }).count()).toBe(1);

    const support = await browser.signedIn(await newStaffUser("support"));
    await support.goto(`/support/services/${service.id}`);
    expect(await support.getByTestId("upstream-detail").textContent()).toBe("mx_check_failed");
    await support.getByText("Active, MX records to fix").waitFor();

    // "Check MX now": while the simulator's MX check finds the records still wrong, the page says
    // the check was queued and what to fix; once they are right, the domain reads active.
    const mxWrong = (wrong: boolean) =>
      fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}/__sim/settings`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ mxRecordsWrong: wrong }),
      });
    expect((await mxWrong(true)).status).toBe(200);
    try {
      await page.getByRole("button", { name: "Check MX now" }).click();
      await page
        .getByTestId("mx-check-result")
        .getByText(/^Check queued at \d\d:\d\d:\d\d( [AP]M)?\. Qboxmail still reports MX records to fix/)
        .waitFor();
    } finally {
      await mxWrong(false);
    }
    expect(await page.getByTestId("service-state").textContent()).toBe("Active, MX records to fix");
    await page.getByRole("button", { name: "Check MX now" }).click();
    await page.getByRole("heading", { name: "Activation" }).waitFor();
    await page.getByTestId("service-state").getByText("Active", { exact: true }).waitFor();
    expect(await page.getByRole("button", { name: "Check MX now" }).count()).toBe(0);
  });

  it("Qboxmail manager: a domain given and taken back; Delivery limits changed; a new password set, a bad pair refused on its field first", async () => {
    const page = await signedIn();
    const email = `mgr-${tag}@alpine-mail.com`;
    await order(page, "qboxmail_manager", async () => {
      await page.locator("#field-email_address").fill(email);
      await page.locator("#field-firstname").fill("Mara");
      await page.locator("#field-lastname").fill("Moser");
      await page.locator("#field-password").fill(POSTMASTER);
      await page.locator("#field-password_confirmation").fill(POSTMASTER);
    });
    const service = await db().service.findFirstOrThrow({ where: { naturalKey: email, status: "active" } });
    const manager = async () => {
      const r = await fetch(`${process.env.QBOXMAIL_API_URL}/api/managers/${service.upstreamRef}`, {
        headers: { "X-Api-Token": process.env.QBOXMAIL_API_TOKEN!, Accept: "application/json" },
      });
      return ((await r.json()) as { resources: Record<string, unknown>[] }).resources[0]!;
    };
    const opens = async (password: string) => {
      const r = await fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}/__sim/qboxmail/password-check`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ code: service.upstreamRef, password }),
      });
      return ((await r.json()) as { matches: boolean }).matches;
    };

    // Its domains are chosen with the order form's picker, by name, among the customer's; taking
    // the last one away is a change too (the list is sent empty, not left out).
    const domainName = `mgr-dom-${tag}.com`;
    await order(page, "qboxmail_domain", async () => {
      await page.locator("#field-name").fill(domainName);
      await page.locator("#field-postmaster_password").fill(POSTMASTER);
      await page.locator("#field-postmaster_password_confirmation").fill(POSTMASTER);
    });
    const domain = await db().service.findFirstOrThrow({ where: { naturalKey: domainName, status: "active" } });
    const chosenLabel = `${domainName} (${domain.upstreamRef})`;
    await act(page, service.id, "Save changes", async () => {
      await page.locator("#field-domain_codes").fill(domainName.slice(0, 12));
      await page.getByRole("option", { name: chosenLabel }).click();
    });
    expect(await manager()).toMatchObject({ domain_codes: [domain.upstreamRef] });
    await act(page, service.id, "Save changes", async () => {
      await page.getByRole("list", { name: "Chosen for Domains" }).getByText(chosenLabel).waitFor();
      await page.getByRole("button", { name: `Remove ${chosenLabel}` }).click();
    });
    expect(await manager()).toMatchObject({ domain_codes: [] });

    // The Delivery limits only a change takes: "No limit" at first, like the others.
    await act(page, service.id, "Save changes", async () => {
      await page.locator('[name="max_delivery_domains~none"]').uncheck();
      await page.locator("#field-max_delivery_domains").fill("6");
    });
    expect(await manager()).toMatchObject({ max_delivery_domains: 6, max_delivery_accounts: -1 });
    await page.goto(`/r/alpine/services/${service.id}`);
    await expect(page.locator('dd[data-setting="max_delivery_domains"]').textContent()).resolves.toBe("6");
    await expect(page.locator('dd[data-setting="max_delivery_accounts"]').textContent()).resolves.toBe("No limit");

    // A setting typed but not saved, then a bad password pair: each refusal names the field and
    // what to fix, places nothing, and leaves everything typed where it was.
    await page.locator('[name="max_delivery_accounts~none"]').uncheck();
    await page.locator("#field-max_delivery_accounts").fill("14");
    await page.locator("summary", { hasText: /^Change password$/ }).click();
    const passwordForm = page.locator("form", { has: page.getByRole("button", { name: "Set password", exact: true }) });
    const ordersBefore = await db().order.count({ where: { serviceId: service.id } });

    await passwordForm.locator("#field-password").fill("short1");
    await passwordForm.locator("#field-password_confirmation").fill("short1");
    await page.getByRole("button", { name: "Set password", exact: true }).click();
    await passwordForm
      .locator("#field-password-error")
      .filter({ hasText: /at least 8 characters/ })
      .waitFor();
    expect(await passwordForm.locator("#field-password").getAttribute("aria-invalid")).toBe("true");
    expect(await passwordForm.locator("#field-password").inputValue()).toBe("short1");
    expect(await passwordForm.locator("#field-password_confirmation").inputValue()).toBe("short1");

    const renewed = `Renewed-${tag}-mgr7`;
    await passwordForm.locator("#field-password").fill(renewed);
    await passwordForm.locator("#field-password_confirmation").fill(`${renewed}x`);
    await page.getByRole("button", { name: "Set password", exact: true }).click();
    await passwordForm
      .locator("#field-password_confirmation-error")
      .filter({ hasText: /differ: type the same password twice/ })
      .waitFor();
    expect(await passwordForm.locator("#field-password-error").count()).toBe(0);
    expect(await passwordForm.locator("#field-password").inputValue()).toBe(renewed);
    expect(await passwordForm.locator("#field-password_confirmation").inputValue()).toBe(`${renewed}x`);
    expect(await page.locator("#field-max_delivery_accounts").inputValue()).toBe("14");
    expect(await db().order.count({ where: { serviceId: service.id } })).toBe(ordersBefore);
    expect(await opens(renewed)).toBe(false);

    // Corrected, it goes through: the simulator takes the new password; the order page says it
    // was set, never what.
    await passwordForm.locator("#field-password_confirmation").fill(renewed);
    await page.getByRole("button", { name: "Set password", exact: true }).click();
    await page.waitForURL(/\/r\/alpine\/orders\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    await expectLiveSucceeded(page);
    await page.getByText(/^set \(encrypted until the order ends/).waitFor();
    expect(await page.content()).not.toContain(renewed);
    expect(await opens(renewed)).toBe(true);
    expect(await opens(POSTMASTER)).toBe(false);
    // The password order set nothing else: the unsaved Delivery accounts limit stayed unsent.
    expect(await manager()).toMatchObject({ max_delivery_domains: 6, max_delivery_accounts: -1 });
  });

  it("grommunio domain: ActiveSync policy changed, then removed, then the domain deleted", async () => {
    const page = await signedIn();
    await order(page, "grommunio_server", async () => {
      await page.locator("#field-hostname").fill(`life-mx-${tag}.alpine.test`);
      await page.locator("#field-extname").fill(`life-mail-${tag}.alpine.test`);
    });
    const domainname = `life-${tag}.de`;
    await order(page, "grommunio_domain", async () => {
      await page.locator("#field-domainname").fill(domainname);
      // The home-server picker: type part of the name, choose the server just ordered.
      await page.locator("#field-homeserver").fill(`life-mx-${tag}`);
      await page.getByRole("option", { name: new RegExp(`life-mx-${tag}\\.alpine\\.test`) }).click();
    });
    const service = await db().service.findFirstOrThrow({ where: { naturalKey: domainname, status: "active" } });
    await page.goto(`/r/alpine/services/${service.id}`);
    // grommunio needs no activation; the page lists the DNS records for the server's external name.
    await page.getByRole("heading", { name: "DNS for mail" }).waitFor();
    expect(await page.getByRole("cell", { name: `autodiscover.${domainname}` }).count()).toBe(1);

    // The page reads grommunio again every 30 s, and a control keeps the state it was drawn with.
    // Untouched, a change form starts again from each new reading; once touched, it keeps the
    // reading its controls show and says the provider moved on, so a setting changed there is not
    // sent back as the control's older value. The domain was ordered with the provider's policy,
    // so it holds no key of its own: each on/off setting shows "Not set", not grommunio's default.
    const policyAtGrommunio = async () => {
      const state = (await (await fetch(`${process.env.SIM_GROMMUNIO_ORIGIN}/__sim/grommunio/state`)).json()) as {
        domains: { ID: number; syncPolicy: Record<string, unknown> | null }[];
      };
      return state.domains.find((d) => d.ID === Number(service.upstreamRef))?.syncPolicy;
    };
    const setElsewhere = async (syncPolicy: Record<string, number>) => {
      const patched = await grommunioApi("PATCH", `/system/domains/${service.upstreamRef}`, { syncPolicy });
      expect(patched.status).toBe(200);
      // Past the page's freshness window, so its next refresh reads grommunio again.
      await db().service.update({ where: { id: service.id }, data: { readAt: new Date(Date.now() - 120_000) } });
    };
    await page.locator("summary", { hasText: "ActiveSync policy" }).click();
    const wifi = page.locator("#field-syncPolicy-allowwifi");
    expect(await wifi.inputValue()).toBe("");
    expect(await wifi.locator("option:checked").textContent()).toBe("Not set (the provider's default)");
    await setElsewhere({ allowwifi: 0 });
    await expect.poll(() => wifi.inputValue(), { timeout: 70_000, interval: 500 }).toBe("0");
    expect(await wifi.locator("option:checked").textContent()).toBe("No");
    // Bluetooth is a select of grommunio's three choices (off, hands-free only, allowed).
    await page.locator("#field-syncPolicy-allowbluetooth").selectOption("0");
    await setElsewhere({ allowwifi: 1 });
    await page.getByText(/settings changed since you began editing/).waitFor({ timeout: 70_000 });
    expect(await wifi.inputValue()).toBe("0");
    // Saved, it sends what the person changed, laid over the policy grommunio holds now; Wi-Fi,
    // shown as it was read, is not sent back.
    await page.getByRole("button", { name: "Save policy", exact: true }).click();
    await page.waitForURL(/\/r\/alpine\/orders\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    await expectLiveSucceeded(page);
    expect(await policyAtGrommunio()).toMatchObject({ allowwifi: 1, allowbluetooth: 0 });
    const saved = await db().order.findFirstOrThrow({ where: { serviceId: service.id } });
    expect(saved.payload).toEqual({ set: { syncPolicy: { allowbluetooth: 0 } } });

    // An on/off setting set back to "Not set" is taken out of the domain's policy; the rest stays.
    await page.goto(`/r/alpine/services/${service.id}`);
    await page.locator("summary", { hasText: "ActiveSync policy" }).click();
    expect(await wifi.inputValue()).toBe("1");
    await wifi.selectOption("");
    await page.getByRole("button", { name: "Save policy", exact: true }).click();
    await page.waitForURL(/\/r\/alpine\/orders\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    await expectLiveSucceeded(page);
    expect(await policyAtGrommunio()).toEqual({ allowbluetooth: 0 });

    // The domain's own policy removed: asked once more, then grommunio holds none, and the page
    // says the domain follows grommunio's default policy.
    await page.goto(`/r/alpine/services/${service.id}`);
    await page.locator("summary", { hasText: "ActiveSync policy" }).click();
    await page.getByRole("button", { name: "Use grommunio's default policy", exact: true }).click();
    await page
      .getByTestId("confirm-consequence")
      .getByText(/follow grommunio's default policy/)
      .waitFor();
    await page.getByRole("button", { name: "Remove the domain's policy" }).click();
    await page.waitForURL(/\/r\/alpine\/orders\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    await expectLiveSucceeded(page);
    const removed = (await (await fetch(`${process.env.SIM_GROMMUNIO_ORIGIN}/__sim/grommunio/state`)).json()) as {
      domains: { ID: number; syncPolicy: Record<string, unknown> | null }[];
    };
    expect(removed.domains.find((d) => d.ID === Number(service.upstreamRef))?.syncPolicy).toBeNull();
    await page.goto(`/r/alpine/services/${service.id}`);
    await page.locator("summary", { hasText: "ActiveSync policy" }).click();
    await page.getByText(/has no ActiveSync policy of its own/).waitFor();

    const inUse = await domainsInUse();
    await act(page, service.id, "Delete", async () => {
      await page.locator("#delete-confirm").fill(domainname);
    });
    expect(await db().service.findUniqueOrThrow({ where: { id: service.id } })).toMatchObject({ status: "deleted" });
    expect(await domainsInUse()).toBe(inUse - 1);

    // The soft delete kept the name taken at grommunio. Support sees the purge but cannot order
    // it; an administrator purges the domain from support's service page, name typed out.
    const staff = async (email: string) => {
      const p = await browser.signedIn(email);
      await p.goto(`/support/services/${service.id}`);
      await p.getByRole("heading", { name: "Purge" }).waitFor();
      return p;
    };
    const support = await staff(await newStaffUser("support"));
    expect(await support.title()).toContain(`Service ${domainname} · Alpine Hosting`);
    await support.getByText("Only an administrator can purge a domain.").waitFor();
    expect(await support.getByRole("button", { name: "Purge for good" }).count()).toBe(0);
    const admin = await staff(await newStaffUser("admin"));
    // Without a reason nothing is placed: the field says so.
    await admin.locator("#purge-confirm").fill(domainname);
    await admin.getByRole("button", { name: "Purge for good" }).click();
    await admin.getByText(/^Give a reason \(at least 3 characters\)/).waitFor();
    await admin.getByLabel("Reason").fill("The customer left; the name must be free");
    await admin.getByRole("button", { name: "Purge for good" }).click();
    await admin.waitForURL(/\/support\/orders\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    const purgeId = admin.url().split("/").pop()!;
    for (
      let i = 0;
      i < 180 && (await db().order.findUniqueOrThrow({ where: { id: purgeId } })).status !== "succeeded";
      i++
    )
      await new Promise((r) => setTimeout(r, 500));
    expect(await db().order.findUniqueOrThrow({ where: { id: purgeId } })).toMatchObject({
      status: "succeeded",
      action: "delete",
      payload: { purge: true },
      serviceId: service.id,
    });
    expect(
      (await db().auditEvent.findFirstOrThrow({ where: { orderId: purgeId, action: "order.placed" } })).reason,
    ).toBe("The customer left; the name must be free");
    const after = (await (await fetch(`${process.env.SIM_GROMMUNIO_ORIGIN}/__sim/grommunio/state`)).json()) as {
      domains: { ID: number }[];
    };
    expect(after.domains.some((d) => d.ID === Number(service.upstreamRef))).toBe(false);
  });
});
