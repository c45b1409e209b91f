// A reseller creates an API token and a webhook endpoint in the browser, places an order with
// the token over HTTP, and sees the signed delivery on the endpoint's page.
import { randomUUID } from "node:crypto";
import type { BrowserContext } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { db, disconnectDb } from "@/lib/db";
import { startReceiver } from "../integration/webhook-receiver";
import { seriousAxeViolations } from "../support/e2e/axe";
import { baseUrl, closeBrowser, newPage, pageErrors, screenshot, signIn } from "../support/e2e/browser";

const contexts: BrowserContext[] = [];
const t0 = Date.now();
const step = (what: string) => console.log(`[api-webhooks e2e] ${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}`);
afterAll(async () => {
  for (const c of contexts) await c.close();
  await closeBrowser();
  await disconnectDb();
});

describe("API access and webhooks in the browser", () => {
  it("creates a token and an endpoint, and shows the delivery of an order placed through the API", async () => {
    const receiver = await startReceiver();
    try {
      const { context, page } = await newPage();
      contexts.push(context);
      await signIn(page, "owner@alpine.example.test", "demo-password-2026");
      await page.waitForURL(/\/r\/[\w-]+$/);
      const slug = new URL(page.url()).pathname.split("/")[2]!;
      step("signed in");

      await page.goto(`/r/${slug}/api`);
      await page.getByLabel("Name").fill("e2e billing");
      for (const scope of ["orders:read", "orders:write", "customers:read"])
        await page.locator(`input[name=scopes][value="${scope}"]`).check();
      // A token outlives the session: creating one asks for the password again.
      await page.getByLabel("Your current password").fill("demo-password-2026");
      await page.getByRole("button", { name: "Create token" }).click();
      const token = await page.locator("#new-token").inputValue();
      expect(token).toMatch(/^mrp_/);
      // The form is emptied: a second click creates no second token, and the password is not left typed.
      await page.waitForFunction(
        () => (document.querySelector("#token-name") as HTMLInputElement | null)?.value === "",
      );
      expect(await page.getByLabel("Your current password").inputValue()).toBe("");
      step("token created");
      await page.reload();
      await page.getByRole("cell", { name: "e2e billing", exact: true }).waitFor();
      expect(await page.content()).not.toContain(token);
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.goto(`/r/${slug}/webhooks`);
      await page.getByLabel("Address").fill(receiver.url);
      await page.locator('input[name=events][value="order.placed"]').check();
      // An endpoint outlives the session too: the wrong password adds nothing, the right one does.
      await page.getByLabel("Your current password").fill("not-my-password");
      await page.getByRole("button", { name: "Add endpoint" }).click();
      await page.getByText("Your current password is not right").first().waitFor();
      expect(await db().webhookEndpoint.count({ where: { url: receiver.url } })).toBe(0);
      await page.getByLabel("Your current password").fill("demo-password-2026");
      await page.getByRole("button", { name: "Add endpoint" }).click();
      const secret = await page.locator("#new-secret").inputValue();
      expect(secret).toMatch(/^whsec_/);
      receiver.setSecret(secret);
      step("endpoint added");
      expect(await seriousAxeViolations(page)).toEqual([]);

      const auth = { authorization: `Bearer ${token}` };
      const customers = (await (await fetch(`${baseUrl()}/api/v1/customers`, { headers: auth })).json()) as {
        data: { id: string }[];
      };
      const placed = await fetch(`${baseUrl()}/api/v1/orders`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json", "idempotency-key": `e2e-${Date.now()}` },
        body: JSON.stringify({
          kind: "qboxmail_domain",
          customerId: customers.data[0]!.id,
          fields: {
            name: `e2e-hook-${Date.now()}.example.com`,
            plan: "basic",
            postmaster_password: "Very-Long-Passw0rd-e2e",
            postmaster_password_confirmation: "Very-Long-Passw0rd-e2e",
          },
        }),
      });
      expect(placed.status).toBe(201);
      expect(placed.headers.get("ratelimit-limit")).not.toBeNull();
      // fetch asks for gzip; a small answer comes as it is, kept out of caches (docs/api.md "Compression and caching").
      expect(placed.headers.get("content-encoding")).toBeNull();
      expect(placed.headers.get("cache-control")).toBe("no-store, no-transform");
      const order = (await placed.json()) as { id: string };
      step("order placed through the API");

      // The link is shown once: a reload before its page has come would reload this one instead.
      await Promise.all([
        page.waitForURL(new RegExp(`/r/${slug}/webhooks/[0-9a-f-]{36}$`)),
        page.getByRole("link", { name: "See its deliveries" }).click(),
      ]);
      const until = Date.now() + 90_000;
      while (Date.now() < until && (await page.getByRole("cell", { name: /^Delivered/ }).count()) === 0) {
        await new Promise((r) => setTimeout(r, 1_000));
        await page.reload();
      }
      step(`deliveries page shows: ${await page.locator("tbody").textContent()}`);
      await screenshot(page, "webhook-deliveries");
      await expect(
        page
          .getByRole("cell", { name: /^Delivered/ })
          .first()
          .textContent(),
      ).resolves.toContain("Delivered");
      expect(await seriousAxeViolations(page)).toEqual([]);
      expect(receiver.accepted.some((a) => a.type === "order.placed" && a.data.orderId === order.id)).toBe(true);
      expect(receiver.badSignatures).toBe(0);

      // The delivery's row as the page draws it from its data (delivery-rows.tsx), and its Resend
      // button, whose action the browser binds to the row's id: pressed, the same event (same
      // webhook-id) reaches the receiver a second time.
      const errors = pageErrors(page);
      await page.reload();
      const delivery = await db().webhookDelivery.findFirstOrThrow({
        where: { orderId: order.id, eventType: "order.placed", status: "succeeded" },
      });
      const row = page.locator("tbody tr", { has: page.getByText(delivery.id, { exact: true }) });
      const cells = await row
        .locator("td")
        .evaluateAll((tds) => tds.map((td) => [td.getAttribute("data-label"), td.textContent]));
      expect(cells.slice(0, 5)).toEqual([
        ["Event", `order.placed${delivery.id}`],
        ["Order", "Order"],
        ["Status", "Delivered"],
        ["Response", String(delivery.lastStatusCode)],
        ["Attempts", String(delivery.attemptCount)],
      ]);
      expect(await row.getByRole("link", { name: "Order" }).getAttribute("href")).toBe(`/r/${slug}/orders/${order.id}`);
      const sent = () => receiver.accepted.filter((a) => a.id === delivery.id).length;
      const before = sent();
      await row.getByRole("button", { name: `Resend order.placed delivery ${delivery.id}` }).click();
      await expect.poll(sent, { timeout: 30_000 }).toBe(before + 1);
      expect(errors()).toEqual([]);
      step("resent the delivery from its row");

      // A new signing secret, shown once; the old one still signs for the switch-over, so a
      // receiver that knows only the new one accepts the next delivery.
      // Whoever holds it signs as the portal: the password is asked for here too.
      await page.getByLabel("Your current password").fill("demo-password-2026");
      await page.getByRole("button", { name: "Make a new signing secret" }).click();
      const rotated = await page.locator("#rotated-secret").inputValue();
      expect(rotated).toMatch(/^whsec_/);
      expect(rotated).not.toBe(secret);
      expect(await page.getByText(/The previous secret also signs deliveries until/).count()).toBeGreaterThan(0);
      const onlyNew = await startReceiver();
      try {
        onlyNew.setSecret(rotated);
        // The endpoint points at the new receiver before the delivery is due again: the dispatcher
        // claims due rows every fraction of a second and could send it to the old one in between.
        await db().webhookEndpoint.update({ where: { id: delivery.endpointId }, data: { url: onlyNew.url } });
        await db().webhookDelivery.update({
          where: { id: delivery.id },
          data: { status: "pending", nextAttemptAt: new Date(), attemptCount: 0 },
        });
        await expect
          .poll(() => onlyNew.accepted.filter((a) => a.id === delivery.id).length, { timeout: 30_000 })
          .toBe(1);
        expect(onlyNew.badSignatures).toBe(0);
      } finally {
        await onlyNew.close();
      }
      await page.reload();
      expect(await page.content()).not.toContain(rotated);
      expect(await seriousAxeViolations(page)).toEqual([]);
      expect(errors()).toEqual([]);
      step("rotated the signing secret");
      const tokenRow = await db().apiToken.findFirstOrThrow({ where: { name: "e2e billing" } });
      expect(tokenRow.lastUsedAt).not.toBeNull();
    } finally {
      await receiver.close();
    }
  }, 300_000);

  it("speaks Italian to an Italian reseller: token and endpoint pages, their refusals, the reference's frame", async () => {
    const email = `tools-${randomUUID().slice(0, 8)}@alpine.example.test`;
    const reseller = await db().reseller.findUniqueOrThrow({ where: { slug: "alpine" } });
    const password = "a long e2e password 2026";
    const user = await db().user.create({
      data: {
        email,
        name: "Utente Strumenti",
        role: "reseller",
        resellerId: reseller.id,
        locale: "it",
        timeZone: "Europe/Rome",
        passwordHash: await hashPassword(password),
      },
      select: { id: true },
    });
    // A token chosen to expire on 31 December: it stops at the end of that day in UTC, which is
    // 1 January in Rome; the page names the day chosen.
    await db().apiToken.create({
      data: {
        resellerId: reseller.id,
        createdById: user.id,
        name: `scade ${randomUUID().slice(0, 6)}`,
        scopes: ["orders:read"],
        tokenHash: randomUUID(),
        prefix: "mrp_e2e",
        expiresAt: new Date("2027-12-31T23:59:59.999Z"),
      },
    });
    const { context, page } = await newPage({ locale: "en-GB" });
    contexts.push(context);
    await signIn(page, email, password);
    await page.waitForURL("**/r/alpine");

    await page.goto("/r/alpine/api");
    await page.getByRole("heading", { level: 1, name: "Accesso API" }).waitFor();
    await page.getByText("Leggere gli ordini e la loro cronologia", { exact: true }).waitFor();
    await page.getByText("fine del 31 dic 2027 (UTC)").first().waitFor();
    await page.getByRole("button", { name: "Crea token" }).click();
    // The schema's refusals are v() texts: English for the API, the person's language here.
    await page.locator("#token-name-error").getByText("Dia un nome al token").waitFor();
    await page.locator("#token-scopes-error").getByText("Scelga almeno un permesso").waitFor();
    await page.locator("#token-password-error").getByText("Inserisca la password attuale").waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, "it-api-tokens");

    await page.goto("/r/alpine/webhooks");
    await page.getByRole("heading", { level: 1, name: "Webhook" }).waitFor();
    await page.getByLabel("Indirizzo").fill("not an address");
    await page.getByRole("button", { name: "Aggiungi endpoint" }).click();
    await page.locator("#endpoint-url-error").getByText("Inserisca un indirizzo completo").waitFor();
    await page.getByText("È stato inserito un ordine (dal portale o tramite l'API)", { exact: true }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.goto("/r/alpine/api/reference");
    await page.getByRole("heading", { level: 1, name: "Riferimento API" }).waitFor();
    await page.getByRole("navigation", { name: "Operazioni" }).waitFor();
  });

  it("asks before revoking a token or deleting an endpoint, and does it only when confirmed", async () => {
    const owner = await db().user.findUniqueOrThrow({ where: { email: "owner@alpine.example.test" } });
    const name = `revoke me ${randomUUID().slice(0, 6)}`;
    const token = await db().apiToken.create({
      data: {
        resellerId: owner.resellerId!,
        createdById: owner.id,
        name,
        scopes: ["orders:read"],
        tokenHash: randomUUID(),
        prefix: "mrp_e2e",
      },
    });
    const endpoint = await db().webhookEndpoint.create({
      data: {
        resellerId: owner.resellerId!,
        url: "https://receiver.example.test/delete-me",
        events: ["order.placed"],
        sealedSecret: Buffer.from("not opened by this test"),
        // Failing for an hour: the page says for how long deliveries are retried, and when the
        // endpoint is turned off, with this installation's settings (26 hours and 5 days by default).
        failingSince: new Date(Date.now() - 3_600_000),
      },
    });
    const { context, page } = await newPage();
    contexts.push(context);
    await signIn(page, owner.email, "demo-password-2026");
    await page.waitForURL("**/r/alpine");

    await page.goto("/r/alpine/api");
    await page.getByRole("button", { name: `Revoke token ${name}` }).click();
    await page.getByText(`Programs that use ${name} are refused`).waitFor();
    expect((await db().apiToken.findUniqueOrThrow({ where: { id: token.id } })).revokedAt).toBeNull();
    await page.getByRole("button", { name: `Yes, revoke ${name}` }).click();
    await expect
      .poll(async () => (await db().apiToken.findUniqueOrThrow({ where: { id: token.id } })).revokedAt)
      .not.toBeNull();

    await page.goto(`/r/alpine/webhooks/${endpoint.id}`);
    await page
      .getByText(
        "Each is retried for at least 26 hours after its event; an endpoint without a single success for 5 days is disabled.",
      )
      .waitFor();
    await page.getByRole("button", { name: "Delete endpoint" }).click();
    await page.getByText("No more events are sent to this address").waitFor();
    await page.getByRole("button", { name: "Keep the endpoint" }).click();
    expect(await db().webhookEndpoint.count({ where: { id: endpoint.id } })).toBe(1);
    await page.getByRole("button", { name: "Delete endpoint" }).click();
    await page.getByRole("button", { name: "Yes, delete the endpoint" }).click();
    await page.waitForURL("**/r/alpine/webhooks");
    expect(await db().webhookEndpoint.count({ where: { id: endpoint.id } })).toBe(0);
  });
});
