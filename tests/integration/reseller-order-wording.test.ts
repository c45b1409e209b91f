// What the worker writes on an order for support (retry, mark resolved, the portal's admin account
// and settings, another order's reference) reaches the reseller in words meant for them, on the
// order page in every language and in the API's order read; support's console keeps the stored
// text (docs/i18n.md "What a reseller reads"). A failed order's box says the provider refused it
// only when the provider's answer ended it. The orders are run by the real worker code against
// the simulators; the pages are rendered from the pages' own queries with their own components.
import { randomUUID } from "node:crypto";
import { createTranslator } from "next-intl";
import { createElement } from "react";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LiveOrder } from "@/app/r/[slug]/orders/[id]/live-order";
import { OrderTimeline as SupportTimeline } from "@/app/support/_components/order-timeline";
import { PortalText } from "@/app/ui/portal-text";
import { createApiToken } from "@/lib/api/tokens";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { portalText } from "@/lib/i18n/portal-texts";
import { getOrderSnapshot } from "@/lib/orders/queries/order-view";
import { getResubmitSource } from "@/lib/orders/queries/resubmit-source";
import { getServiceForStaff, serviceAudit, serviceOrders } from "@/lib/services/queries";
import { getSupportOrderDetail } from "@/lib/support/order-detail";
import de from "@/messages/de.json";
import type en from "@/messages/en.json";
import it_ from "@/messages/it.json";
import { makeOrder, makeService, makeUser } from "../factories";
import { renderIn, visibleOwnText } from "../support/german-markup";
import { callApi } from "./api-client";
import { inProcessContext, orderRow, placeOrThrow, runNow } from "./ownership-kit";
import { fault, fileTenant, forms, rejectNextDomainCreate } from "./pipeline-fixtures";

const t = fileTenant();
const ctx = inProcessContext({ maxAttempts: 5 });
let support: Awaited<ReturnType<typeof makeUser>>;
let token: string;

beforeAll(async () => {
  support = await makeUser("support");
  const made = await createApiToken(
    { ...t.user, resellerId: t.reseller.id },
    { name: `wording-${randomUUID()}`, scopes: ["orders:read"] },
  );
  if (!made.ok) throw new Error(JSON.stringify(made.fieldErrors));
  token = made.token;
});
afterAll(async () => {
  await db().apiToken.deleteMany({ where: { resellerId: t.reseller.id } });
});

type Locale = "en" | "it" | "de";

/** The reseller's order page (its live part) as a viewer speaking `locale` sees it, and its heading of a failure. */
async function resellerPage(locale: Locale, orderId: string) {
  const snapshot = await getOrderSnapshot(t.reseller.id, orderId);
  if (!snapshot) throw new Error("the reseller does not see the order");
  const html = renderIn(
    locale,
    createElement(LiveOrder, { slug: t.reseller.slug, initial: snapshot, labels: {}, cancelAction: async (p) => p }),
  );
  const heading = /<h2 id="failure-title"[^>]*>([\s\S]*?)<\/h2>/.exec(html)?.[1] ?? null;
  return { text: visibleOwnText(html), heading, snapshot };
}

/** Support's order page: the last error and the timeline, in English. */
async function supportPage(orderId: string): Promise<string> {
  const detail = await getSupportOrderDetail(support, orderId);
  return visibleOwnText(
    renderIn(
      "en",
      createElement(
        "div",
        null,
        createElement(PortalText, { text: detail.order.lastError ?? "", provider: detail.order.provider }),
        createElement(SupportTimeline, { entries: detail.timeline, provider: detail.order.provider }),
      ),
    ),
  );
}

/** The API's order read and the order's row in the API's list (the CSV and list pages read the same rows). */
async function apiRead(orderId: string) {
  const one = await callApi("GET", `/orders/${orderId}`, { token });
  expect(one.status).toBe(200);
  const list = await callApi("GET", `/orders?q=${encodeURIComponent(one.body.naturalKey)}`, { token });
  expect(list.status).toBe(200);
  const row = list.body.data.find((o: { id: string }) => o.id === orderId);
  return { order: one.body, listed: row?.lastError as string | null, json: JSON.stringify([one.body, list.body]) };
}

const ITALIAN = createTranslator({ locale: "it", messages: it_ as typeof en, namespace: "orderPage" });
const GERMAN = createTranslator({ locale: "de", messages: de as typeof en, namespace: "orderPage" });

describe("what a reseller reads of texts written for support", () => {
  it("an order held on the portal's grommunio account: support fixes the connection, nothing for the reseller to do", async () => {
    const id = await placeOrThrow(t, "grommunio_domain", forms.grommunio_domain());
    // The portal's admin account was deactivated at grommunio: its token still logs in, the call is refused.
    const deactivated = { message: "Access denied: Account deactivated" };
    await fault("grommunio", {
      method: "POST",
      path: "/system/domains",
      count: 1,
      action: "status",
      status: 403,
      body: deactivated,
    });
    await runNow(id, ctx);
    const stored = await orderRow(id);
    expect(stored).toMatchObject({
      status: "held",
      lastError:
        "grommunio refused the portal's admin account (403): Access denied: Account deactivated. Check that the account is active and has the SystemAdmin role in grommunio, then retry",
    });

    const english = await resellerPage("en", id);
    // The held event's reason and the attempt's note both read so.
    expect(english.text.split("On hold: support has to fix the portal's connection to grommunio.").length).toBe(3);
    expect(english.text).toContain("Nothing for you to do; the order continues once that is fixed.");
    const snapshotJson = JSON.stringify(english.snapshot);
    for (const internal of ["SystemAdmin", "admin account", "Account deactivated", "then retry"])
      expect(snapshotJson, internal).not.toContain(internal);
    expect((await resellerPage("it", id)).text).toContain(
      "In sospeso: l'assistenza deve ripristinare il collegamento del portale con grommunio. Lei non deve fare nulla",
    );
    expect((await resellerPage("de", id)).text).toContain(
      "Angehalten: Der Support muss die Verbindung des Portals zu grommunio in Ordnung bringen. Sie müssen nichts tun",
    );

    // Support reads what to fix, and grommunio's own words.
    const supportText = await supportPage(id);
    expect(supportText).toContain("Check that the account is active and has the SystemAdmin role in grommunio");
    expect(JSON.stringify(await getSupportOrderDetail(support, id))).toContain("Account deactivated");

    const api = await apiRead(id);
    const held = portalText("resellerConnectionHeld", { provider: "grommunio" });
    expect(api.order.lastError).toBe(held);
    expect(api.listed).toBe(held);
    expect(api.order.timeline.find((e: { action: string }) => e.action === "order.held")?.reason).toBe(held);
    expect(api.json).not.toContain("SystemAdmin");
  });

  it("an order that gave up at the retry cap: edit and resubmit, not support's Retry", async () => {
    const id = await placeOrThrow(t, "grommunio_domain", forms.grommunio_domain());
    // grommunio's database is away: refused before anything ran, so nothing of the order exists.
    await fault("grommunio", {
      method: "POST",
      path: "/system/domains",
      count: 1,
      action: "status",
      status: 503,
      body: { message: "Database not available." },
    });
    await runNow(id, ctx);
    expect(await orderRow(id)).toMatchObject({ status: "retrying", createSent: false });
    // The budget is spent when the next run starts (a lower MAX_ATTEMPTS meanwhile): it stops there.
    await runNow(id, inProcessContext({ maxAttempts: 1 }));
    expect(await orderRow(id)).toMatchObject({ status: "failed", lastError: portalText("gaveUp", { attempts: 1 }) });

    const english = await resellerPage("en", id);
    expect(english.heading).toBe("This order failed");
    expect(english.text).toContain(
      "Gave up after 1 failed attempt; nothing was created. Use Edit and resubmit to place it again.",
    );
    expect(english.text).not.toContain("Retry to try again");
    const italian = await resellerPage("it", id);
    expect(italian.heading).toBe(ITALIAN("failedTitle"));
    expect(italian.text).toContain("Interrotto dopo 1 tentativo non riuscito; non è stato creato nulla.");
    const german = await resellerPage("de", id);
    expect(german.heading).toBe(GERMAN("failedTitle"));
    expect(german.text).toContain("Nach 1 fehlgeschlagenen Versuch abgebrochen; es wurde nichts angelegt");
    // The resubmit form says the same of the order it starts from.
    expect((await getResubmitSource(t.reseller.id, id))?.lastError).toBe(portalText("resellerGaveUp", { attempts: 1 }));

    expect(await supportPage(id)).toContain("nothing of this order was created upstream. Retry to try again.");
    const api = await apiRead(id);
    expect(api.order.lastError).toBe(portalText("resellerGaveUp", { attempts: 1 }));
    expect(api.listed).toBe(portalText("resellerGaveUp", { attempts: 1 }));
    expect(api.json).not.toContain("Retry to try again");
  });

  it("says a failed order failed, and that the provider refused it only when its answer ended the order", async () => {
    // Failed without a refusal: grommunio's database stayed away until the retry cap.
    const away = await placeOrThrow(t, "grommunio_domain", forms.grommunio_domain());
    await fault("grommunio", {
      method: "POST",
      path: "/system/domains",
      count: 2,
      action: "status",
      status: 503,
      body: { message: "Database not available." },
    });
    const two = inProcessContext({ maxAttempts: 2 });
    await runNow(away, two);
    await runNow(away, two);
    expect(await orderRow(away)).toMatchObject({
      status: "failed",
      lastError: expect.stringMatching(/^Gave up after 2 failed attempts\. Last error: /),
    });
    expect((await resellerPage("en", away)).heading).toBe("This order failed");
    expect((await resellerPage("it", away)).heading).toBe("Questo ordine non è riuscito");
    expect((await resellerPage("de", away)).heading).toBe("Dieser Auftrag ist fehlgeschlagen");

    // Refused: Qboxmail answered the create with 422.
    const refused = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain());
    await rejectNextDomainCreate("name");
    await runNow(refused, ctx);
    expect(await orderRow(refused)).toMatchObject({ status: "failed" });
    expect((await resellerPage("en", refused)).heading).toBe("The provider refused this order");
    expect((await resellerPage("it", refused)).heading).toBe("Il fornitore ha rifiutato questo ordine");
    expect((await resellerPage("de", refused)).heading).toBe("Der Anbieter hat diesen Auftrag abgelehnt");
  });

  it("a change that gave up reads as a change on the service page, and support's service view keeps the text", async () => {
    const service = await makeService({ tenant: t });
    const stored = portalText("gaveUp", { attempts: 3 });
    const change = await makeOrder({
      tenant: t,
      status: "failed",
      action: "change",
      serviceId: service.id,
      lastError: stored,
    });
    await recordAudit(db(), {
      actor: { type: "worker", id: "worker-1" },
      action: "order.failed",
      resellerId: t.reseller.id,
      orderId: change.id,
      reason: stored,
      after: { status: "failed" },
    });
    const asReseller = portalText("resellerChangeGaveUp", { attempts: 3 });
    const orders = await serviceOrders(t.reseller.id, { id: service.id, createOrderId: null });
    expect(orders.map((o) => o.lastError)).toEqual([asReseller]);
    const trail = await serviceAudit(t.reseller.id, [change.id], service.id);
    expect(trail.map((e) => e.reason)).toEqual([asReseller]);
    expect((await getOrderSnapshot(t.reseller.id, change.id))?.lastError).toBe(asReseller);
    expect((await getServiceForStaff(support, service.id))?.orders.map((o) => o.lastError)).toEqual([stored]);
  });
});
