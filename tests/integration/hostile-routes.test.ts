// Hostile input against the route handlers outside /api/v1 (CSV exports, order status, name
// check, health, metrics, the OpenAPI document) and the reseller actions not fuzzed elsewhere
// (cancel and resubmit, the ownership check's lookup, webhook resend, the slug every reseller
// page resolves) (docs/security.md "Hostile input"). Handlers without a session check are
// called as they are; the others run their parsing and lib/ calls as the handler does (the
// session needs Next). Bars: no throw (a 500), a refusal says what to fix, nothing written.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as live } from "@/app/api/health/live/route";
import { GET as ready } from "@/app/api/health/ready/route";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import { GET as unknownApiPath } from "@/app/api/v1/[[...path]]/route";
import { GET as openapi } from "@/app/api/v1/openapi.json/route";
import type { Viewer } from "@/lib/auth/session";
import { resellerCustomersCsvStream } from "@/lib/customers/customers-csv";
import { db, disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { closeProducer } from "@/lib/jobs/enqueue-order";
import { cancelOrder, resubmitOrder } from "@/lib/orders/cancel-order";
import { checkOrderName } from "@/lib/orders/name-check";
import { getOrderSnapshot } from "@/lib/orders/queries/order-view";
import { parseOrderFilters } from "@/lib/orders/queries/reseller-orders";
import { resellerOrdersCsvStream } from "@/lib/orders/queries/reseller-orders-csv";
import { ORDER_KINDS } from "@/lib/orders/schemas";
import { checkMxRecords } from "@/lib/services/mx-check";
import { getService } from "@/lib/services/queries";
import { parseServiceFilters } from "@/lib/services/service-list";
import { resellerServicesCsvStream } from "@/lib/services/services-csv";
import { parseSupportOrderFilters } from "@/lib/support/order-filters";
import { supportOrderVersion } from "@/lib/support/order-version";
import { ordersCsvStream } from "@/lib/support/orders-csv";
import { findResellerForUser } from "@/lib/users/reseller-access";
import { resendDelivery } from "@/lib/webhooks/endpoints";
import { makeOrder, makeTenant, makeUser, type Tenant } from "../factories";
import { hostileForm, hostileQuery, hostileText } from "../support/hostile/arbitraries";
import { quiesceOrders } from "./pipeline-fixtures";

let t: Tenant;
let other: Tenant;
let reseller: Viewer & { resellerId: string };
let support: Viewer;
let foreignOrder: string;
let foreignDelivery: string;
let ids: string[];

beforeAll(async () => {
  t = await makeTenant();
  other = await makeTenant();
  reseller = { ...t.user, resellerId: t.reseller.id };
  support = await makeUser("support");
  foreignOrder = (await makeOrder({ tenant: other, status: "failed" })).id;
  const endpoint = await db().webhookEndpoint.create({
    data: {
      resellerId: other.reseller.id,
      url: "https://hooks.example.com/x",
      events: ["order.succeeded"],
      sealedSecret: new Uint8Array(8),
    },
  });
  foreignDelivery = (
    await db().webhookDelivery.create({
      data: {
        endpointId: endpoint.id,
        resellerId: other.reseller.id,
        eventType: "order.succeeded",
        payload: {},
        status: "failed",
        attemptCount: 9,
      },
    })
  ).id;
  ids = [foreignOrder, foreignDelivery, t.customer.id, other.reseller.id, foreignOrder.toUpperCase()];
});
afterAll(async () => {
  await db().webhookDelivery.deleteMany({ where: { resellerId: other.reseller.id } });
  await db().webhookEndpoint.deleteMany({ where: { resellerId: other.reseller.id } });
  await quiesceOrders();
  await closeProducer();
  await disconnectDb();
});

const orderCounts = async () => ({
  mine: await db().order.count({ where: { resellerId: t.reseller.id } }),
  other: await db().order.findUniqueOrThrow({ where: { id: foreignOrder }, select: { status: true, version: true } }),
});

/** Reads a CSV stream to its end, as the browser downloading it does. */
async function drain(stream: ReadableStream<Uint8Array>): Promise<string> {
  // ignoreBOM: keep the byte-order mark in the text, to check it is there.
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());
}

describe("hostile input against the route handlers", () => {
  it("order CSV exports (reseller and support): any query string gives a file, never a crash", async () => {
    const names = [
      "status",
      "kind",
      "customer",
      "q",
      "cursor",
      "before",
      "view",
      "provider",
      "resellerId",
      "customerId",
    ];
    await fc.assert(
      fc.asyncProperty(hostileQuery([...names, "from", "to"]), async (sp) => {
        const mine = await drain(resellerOrdersCsvStream(t.reseller.id, parseOrderFilters(Object.fromEntries(sp))));
        expect(mine.startsWith("\uFEFF")).toBe(true);
        const all = await drain(await ordersCsvStream(support, parseSupportOrderFilters(sp)));
        expect(all.startsWith("\uFEFF")).toBe(true);
      }),
      { numRuns: 40 },
    );
  }, 180_000);

  it("customer and service CSV exports: any query string gives a file of the reseller's own rows, never a crash", async () => {
    const foreignName = other.customer.name;
    await fc.assert(
      fc.asyncProperty(hostileQuery(["q", "status", "kind", "provider", "customer", "page", "cursor"]), async (sp) => {
        // The customers route trims the search and keeps its first 100 characters, as here.
        const q = sp.get("q")?.trim().slice(0, 100) || undefined;
        const customers = await drain(resellerCustomersCsvStream(t.reseller.id, q));
        expect(customers.startsWith("\uFEFF")).toBe(true);
        expect(customers.includes(foreignName)).toBe(false);
        const services = await drain(
          resellerServicesCsvStream(t.reseller.id, parseServiceFilters(Object.fromEntries(sp))),
        );
        expect(services.startsWith("\uFEFF")).toBe(true);
      }),
      { numRuns: 40 },
    );
  }, 180_000);

  it("order status (reseller and support) and name check: generated ids and names, never a crash", async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileText(ids),
        fc.oneof(fc.constantFrom(...ORDER_KINDS), hostileText()),
        hostileText(),
        async (id, kind, name) => {
          // A foreign order is "not found" for the reseller, whatever the spelling of its id.
          expect(await getOrderSnapshot(t.reseller.id, id)).toBeNull();
          const v = await supportOrderVersion(support, id);
          if (v) expect(id.toLowerCase()).toBe(foreignOrder);
          // What the name-check route does: an unknown kind is a 400 with the kinds to use.
          if (!(ORDER_KINDS as readonly string[]).includes(kind)) return;
          const check = await checkOrderName(t.reseller.id, kind as (typeof ORDER_KINDS)[number], name.slice(0, 320));
          if (check) expect(check.own).toBeNull();
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);

  it("health, metrics and the OpenAPI document: generated headers and query strings, never a 500", async () => {
    process.env.METRICS_TOKEN = `metrics-${randomUUID()}`;
    resetEnvCache();
    try {
      await fc.assert(
        fc.asyncProperty(
          hostileQuery(["q", "__proto__"]),
          hostileText([`Bearer ${process.env.METRICS_TOKEN}`]),
          async (sp, auth) => {
            const headers = new Headers();
            // Header values cannot carry control characters or non-Latin-1 text: a client sends bytes.
            try {
              headers.set("authorization", auth);
            } catch {
              // As UTF-8 (a lone surrogate becomes U+FFFD, as a client's encoder makes it), escaped.
              headers.set("authorization", encodeURIComponent(Buffer.from(auth).toString()));
            }
            const req = new Request(`http://portal.test/x?${sp}`, { headers });
            expect((await live()).status).toBe(200);
            expect([200, 503]).toContain((await ready()).status);
            const m = await metricsRoute(req);
            expect([200, 401]).toContain(m.status);
            if (m.status === 401) expect(await m.text()).toMatch(/METRICS_TOKEN/);
            const doc = await openapi();
            expect(doc.status).toBe(200);
            // /api/v1 skips proxy.ts: the API sets its own policy on every answer.
            expect(doc.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
            const unknown = unknownApiPath();
            expect(unknown.status).toBe(404);
            expect(unknown.headers.get("content-type")).toBe("application/problem+json");
            expect(((await unknown.json()) as { detail: string }).detail).toMatch(/openapi\.json/);
            expect(unknown.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
          },
        ),
        { numRuns: 30 },
      );
    } finally {
      delete process.env.METRICS_TOKEN;
      resetEnvCache();
    }
  }, 120_000);
});

describe("hostile input against the reseller actions not fuzzed elsewhere", () => {
  it("any slug resolves to the reseller's own record or to nothing", async () => {
    // The property below holds for a function that finds nothing at all: first, that it finds.
    expect((await findResellerForUser(t.reseller.slug, t.reseller.id))?.id).toBe(t.reseller.id);
    expect(await findResellerForUser(other.reseller.slug, t.reseller.id)).toBeNull();
    await fc.assert(
      fc.asyncProperty(
        hostileText([t.reseller.slug, other.reseller.slug, t.reseller.slug.toUpperCase()]),
        async (slug) => {
          const found = await findResellerForUser(slug, t.reseller.id);
          if (found) expect(found.id).toBe(t.reseller.id);
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);

  it("cancel, edit-and-resubmit, ownership and MX checks and webhook resend: a message per refusal, nothing written", async () => {
    const form = hostileForm(
      ["name", "plan", "postmaster_password", "postmaster_password_confirmation", "company"],
      ids,
    );
    await fc.assert(
      fc.asyncProperty(hostileText(ids), hostileText(), form, async (id, key, f) => {
        const before = await orderCounts();
        const delivery = await db().webhookDelivery.findUniqueOrThrow({ where: { id: foreignDelivery } });
        const cancel = await cancelOrder(reseller, id, "Cancelled by the reseller");
        expect(cancel.ok).toBe(false);
        if (!cancel.ok) expect(cancel.formError.length).toBeGreaterThan(0);
        const resubmit = await resubmitOrder(reseller, { orderId: id, idempotencyKey: key, form: f });
        expect(resubmit.ok).toBe(false);
        if (!resubmit.ok) expect(Object.keys(resubmit.fieldErrors).length > 0 || !!resubmit.formError).toBe(true);
        expect(await getService(t.reseller.id, id)).toBeNull();
        const mx = await checkMxRecords(t.reseller.id, id, { type: "user", id: t.user.id });
        expect(mx.ok).toBe(false);
        if (!mx.ok) expect(mx.message.length).toBeGreaterThan(0);
        expect(await resendDelivery(t.reseller.id, id, id)).toMatchObject({ ok: false });
        expect(await orderCounts()).toEqual(before);
        expect(await db().webhookDelivery.findUniqueOrThrow({ where: { id: foreignDelivery } })).toEqual(delivery);
      }),
      { numRuns: 40 },
    );
  }, 180_000);
});
