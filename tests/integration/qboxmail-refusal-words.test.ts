// A Qboxmail refusal that names no field says what Qboxmail refused: the real worker sends the
// create through the real client to the simulator over HTTP, the simulator refuses it with the
// answer a test gives it, and the stored order is read with the pages' own queries and components
// and through the API. Qboxmail's message is kept cleaned and quoted as its words, inside a portal
// text that says what to do; one that may quote the password is never kept anywhere, nor one that
// repeats the request's own password or the API token without any word that marks a secret.
import { randomUUID } from "node:crypto";
import { createElement } from "react";
import { beforeAll, describe, expect, it } from "vitest";
import { LiveOrder } from "@/app/r/[slug]/orders/[id]/live-order";
import { OrderTimeline as SupportTimeline } from "@/app/support/_components/order-timeline";
import { PortalText } from "@/app/ui/portal-text";
import { createApiToken } from "@/lib/api/tokens";
import { db } from "@/lib/db";
import { portalText, readPortalText } from "@/lib/i18n/portal-texts";
import { getOrderSnapshot } from "@/lib/orders/queries/order-view";
import { placeChange } from "@/lib/services/place-change";
import { getSupportOrderDetail } from "@/lib/support/order-detail";
import { makeUser } from "../factories";
import { englishPortalWords, renderIn, visibleOwnText } from "../support/german-markup";
import { callApi } from "./api-client";
import {
  CANARY,
  fault,
  fileTenant,
  forms,
  isFinal,
  place,
  succeededService,
  uniq,
  waitForOrder,
} from "./pipeline-fixtures";
import { qboxClient } from "./qboxmail-sim";

const t = fileTenant({ worker: { UPSTREAM_TIMEOUT_MS: "1500", MAX_ATTEMPTS: "2" } });
let support: Awaited<ReturnType<typeof makeUser>>;
let token: string;
beforeAll(async () => {
  support = await makeUser("support");
  const created = await createApiToken(
    { ...t.user, resellerId: t.reseller.id },
    { name: `refusals-${randomUUID()}`, scopes: ["orders:read"] },
  );
  if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
  token = created.token;
});

const ADVICE =
  "Correct what it names and use Edit and resubmit; if it names nothing you can change, contact support with the order number.";

/** A Qboxmail domain order whose create Qboxmail answers `status` with `body`, run to its end. */
async function refusedOrder(status: number, body: unknown, form = forms.qboxmail_domain()) {
  await fault("qboxmail", { method: "POST", path: "/api/domains", count: 1, action: "status", status, body });
  const placed = await place(t, "qboxmail_domain", form);
  if (!placed.ok) throw new Error(`not placed: ${JSON.stringify(placed)}`);
  const order = await waitForOrder(placed.orderId, isFinal);
  const attempts = await db().attempt.findMany({ where: { orderId: order.id }, orderBy: { number: "asc" } });
  return { order, attempts };
}

/** The reseller's order page and support's order page as a viewer speaking `locale` sees them. */
async function pagesIn(locale: "en" | "de", orderId: string) {
  const snapshot = await getOrderSnapshot(t.reseller.id, orderId);
  if (!snapshot) throw new Error("the reseller does not see the order");
  const detail = await getSupportOrderDetail(support, orderId);
  const reseller = renderIn(
    locale,
    createElement(LiveOrder, { slug: t.reseller.slug, initial: snapshot, labels: {}, cancelAction: async (p) => p }),
  );
  const supportPage = renderIn(
    locale,
    createElement(
      "div",
      null,
      createElement(PortalText, { text: detail.order.lastError ?? "", provider: detail.order.provider }),
      createElement(SupportTimeline, { entries: detail.timeline, provider: detail.order.provider }),
    ),
  );
  return { reseller, support: supportPage };
}

const quoted = (words: string) => `<q lang="en" class="font-mono text-[0.95em]">${words}</q>`;

describe("a Qboxmail refusal of a create that names no field", () => {
  it("(409) stores Qboxmail's words in the failed order's text, shown quoted as its words with what to do", async () => {
    // A line break and a right-to-left override in the message: never stored, never shown.
    const { order, attempts } = await refusedOrder(409, {
      message: "Domain is pending deletion\r\non this platform.\u202e",
      errors: [],
    });
    const stored = `Qboxmail refused the order (409): Domain is pending deletion on this platform. ${ADVICE}`;
    expect(order).toMatchObject({ status: "failed", lastError: stored, fieldErrors: null });
    // The attempt keeps the answer for support; the reseller's views never read attempt answers.
    expect(attempts).toMatchObject([
      {
        kind: "create",
        outcome: "rejected",
        httpStatus: 409,
        message: stored,
        response: { message: "Domain is pending deletion on this platform" },
      },
    ]);
    const failed = await db().auditEvent.findFirstOrThrow({ where: { orderId: order.id, action: "order.failed" } });
    expect(failed.reason).toBe(stored);

    const english = await pagesIn("en", order.id);
    expect(visibleOwnText(english.reseller)).toContain(`Qboxmail refused the order (409). Qboxmail said: . ${ADVICE}`);
    expect(english.reseller).toContain(quoted("Domain is pending deletion on this platform"));
    // Nothing names a field, so there is no list of problems by field to look for.
    expect(english.reseller).not.toContain('data-testid="field-problems"');

    const german = await pagesIn("de", order.id);
    const resellerText = visibleOwnText(german.reseller);
    expect(resellerText).toContain(
      "Qboxmail hat den Auftrag abgelehnt (409). Meldung von Qboxmail: . Korrigieren Sie, was die Meldung nennt, und verwenden Sie „Bearbeiten und erneut senden“",
    );
    expect(german.reseller).toContain(quoted("Domain is pending deletion on this platform"));
    expect(englishPortalWords(resellerText)).toEqual([]);
    expect(englishPortalWords(visibleOwnText(german.support))).toEqual([]);
    // Support's attempt shows the answer as stored (its JSON view is open for a refused call).
    expect(german.support).toContain("&quot;message&quot;: &quot;Domain is pending deletion on this platform&quot;");

    // The API answers the stored English, as the audit log keeps it.
    const api = await callApi("GET", `/orders/${order.id}`, { token });
    expect(api.status).toBe(200);
    expect(api.body).toMatchObject({ status: "failed", lastError: stored, fieldErrors: null });
  });

  it("(422) without usable field errors says it in Qboxmail's words too", async () => {
    const { order } = await refusedOrder(422, { message: "Validazione Fallita", errors: [{ description: "x" }] });
    expect(order).toMatchObject({
      status: "failed",
      lastError: `Qboxmail refused the order (422): Validazione Fallita. ${ADVICE}`,
      fieldErrors: null,
    });
    expect((await pagesIn("en", order.id)).reseller).toContain(quoted("Validazione Fallita"));
  });

  it("with a message that quotes the password, keeps none of it: the order says no message can be shown", async () => {
    const echo = `767: unexpected token at '{"name":"x.example","postmaster_password":"${CANARY}"}'`;
    const { order, attempts } = await refusedOrder(400, { message: echo, errors: [] });
    expect(order).toMatchObject({
      status: "failed",
      lastError:
        "Qboxmail refused the order (400) without a message the portal can show. Check the order's values and use Edit and resubmit; if it is refused again, contact support with the order number.",
    });
    expect(attempts).toMatchObject([{ outcome: "rejected", httpStatus: 400, response: { messageWithheld: true } }]);
    const audit = await db().auditEvent.findMany({ where: { orderId: order.id } });
    const api = await callApi("GET", `/orders/${order.id}`, { token });
    const pages = await pagesIn("en", order.id);
    for (const [what, value] of Object.entries({ order, attempts, audit, api: api.body, pages })) {
      expect(
        JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? String(v) : v)),
        what,
      ).not.toContain(CANARY);
      expect(
        JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? String(v) : v)),
        what,
      ).not.toContain("unexpected token");
    }
    // German too: the portal's own sentence, no provider words at all.
    const german = await pagesIn("de", order.id);
    expect(visibleOwnText(german.reseller)).toContain(
      "Qboxmail hat den Auftrag abgelehnt (400), ohne eine Meldung, die das Portal anzeigen kann.",
    );
    expect(englishPortalWords(visibleOwnText(german.reseller))).toEqual([]);
  });
});

/** Everything the portal keeps and shows of an order, as one text (case folded) to look for a secret in. */
async function everythingAbout(orderId: string): Promise<string> {
  const [order, attempts, audit, one, list, pages, german] = await Promise.all([
    db().order.findUniqueOrThrow({ where: { id: orderId } }),
    db().attempt.findMany({ where: { orderId } }),
    db().auditEvent.findMany({ where: { orderId } }),
    callApi("GET", `/orders/${orderId}`, { token }),
    callApi("GET", "/orders", { token }),
    pagesIn("en", orderId),
    pagesIn("de", orderId),
  ]);
  expect(one.status).toBe(200);
  expect(list.status).toBe(200);
  const all = { order, attempts, audit, one: one.body, list: list.body, pages, german };
  return JSON.stringify(all, (_k, v) => (typeof v === "bigint" ? String(v) : v)).toLowerCase();
}

describe("a Qboxmail refusal that repeats the request's secret without any word that marks one", () => {
  it("(a create) quoting the order's own password: withheld, the password is nowhere", async () => {
    const password = `Tr0ub4dor&${uniq()}`;
    const echo = `'${password}' non è un valore valido`;
    const { order, attempts } = await refusedOrder(
      400,
      { message: echo, errors: [] },
      forms.qboxmail_domain(undefined, password),
    );
    expect(order).toMatchObject({
      status: "failed",
      lastError: portalText("qboxRefusedOrderUnexplained", { status: 400 }),
    });
    expect(attempts).toMatchObject([{ outcome: "rejected", httpStatus: 400, response: { messageWithheld: true } }]);
    const kept = await everythingAbout(order.id);
    expect(kept).toContain(order.id); // the API's list and the pages did show this order
    expect(kept).not.toContain(password.toLowerCase());
    expect(kept).not.toContain("non è un valore valido");
  });

  it("(a manager's password change) quoting the new password JSON-escaped: withheld, the password is nowhere", async () => {
    const s = (await succeededService(t, "qboxmail_manager", forms.qboxmail_manager())).service;
    const fresh = `Mgr<${uniq()}>&9x`;
    // As Rails writes it in JSON: `<`, `>` and `&` as \u escapes.
    const escaped = fresh.replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    await fault("qboxmail", {
      method: "PUT",
      path: `/api/managers/${s.upstreamRef}`,
      count: 1,
      action: "status",
      status: 400,
      body: { message: `Value ${escaped} is not allowed`, errors: [] },
    });
    const placed = await placeChange(t.user, {
      serviceId: s.id,
      action: "change",
      idempotencyKey: `pw-${randomUUID()}`,
      form: { password: fresh, password_confirmation: fresh },
    });
    if (!placed.ok) throw new Error(JSON.stringify(placed));
    const done = await waitForOrder(placed.orderId, isFinal);
    expect(done).toMatchObject({ status: "failed", lastError: portalText("qboxRejected", { status: 400 }) });
    const attempts = await db().attempt.findMany({ where: { orderId: done.id } });
    expect(attempts).toMatchObject([{ kind: "change", httpStatus: 400, response: { messageWithheld: true } }]);
    const kept = await everythingAbout(done.id);
    expect(kept).toContain(done.id);
    for (const form of [fresh, escaped, "is not allowed"]) expect(kept, form).not.toContain(form.toLowerCase());
  });

  it("(a lookup, a read, a check) quoting the client's API token, URL-encoded: withheld", async () => {
    // The client's own token and a path prefix of its own, so only its requests meet the faults:
    // the simulator answers a fault before it reads the token or the route.
    const apiToken = `Kx7q/${uniq()}+mZ9`;
    const prefix = `/t${uniq()}`;
    const client = qboxClient({ token: apiToken, baseUrl: `${process.env.SIM_QBOXMAIL_ORIGIN}${prefix}` });
    const said = { message: `Header ${encodeURIComponent(apiToken)} not recognised`, errors: [] };
    const refuse = (method: string, path: string) =>
      fault("qboxmail", { method, path: `${prefix}${path}`, count: 1, action: "status", status: 400, body: said });
    await refuse("GET", "/api/domains");
    const lookup = await client.findDomainByName("x.example.com");
    await refuse("GET", "/api/domains/D1");
    const read = await client.getDomain("D1");
    await refuse("PUT", "/api/domains/D1/dns");
    const check = await client.mxCheck("D1");
    for (const [what, r] of Object.entries({ lookup, read, check }))
      expect(r, what).toMatchObject({
        kind: "rejected",
        message: "Qboxmail rejected the request (400)",
        answer: { messageWithheld: true },
      });
  });
});

describe("a refusal's words inside a long portal text", () => {
  it("a 200-character name and Qboxmail's long words in 'May exist upstream: the lookup … was refused': the name and the portal's words stay whole", async () => {
    const name = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(52)}${uniq()}.example.com`;
    expect(name).toHaveLength(200);
    const words = `La ricerca dei domini è sospesa durante la manutenzione del cluster ${"e del suo indice ".repeat(9)}fino a nuovo avviso`;
    // The create commits but its answer is lost; the lookup that would tell is refused.
    await fault("qboxmail", { method: "POST", path: "/api/domains", count: 1, action: "drop-after-commit" });
    const placed = await place(t, "qboxmail_domain", forms.qboxmail_domain(name));
    if (!placed.ok) throw new Error(`not placed: ${JSON.stringify(placed)}`);
    // Once the create's answer was lost, so no check of the name takes the lookup's refusal.
    expect((await waitForOrder(placed.orderId, (o) => o.status === "unknown" || isFinal(o))).status).toBe("unknown");
    await fault("qboxmail", {
      method: "GET",
      path: "/api/domains",
      count: 1,
      action: "status",
      status: 400,
      body: { message: words, errors: [] },
    });
    const order = await waitForOrder(placed.orderId, isFinal);
    expect(order.status).toBe("held");
    const stored = order.lastError ?? "";
    expect(stored.length).toBeLessThanOrEqual(500);
    const read = readPortalText(stored);
    expect(read).toMatchObject({
      key: "lookupRefusedAfterCreate",
      values: { name },
      nested: { error: { words: { key: "qboxRejectedSaying" } } },
    });
    const error = read?.nested.error;
    const detail = error && "words" in error ? error.words.nested.detail : undefined;
    expect(detail && "quote" in detail && detail.quote.endsWith("…")).toBe(true);
    const held = await db().auditEvent.findFirstOrThrow({ where: { orderId: order.id, action: "order.held" } });
    expect(held.reason).toBe(stored);

    // So the reseller reads their own words, on the page and through the API, not support's English.
    const snapshot = await getOrderSnapshot(t.reseller.id, order.id);
    expect(snapshot?.lastError).toBe(portalText("resellerBeingChecked"));
    const api = await callApi("GET", `/orders/${order.id}`, { token });
    expect(api.body).toMatchObject({ lastError: portalText("resellerBeingChecked") });
    const english = await pagesIn("en", order.id);
    expect(visibleOwnText(english.reseller)).not.toContain("Check upstream");
  });
});
