// The support console in Chromium against `next start`, the worker and the simulators.

import { randomUUID } from "node:crypto";
import fs from "node:fs";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import type { OrderStatus } from "@/lib/generated/prisma/enums";
import { closeProducer } from "@/lib/jobs/enqueue-order";
import { seriousAxeViolations } from "../support/e2e/axe";
import { closeBrowser, newPage, pageErrors, screenshot, signIn } from "../support/e2e/browser";
import { newStaffUser } from "../support/e2e/staff";

const PASSWORD = "demo-password-2026"; // prisma/seed.ts
const tag = randomUUID().slice(0, 8);
const contexts: BrowserContext[] = [];
let alpine: { resellerId: string; customerId: string; userId: string; email: string };

async function page(email: string): Promise<Page> {
  const { context, page } = await newPage();
  contexts.push(context);
  await signIn(page, email, PASSWORD);
  return page;
}

/** An order row written directly (no job): for lists, exports and a queued order nobody picks up. */
async function rawOrder(naturalKey: string, status: OrderStatus, queuedAt?: Date) {
  return db().order.create({
    data: {
      resellerId: alpine.resellerId,
      customerId: alpine.customerId,
      createdById: alpine.userId,
      kind: "qboxmail_domain",
      provider: "qboxmail",
      status,
      naturalKey,
      displayName: naturalKey,
      payload: { name: naturalKey, plan: "professional" },
      idempotencyKey: randomUUID(),
      queuedAt,
    },
  });
}

async function waitForStatus(orderId: string, wanted: OrderStatus[], ms = 30_000) {
  const until = Date.now() + ms;
  for (;;) {
    const o = await db().order.findUniqueOrThrow({ where: { id: orderId } });
    if (wanted.includes(o.status) || Date.now() > until) return o;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("support console", () => {
  beforeAll(async () => {
    const reseller = await db().reseller.findUniqueOrThrow({ where: { slug: "alpine" } });
    const user = await db().user.findUniqueOrThrow({ where: { email: "owner@alpine.example.test" } });
    const customer = await db().customer.findFirstOrThrow({ where: { resellerId: reseller.id } });
    alpine = { resellerId: reseller.id, customerId: customer.id, userId: user.id, email: user.email };
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await closeBrowser();
    await closeProducer();
    await disconnectDb();
  });

  it("finds a failed order by its domain name, reads the upstream's error, retries it and sees it succeed", async () => {
    // The upstream refuses the first create (nothing committed there): the order ends failed.
    const res = await fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}/__sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        method: "POST",
        path: "/api/domains",
        count: 1,
        action: "status",
        status: 422,
        body: {
          message: "Plan temporarily unavailable",
          errors: [{ field: "plan", description: "is temporarily unavailable" }],
        },
      }),
    });
    expect(res.ok).toBe(true);
    const name = `retry-${tag}.example.com`;
    const { placeOrder } = await import("@/lib/orders/place-order");
    const placed = await placeOrder(
      { id: alpine.userId, role: "reseller", resellerId: alpine.resellerId, email: alpine.email },
      {
        customerId: alpine.customerId,
        kind: "qboxmail_domain",
        idempotencyKey: `e2e-${tag}`,
        form: {
          name,
          postmaster_password: "Pw-e2e-7319x",
          postmaster_password_confirmation: "Pw-e2e-7319x",
          plan: "professional",
          company: "ACME",
        },
      },
    );
    if (!placed.ok) throw new Error(JSON.stringify(placed));
    expect((await waitForStatus(placed.orderId, ["failed"])).status).toBe("failed");

    const supportEmail = await newStaffUser("support");
    const p = await page(supportEmail);
    const errors = pageErrors(p);
    await p.goto("/support/orders");
    await p.getByRole("searchbox", { name: "Search" }).fill(name);
    await p.getByRole("button", { name: "Apply filters" }).click();
    await p.waitForURL(/q=/);
    const rows = p.locator("tbody tr[data-order-id]");
    expect(await rows.count()).toBe(1);
    // The row as the list draws it from its data (order-rows.tsx): the failed order's box for
    // bulk retry, its status word, and its last error in the viewer's words, in full in the title.
    const row = rows.first();
    expect(await row.getAttribute("data-order-id")).toBe(placed.orderId);
    const box = row.getByRole("checkbox", { name: `Select ${name}` });
    expect(await box.getAttribute("value")).toMatch(new RegExp(`^${placed.orderId}:\\d+$`));
    await expect(row.locator('td[data-label="Status"]').textContent()).resolves.toBe("Failed");
    await expect(row.locator('td[data-label="Kind"]').textContent()).resolves.toBe("Qboxmail domain");
    const lastError = row.locator('td[data-label="Last error"]');
    await expect(lastError.textContent()).resolves.toMatch(/422/);
    await expect(lastError.getAttribute("title")).resolves.toMatch(/422/);
    // The browser drew the rows from their data as the server did (no hydration mismatch).
    expect(errors()).toEqual([]);
    await p.getByRole("link", { name }).click();
    await p.waitForURL(`**/support/orders/${placed.orderId}`);

    const timeline = p.getByRole("list", { name: "Timeline" });
    await expect(timeline.textContent()).resolves.toMatch(/POST \/api\/domains → 422/);
    await expect(timeline.textContent()).resolves.toMatch(/temporarily unavailable/i);
    await expect(timeline.textContent()).resolves.toMatch(/Provisioning → Failed/);
    // The refusal's problem on its field, named as the form names it and as the upstream does:
    // Qboxmail's words quoted and labelled as theirs.
    await expect(p.getByRole("list", { name: "Field errors from the upstream" }).textContent()).resolves.toBe(
      "Plan (plan): Qboxmail said: is temporarily unavailable",
    );
    await screenshot(p, "support-order-failed");

    const retry = p.getByRole("form", { name: "Retry now" });
    await retry.getByRole("button", { name: "Retry now" }).click();
    // No reason: refused on the server, nothing changes.
    await retry
      .getByText(/Give a reason/)
      .first()
      .waitFor();
    expect((await db().order.findUniqueOrThrow({ where: { id: placed.orderId } })).status).toBe("failed");
    await retry.getByLabel("Reason").fill("Qboxmail fixed the plan catalogue");
    await retry.getByRole("button", { name: "Retry now" }).click();

    expect((await waitForStatus(placed.orderId, ["succeeded"])).status).toBe("succeeded");
    // No reload: the page follows the order by itself (live-refresh.tsx).
    await p.getByTestId("order-status").getByText("Succeeded").waitFor({ timeout: 30_000 });
    await expect(timeline.textContent()).resolves.toMatch(/Failed → Queued.*Qboxmail fixed the plan catalogue/s);
    await screenshot(p, "support-order-retried");
  });

  it("refuses an action from a page that is out of date", async () => {
    const order = await rawOrder(`stale-${tag}.example.com`, "queued", new Date(Date.now() + 86_400_000));
    const supportEmail = await newStaffUser("support");
    const p = await page(supportEmail);
    await p.goto(`/support/orders/${order.id}`);
    // The reseller of these orders has no endpoint: the page says so under its own heading.
    await p.getByRole("heading", { name: "Webhook deliveries" }).waitFor();
    await p.getByText("No webhook deliveries: the reseller has no endpoint subscribed").waitFor();
    const cancel = p.getByRole("form", { name: "Cancel the order" });
    // Typed first: the page stops following the order once a field holds typing (live-refresh.tsx),
    // so the change below cannot reach it before the click.
    await cancel.getByLabel("Reason").fill("duplicate order");
    // Someone else acts first.
    await db().order.update({ where: { id: order.id }, data: { status: "cancelled", version: { increment: 1 } } });
    await cancel.getByRole("button", { name: "Cancel order" }).click();
    await cancel.getByRole("button", { name: "Yes, cancel the order" }).click();
    await cancel.getByText("This order changed since you opened it (now: cancelled). Reload and try again.").waitFor();
  });

  it("cancels a queued order with a reason", async () => {
    const order = await rawOrder(`cancel-${tag}.example.com`, "queued", new Date(Date.now() + 86_400_000));
    const supportEmail = await newStaffUser("support");
    const p = await page(supportEmail);
    await p.goto(`/support/orders/${order.id}`);
    await expect(p.getByTestId("order-status").textContent()).resolves.toBe("Queued");
    const cancel = p.getByRole("form", { name: "Cancel the order" });
    await cancel.getByLabel("Reason").fill("Customer withdrew the order");
    await cancel.getByRole("button", { name: "Cancel order" }).click();
    // Nothing is sent before the person has read what cancelling does, and can still back out.
    await expect(cancel.getByTestId("confirm-consequence").textContent()).resolves.toMatch(
      /no worker will call the provider for it again/,
    );
    // Focus follows: onto what happens (read out first), back onto the first button on "keep",
    // and Escape backs out too (the button pressed goes away with each step).
    const focused = () =>
      p.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? document.activeElement?.textContent);
    await expect.poll(focused).toBe("confirm-consequence");
    await cancel.getByRole("button", { name: "Keep it as it is" }).click();
    await expect.poll(focused).toBe("Cancel order");
    expect((await db().order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("queued");
    await cancel.getByRole("button", { name: "Cancel order" }).click();
    await p.keyboard.press("Escape");
    await expect.poll(focused).toBe("Cancel order");
    await cancel.getByRole("button", { name: "Cancel order" }).click();
    await cancel.getByRole("button", { name: "Yes, cancel the order" }).click();
    await p.getByTestId("order-status").getByText("Cancelled").waitFor();
    await p.getByRole("status").getByText("The order is cancelled.").waitFor();
    // A screen reader hears the new status (and only once it changed: the page opened on Queued).
    await p.getByText("Order status: Cancelled").waitFor({ state: "attached" });
    expect(await p.getByText("Order status: Queued").count()).toBe(0);
    const row = await db().order.findUniqueOrThrow({ where: { id: order.id } });
    expect(row).toMatchObject({ status: "cancelled", version: 1 });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { orderId: order.id }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({
      action: "order.cancelled",
      reason: "Customer withdrew the order",
      actorLabel: supportEmail,
    });
  });

  it("opens the confirmation on Enter in the upstream reference instead of marking the order resolved", async () => {
    const order = await rawOrder(`enter-${tag}.example.com`, "failed");
    const p = await page(await newStaffUser("support"));
    await p.goto(`/support/orders/${order.id}`);
    const resolve = p.getByRole("form", { name: "Mark resolved by hand" });
    await resolve.getByLabel("Reason").fill("Checked in the Qboxmail panel");
    // The form's only text field: without a submit button of its own, Enter would send the form.
    await resolve.getByLabel("Upstream reference").fill(`QBX-enter-${tag}`);
    await resolve.getByLabel("Upstream reference").press("Enter");
    await expect(resolve.getByTestId("confirm-consequence").textContent()).resolves.toMatch(/becomes Succeeded/);
    await resolve.getByRole("button", { name: "Yes, mark it succeeded" }).waitFor();
    expect(await db().order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: "failed",
      version: 0,
    });
    expect(await db().auditEvent.count({ where: { orderId: order.id } })).toBe(0);
  });

  it("lists a server order's waiting domain orders and counts them in the cancel's confirmation", async () => {
    const server = await db().order.create({
      data: {
        resellerId: alpine.resellerId,
        customerId: alpine.customerId,
        createdById: alpine.userId,
        kind: "grommunio_server",
        provider: "grommunio",
        status: "queued",
        naturalKey: `srv-${tag}`,
        displayName: `srv-${tag}`,
        payload: {},
        idempotencyKey: randomUUID(),
        queuedAt: new Date(Date.now() + 86_400_000),
      },
    });
    const domains = [];
    for (const n of ["one", "two"]) {
      const d = await rawOrder(`wait-${n}-${tag}.example.com`, "pending");
      domains.push(await db().order.update({ where: { id: d.id }, data: { dependsOnOrderId: server.id } }));
    }
    const p = await page(await newStaffUser("support"));
    await p.goto(`/support/orders/${server.id}`);
    const list = p.getByTestId("waiting-dependents");
    await list.getByRole("heading", { name: "Domain orders waiting for this server" }).waitFor();
    for (const d of domains)
      expect(await list.getByRole("link", { name: d.displayName }).getAttribute("href")).toBe(
        `/support/orders/${d.id}`,
      );
    const cancel = p.getByRole("form", { name: "Cancel the order" });
    await cancel.getByLabel("Reason").fill("Customer withdrew the server");
    await cancel.getByRole("button", { name: "Cancel order" }).click();
    await expect(cancel.getByTestId("confirm-consequence").textContent()).resolves.toMatch(
      /This also cancels 2 domain orders waiting for this server\./,
    );
    await cancel.getByRole("button", { name: "Keep it as it is" }).click();
  });

  it("exports the filtered list as CSV holding exactly the filtered rows", async () => {
    const keys = [];
    for (let i = 0; i < 3; i++) keys.push((await rawOrder(`csv${i}-${tag}.example.com`, "succeeded")).naturalKey);
    await rawOrder(`csv9-${tag}.example.com`, "cancelled"); // matches the search, not the status
    await rawOrder(`other-${tag}.example.com`, "succeeded"); // matches the status, not the search
    const supportEmail = await newStaffUser("support");
    const p = await page(supportEmail);
    await p.goto(`/support/orders?status=succeeded&q=csv`);
    await p.getByRole("searchbox", { name: "Search" }).fill(`csv`);
    await p.getByLabel("Status").selectOption("succeeded");
    await p.getByRole("button", { name: "Apply filters" }).click();
    await p.waitForURL(/status=succeeded/);
    const [download] = await Promise.all([
      p.waitForEvent("download"),
      p.getByRole("link", { name: "Export CSV" }).click(),
    ]);
    const text = fs.readFileSync((await download.path())!, "utf8");
    // A UTF-8 byte order mark first (for Excel), then every text cell quoted.
    expect(text.startsWith("\uFEFF")).toBe(true);
    const lines = text.slice(1).trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^"order_id","created_at","status"/);
    const exported = lines.slice(1).map((l) => l.split(",")[5]!.replace(/^"|"$/g, ""));
    // The DB is shared with the other tests of this run: compare against the same filter there.
    const expected = await db().order.findMany({
      where: { status: "succeeded", naturalKey: { startsWith: "csv" } },
      select: { naturalKey: true },
    });
    expect(exported.sort()).toEqual(expected.map((o) => o.naturalKey).sort());
    for (const k of keys) expect(exported).toContain(k);
    expect(exported).not.toContain(`csv9-${tag}.example.com`);
    expect(exported).not.toContain(`other-${tag}.example.com`);
    // Started by another site (a link or a navigation carrying the Lax cookie): refused before
    // anything is exported or audited in this person's name.
    const me = await db().user.findUniqueOrThrow({ where: { email: supportEmail } });
    const exports = () => db().auditEvent.count({ where: { action: "support.orders.export", actorId: me.id } });
    const before = await exports();
    const forged = await p.request.get("/support/orders/export?q=csv", { headers: { "Sec-Fetch-Site": "cross-site" } });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toBe("Open the export from the portal's order list.");
    expect(await exports()).toBe(before);
    // In the person's language (a browser asking for German, no language saved).
    const forgedDe = await p.request.get("/support/orders/export?q=csv", {
      headers: { "Sec-Fetch-Site": "cross-site", "Accept-Language": "de" },
    });
    expect(forgedDe.status()).toBe(403);
    expect(await forgedDe.text()).toBe("Öffnen Sie den Export aus der Auftragsliste des Portals.");
    expect(await exports()).toBe(before);
  });

  it("bulk-retries the ticked failed orders and names the one that moved on", async () => {
    const a = await rawOrder(`bulk-a-${tag}.example.com`, "failed");
    const b = await rawOrder(`bulk-b-${tag}.example.com`, "failed");
    const supportEmail = await newStaffUser("support");
    const p = await page(supportEmail);
    await p.goto(`/support?q=bulk-`);
    await p.getByRole("checkbox", { name: `Select ${a.naturalKey}` }).check();
    await p.getByRole("checkbox", { name: `Select ${b.naturalKey}` }).check();
    // b is cancelled elsewhere after the page was loaded.
    await db().order.update({ where: { id: b.id }, data: { status: "cancelled", version: { increment: 1 } } });
    const form = p.getByRole("form", { name: "Bulk retry" });
    await form.getByLabel("Reason").fill("Provider outage is over");
    await form.getByRole("button", { name: "Retry selected" }).click();
    await form.getByText("1 order retried, 1 skipped.").waitFor();
    await expect(p.getByRole("list", { name: "Skipped orders" }).textContent()).resolves.toBe(
      `${b.naturalKey}: changed since you opened it (now: cancelled)`,
    );
    const retried = await db().auditEvent.findFirstOrThrow({ where: { orderId: a.id, action: "order.queued" } });
    expect(retried).toMatchObject({ reason: "Provider outage is over", actorLabel: supportEmail });
    expect(await db().auditEvent.count({ where: { orderId: b.id } })).toBe(0);
  });

  it("shows the audit log filtered by order, the last chain verification, and queue health", async () => {
    const order = await rawOrder(`audit-${tag}.example.com`, "queued", new Date(Date.now() + 86_400_000));
    const supportEmail = await newStaffUser("support");
    const p = await page(supportEmail);
    await p.goto(`/support/orders/${order.id}`);
    const cancel = p.getByRole("form", { name: "Cancel the order" });
    await cancel.getByLabel("Reason").fill("Audit trail check");
    await cancel.getByRole("button", { name: "Cancel order" }).click();
    await cancel.getByRole("button", { name: "Yes, cancel the order" }).click();
    await p.getByTestId("order-status").getByText("Cancelled").waitFor();

    // The newest verification is the one shown: this one, whatever ran before.
    await db().auditVerification.create({ data: { ok: true, checkedRows: 4321, message: "e2e" } });
    const errors = pageErrors(p);
    await p.goto(`/support/audit?orderId=${order.id}`);
    const table = p.getByRole("table", { name: "Audit events" });
    await expect(table.textContent()).resolves.toContain("order.cancelled");
    await expect(table.textContent()).resolves.toContain("Audit trail check");
    expect(await table.locator("tbody tr").count()).toBe(1);
    // The row as the list draws it from its data (audit-rows.tsx): each cell under its column's
    // name (the label a phone shows), the subject as links, the before/after as stored.
    const event = await db().auditEvent.findFirstOrThrow({ where: { orderId: order.id, action: "order.cancelled" } });
    const cells = await table
      .locator("tbody tr td")
      .evaluateAll((tds) => tds.map((td) => [td.getAttribute("data-label"), td.textContent]));
    expect(cells.slice(0, 4)).toEqual([
      ["#", event.id.toString()],
      ["When", expect.any(String)],
      ["Actor", `Person${event.actorLabel ?? event.actorId}`],
      ["Action", "order.cancelled"],
    ]);
    expect(cells.slice(4).map(([label]) => label)).toEqual(["Order / reseller", "Reason", "Details"]);
    expect(cells[5]![1]).toBe("Audit trail check");
    expect(await table.locator("time").getAttribute("datetime")).toBe(event.at.toISOString());
    expect(await table.getByRole("link", { name: `Order audit-${tag}.example.com` }).getAttribute("href")).toBe(
      `/support/orders/${order.id}`,
    );
    await table.getByRole("link", { name: "All events of Alpine Hosting" }).waitFor();
    await table.getByText("Before / after").click();
    expect(JSON.parse((await table.locator("pre").textContent()) ?? "")).toEqual({
      before: event.before,
      after: event.after,
    });
    expect(errors()).toEqual([]);
    await expect(p.getByTestId("audit-verification").textContent()).resolves.toMatch(
      /Last verification .+: chain intact, 4,321 rows checked\./,
    );

    await p.goto("/support/health");
    const queues = p.getByRole("table", { name: "Queues" });
    await expect(queues.textContent()).resolves.toContain("provision-qboxmail");
    await expect(queues.textContent()).resolves.toContain("provision-grommunio");
    // The e2e worker is running: it shows as alive, and no banner claims otherwise. Alive means a
    // heartbeat of the last 10 s, which a worker starved of CPU on a loaded machine can miss once:
    // the page is read again until it shows one.
    await expect
      .poll(
        async () => {
          await p.reload();
          const beats = await p.getByRole("table", { name: "Worker heartbeats" }).textContent();
          return beats?.includes("alive") && (await p.locator('[data-kind="no-worker"]').count()) === 0;
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe(true);
    await screenshot(p, "support-health");
  });

  it("lists drift findings as rows, dismisses one, marks one gone after confirming, and adopts an unowned resource into a customer found by search", async () => {
    // Seen "tomorrow": a drift check running meanwhile must not clear them as no longer seen.
    const lastSeenAt = new Date(Date.now() + 86_400_000);
    // A domain someone made at Qboxmail outside the portal: adopting reads it there first.
    const strayName = `unowned-${tag}.example.com`;
    const made = await fetch(`${process.env.QBOXMAIL_API_URL}/api/domains`, {
      method: "POST",
      headers: {
        "X-Api-Token": process.env.QBOXMAIL_API_TOKEN!,
        Accept: "application/json",
        "content-type": "application/json",
      },
      body: JSON.stringify({
        name: strayName,
        postmaster_password: "Stray-pass-42",
        postmaster_password_confirmation: "Stray-pass-42",
        company: `Stray Company ${tag}`,
      }),
    });
    expect(made.status).toBe(201);
    const strayCode = ((await made.json()) as { resource_code: string }).resource_code;
    const unowned = await db().driftFinding.create({
      data: {
        provider: "qboxmail",
        kind: "qboxmail_domain",
        upstreamRef: strayCode,
        naturalKey: strayName,
        type: "unowned",
        lastSeenAt,
      },
    });
    // A live service whose domain Qboxmail does not have (no such code there).
    const lost = await db().service.create({
      data: {
        resellerId: alpine.resellerId,
        customerId: alpine.customerId,
        kind: "qboxmail_domain",
        provider: "qboxmail",
        upstreamRef: `QBX-lost-${tag}`,
        naturalKey: `lost-${tag}.example.com`,
        displayName: `lost-${tag}.example.com`,
      },
    });
    const missing = await db().driftFinding.create({
      data: {
        provider: "qboxmail",
        kind: "qboxmail_domain",
        upstreamRef: lost.upstreamRef,
        naturalKey: lost.naturalKey,
        type: "missing",
        serviceId: lost.id,
        resellerId: alpine.resellerId,
        lastSeenAt,
      },
    });
    const changed = await db().driftFinding.create({
      data: {
        provider: "grommunio",
        kind: "grommunio_domain",
        upstreamRef: `GRM-${tag}`,
        naturalKey: `changed-${tag}.example.com`,
        type: "changed",
        serviceId: randomUUID(),
        details: { differences: ["maxUser: 20 upstream, 10 expected"] },
        lastSeenAt,
      },
    });
    const target = await db().customer.create({
      data: { resellerId: alpine.resellerId, name: `Adoption Target ${tag}`, reference: `adopt-ref-${tag}` },
    });
    const p = await page(await newStaffUser("support"));
    const errors = pageErrors(p);
    await p.goto("/support/drift");
    const table = p.getByRole("table", { name: "Open differences, newest first" });
    // Each row as the list draws it from its data (finding-rows.tsx): every cell under its column's name.
    const cellsOf = (name: string) =>
      table
        .locator("tbody tr", { hasText: name })
        .locator("td")
        .evaluateAll((tds) => tds.map((td) => [td.getAttribute("data-label"), td.textContent]));
    const changedCells = await cellsOf(changed.naturalKey);
    expect(changedCells.slice(0, 2)).toEqual([
      ["Resource", `${changed.naturalKey}grommunio domain GRM-${tag}Service`],
      ["Difference", "Changed outside the portalmaxUser: 20 at the provider, 10 expected"],
    ]);
    expect(changedCells.slice(2).map(([label]) => label)).toEqual(["Since", "Act"]);
    const changedRow = table.locator("tbody tr", { hasText: changed.naturalKey });
    expect(await changedRow.locator("time").getAttribute("datetime")).toBe(changed.detectedAt.toISOString());
    expect(await changedRow.getByRole("link", { name: "Service" }).getAttribute("href")).toBe(
      `/support/services/${changed.serviceId}`,
    );
    const unownedCells = await cellsOf(unowned.naturalKey);
    expect(unownedCells[1]).toEqual(["Difference", "At the provider, owned by no service"]);
    // No customer list in the row: adopting is done on the finding's own page.
    expect(await table.locator("tbody tr", { hasText: unowned.naturalKey }).locator("select").count()).toBe(0);
    expect(await seriousAxeViolations(p)).toEqual([]);

    // One reason for every action of the row; a dismissal needs it too (the server says so, in the
    // person's language: an empty one is not stopped by the browser's own check, in the browser's).
    const refusal = "Give a reason (at least 3 characters): it is kept in the audit log";
    const unownedRow = table.locator("tbody tr", { hasText: unowned.naturalKey });
    await unownedRow.getByRole("button", { name: "Dismiss" }).click();
    await unownedRow.getByText(refusal).waitFor();
    await changedRow.getByLabel("Reason (for every action, kept in the audit log)").fill("ok");
    await changedRow.getByRole("button", { name: "Dismiss" }).click();
    await changedRow.getByText(refusal).waitFor();
    await changedRow
      .getByLabel("Reason (for every action, kept in the audit log)")
      .fill("Raised on purpose by the customer");
    await changedRow.getByRole("button", { name: "Dismiss" }).click();
    // The list is drawn again without it (the action revalidates the page).
    await table.locator("tbody tr", { hasText: changed.naturalKey }).waitFor({ state: "detached" });
    await expect(db().driftFinding.findUniqueOrThrow({ where: { id: changed.id } })).resolves.toMatchObject({
      resolution: "dismissed",
    });

    // Re-create and mark gone ask first, saying what happens; going back does nothing.
    const missingRow = table.locator("tbody tr", { hasText: missing.naturalKey });
    // On two lines, as a pasted ticket text often is: kept as written.
    await missingRow
      .getByLabel("Reason (for every action, kept in the audit log)")
      .fill("Deleted at Qboxmail\nby the customer");
    await missingRow.getByRole("button", { name: "Re-create" }).click();
    await expect(missingRow.getByTestId("confirm-consequence").textContent()).resolves.toBe(
      `Re-create ${missing.naturalKey}? This places a real order at the provider for the same customer with the same settings, and the old service ends. It gets a new random password that nobody sees: the reseller has to set a new one at the provider.`,
    );
    await missingRow.getByRole("button", { name: "Go back" }).click();
    await missingRow.getByRole("button", { name: "Mark gone" }).click();
    await expect(missingRow.getByTestId("confirm-consequence").textContent()).resolves.toBe(
      `Mark ${missing.naturalKey} gone? Its service ends and no longer counts against the reseller's limit. The provider is read once more first; nothing is sent to it.`,
    );
    expect(await seriousAxeViolations(p)).toEqual([]);
    await expect(db().service.findUniqueOrThrow({ where: { id: lost.id } })).resolves.toMatchObject({
      status: "active",
    });
    await missingRow.getByRole("button", { name: "Yes, mark it gone" }).click();
    await missingRow.waitFor({ state: "detached" });
    await expect(db().service.findUniqueOrThrow({ where: { id: lost.id } })).resolves.toMatchObject({ status: "gone" });
    await expect(
      db().auditEvent.findFirstOrThrow({
        where: { action: "service.marked_gone", after: { path: ["findingId"], equals: missing.id } },
      }),
    ).resolves.toMatchObject({ reason: expect.stringMatching(/^Deleted at Qboxmail\r?\nby the customer$/) });

    await table.getByRole("link", { name: `Adopt ${unowned.naturalKey}…` }).click();
    await p.getByRole("heading", { level: 1, name: `Adopt ${unowned.naturalKey}` }).waitFor();
    await p.getByLabel("Find a customer by name, reference or reseller").fill(`adopt-ref-${tag}`);
    await p.getByRole("button", { name: "Search" }).click();
    await p.getByTestId("adopt-matches").getByText("1 customer matches.").waitFor();
    // Whose it is, as the provider answers now.
    await expect(p.getByTestId("resource-identity").textContent()).resolves.toBe(
      `name${strayName}companyStray Company ${tag}`,
    );
    await expect(p.getByTestId("resource-owner").textContent()).resolves.toBe(
      "It carries no reseller's customer code or organisation.",
    );
    expect(await seriousAxeViolations(p)).toEqual([]);
    await screenshot(p, "support-drift-adopt");
    const form = p.getByRole("form", { name: "Adopt" });
    await form.getByLabel("Customer").selectOption(target.id);
    expect(await form.getByLabel("Customer").inputValue()).toBe(target.id);
    await form.getByLabel("Reason").fill("Ticket 81: the customer's own domain");
    // Asked first, naming the customer and the reseller.
    await form.getByRole("button", { name: "Adopt" }).click();
    const alpineName = (await db().reseller.findUniqueOrThrow({ where: { id: alpine.resellerId } })).name;
    await expect(form.getByTestId("confirm-consequence").textContent()).resolves.toBe(
      `Adopt ${strayName} for the customer ${target.name} of the reseller ${alpineName}? The portal creates a service for them; the provider is read once more first, and nothing is sent to it.`,
    );
    expect(await db().service.count({ where: { upstreamRef: unowned.upstreamRef } })).toBe(0);
    await form.getByRole("button", { name: "Yes, adopt it" }).click();
    await p.getByText("This difference is closed: adopted.").waitFor();
    const service = await db().service.findFirstOrThrow({ where: { upstreamRef: unowned.upstreamRef } });
    expect(service).toMatchObject({ customerId: target.id, resellerId: alpine.resellerId, kind: "qboxmail_domain" });
    await expect(
      db().auditEvent.findFirstOrThrow({
        where: { action: "service.adopted", after: { path: ["findingId"], equals: unowned.id } },
      }),
    ).resolves.toMatchObject({ reason: "Ticket 81: the customer's own domain" });
    expect(await p.getByRole("link", { name: "Open the service" }).getAttribute("href")).toBe(
      `/support/services/${service.id}`,
    );
    expect(errors()).toEqual([]);
  });

  it("gives a reseller user not-found on every support and admin page", async () => {
    const order = await rawOrder(`hidden-${tag}.example.com`, "failed");
    const p = await page("owner@alpine.example.test");
    await p.waitForURL("**/r/alpine");
    const paths = [
      "/support",
      "/support/orders",
      `/support/orders/${order.id}`,
      "/support/audit",
      "/support/health",
      "/admin",
      "/admin/users",
      "/admin/resellers",
    ];
    for (const path of paths) {
      const res = await p.goto(path);
      expect(res?.status(), path).toBe(404);
      expect(await p.content(), path).not.toContain(order.naturalKey);
    }
    // The CSV route answers a bare 404 (no page), which Chromium will not navigate to: fetch it
    // with the same session cookie instead.
    const csv = await p.request.get("/support/orders/export?q=hidden");
    expect(csv.status()).toBe(404);
    expect(await csv.text()).not.toContain(order.naturalKey);
  });

  it("gives a reseller user not-found when posting a support action", async () => {
    const order = await rawOrder(`post-${tag}.example.com`, "failed");
    // The action's form, as the support page renders it (action id included).
    const staff = await page(await newStaffUser("support"));
    await staff.goto(`/support/orders/${order.id}`);
    const form = staff.getByRole("form", { name: "Retry now" });
    const hidden = await form
      .locator('input[type="hidden"]')
      .evaluateAll((els) => els.map((e) => [(e as HTMLInputElement).name, (e as HTMLInputElement).value]));
    const reseller = await page("owner@alpine.example.test");
    await reseller.waitForURL("**/r/alpine");
    const body = new FormData();
    for (const [k, v] of hidden) body.append(k!, v!);
    body.append("reason", "not my job");
    const res = await reseller.request.post(`/support/orders/${order.id}`, {
      multipart: Object.fromEntries(body) as Record<string, string>,
    });
    expect(res.status()).toBe(404);
    expect((await db().order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("failed");
  });
});
