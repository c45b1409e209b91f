// Hostile input against every route handler of the reseller API (docs/security.md "Hostile
// input"): generated bodies and query strings of the wrong shape, huge strings, odd Unicode,
// prototype-pollution keys and text that is not JSON at all. No answer is a 500, every answer is
// one the OpenAPI document lists (callApi checks), and a refused request writes no row.

import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "@/lib/api/handler";
import { resetRateLimiter } from "@/lib/api/rate-limit";
import { API_SCOPES } from "@/lib/api/scopes";
import { createApiToken } from "@/lib/api/tokens";
import { db, disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { closeProducer } from "@/lib/jobs/enqueue-order";
import { giveUsableGrommunioServer, makeTenant, type Tenant } from "../factories";
import { applyEdits, countedRuns, explainedBy, hostileEdits } from "../support/hostile/arbitraries";
import { callApi } from "./api-client";
import { forms, ORDER_FORM_FIELDS, quiesceOrders } from "./pipeline-fixtures";

const scalar = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.constantFrom("", "\u0000", "a\u0000b", "\u202e", "x".repeat(70_000), "=1+1", "NaN", "qboxmail_domain"),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const key = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "prototype", "kind", "customerId", "fields", "name", "action", "set"),
  fc.string({ maxLength: 10 }),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: "small" }, scalar, fc.array(tie("node"), { maxLength: 3 }), tie("object")),
  object: fc.dictionary(key, tie("node"), { maxKeys: 5 }),
})).node;
/** A request body: JSON of any shape, or raw text that is not JSON. */
const body = fc.oneof(
  value.map((v) => JSON.stringify(v) ?? "null"),
  fc.string({ maxLength: 50 }),
  fc.constantFrom("{", "[1,", "\u0000", "{}".repeat(10_000)),
);
const query = fc.dictionary(fc.oneof(key, fc.constantFrom("cursor", "status", "q", "page", "limit")), scalar, {
  maxKeys: 4,
});

let t: Tenant;
let token: string;
let serviceId: string;
let orderId: string;
let webhookId: string;
let deliveryId: string;
const counts = async () => ({
  orders: await db().order.count({ where: { resellerId: t.reseller.id } }),
  customers: await db().customer.count({ where: { resellerId: t.reseller.id } }),
});

beforeAll(async () => {
  process.env.API_RATE_LIMIT_PER_MINUTE = "100000";
  resetEnvCache();
  resetRateLimiter();
  t = await makeTenant({ limits: { maxDomains: 1000, maxManagers: 1000, maxServers: 1000 } });
  const r = await createApiToken(
    { ...t.user, resellerId: t.reseller.id },
    {
      name: `fuzz-${randomUUID()}`,
      // Every scope there is, so every route is reached, a scope added later included.
      scopes: [...API_SCOPES],
    },
  );
  if (!r.ok) throw new Error("token");
  token = r.token;
  const s = await db().service.create({
    data: {
      resellerId: t.reseller.id,
      customerId: t.customer.id,
      kind: "qboxmail_domain",
      provider: "qboxmail",
      upstreamRef: `D${String(Date.now() % 1_000_000_000).padStart(9, "0")}`,
      naturalKey: `fuzz-${t.tag}.example.com`,
      displayName: `fuzz-${t.tag}.example.com`,
    },
  });
  serviceId = s.id;
  // A finished order: cancelling it is refused whatever the body says.
  const o = await db().order.create({
    data: {
      resellerId: t.reseller.id,
      customerId: t.customer.id,
      createdById: t.user.id,
      kind: "qboxmail_domain",
      provider: "qboxmail",
      status: "succeeded",
      naturalKey: `done-${t.tag}.example.com`,
      displayName: `done-${t.tag}.example.com`,
      payload: {},
      idempotencyKey: randomUUID(),
      upstreamRef: `D${String((Date.now() + 1) % 1_000_000_000).padStart(9, "0")}`,
    },
  });
  orderId = o.id;
  // An endpoint with a failed delivery: the webhook operations have something of the reseller's to read.
  const ep = await db().webhookEndpoint.create({
    data: {
      resellerId: t.reseller.id,
      url: "https://hooks.example.com/fuzz",
      events: ["order.placed"],
      sealedSecret: Buffer.from("not used: nothing is sent"),
    },
  });
  webhookId = ep.id;
  const d = await db().webhookDelivery.create({
    data: {
      endpointId: ep.id,
      resellerId: t.reseller.id,
      eventType: "order.placed",
      payload: { type: "order.placed", data: {} },
      status: "failed",
    },
  });
  deliveryId = d.id;
});
afterAll(async () => {
  // Its delivery, resent by the fuzzing, goes with it: nothing is left for another file's claims.
  await db().webhookEndpoint.deleteMany({ where: { id: webhookId } });
  delete process.env.API_RATE_LIMIT_PER_MINUTE;
  resetEnvCache();
  resetRateLimiter();
  await quiesceOrders();
  await closeProducer();
  await disconnectDb();
});

const writes = [
  { method: "POST" as const, label: "/orders", path: () => "/orders" },
  { method: "POST" as const, label: "/customers", path: () => "/customers" },
  { method: "PUT" as const, label: "/customers/{id}", path: () => `/customers/${t.customer.id}` },
  { method: "POST" as const, label: "/services/{id}/changes", path: () => `/services/${serviceId}/changes` },
  { method: "POST" as const, label: "/orders/{id}/cancel", path: () => `/orders/${orderId}/cancel` },
  {
    method: "POST" as const,
    label: "/webhooks/{id}/deliveries/{deliveryId}/resend",
    path: () => `/webhooks/${webhookId}/deliveries/${deliveryId}/resend`,
  },
];

describe("hostile input against the reseller API", () => {
  for (const w of writes) {
    it(`${w.method} ${w.label}: no 500, a listed answer, no row from a refusal`, async () => {
      await fc.assert(
        fc.asyncProperty(body, async (raw) => {
          const before = await counts();
          const customer = await db().customer.findUniqueOrThrow({ where: { id: t.customer.id } });
          const res = await callApi(w.method, w.path(), {
            token,
            body: raw,
            headers: { "idempotency-key": `fuzz-${randomUUID()}` },
          });
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) {
            expect(res.headers.get("content-type")).toBe("application/problem+json");
            expect(await counts()).toEqual(before);
            expect(await db().customer.findUniqueOrThrow({ where: { id: t.customer.id } })).toEqual(customer);
          }
        }),
        { numRuns: 40 },
      );
    }, 120_000);
  }

  // Generated bodies rarely get past the envelope, so the writes behind it are reached from valid
  // bodies with one or two fields spoiled (hostileEdits): accepted, or refused on those fields.
  it("POST /orders and the cancel of a queued order: valid bodies with a few hostile fields", async () => {
    const tally = { accepted: 0, refused: 0 };
    const runs = countedRuns(80);
    await giveUsableGrommunioServer(t);
    const kinds = Object.keys(ORDER_FORM_FIELDS) as (keyof typeof forms)[];
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...kinds)
          // Half the runs without stray keys: the API refuses every unknown name, so a body with
          // one is always refused, and too few would reach past the schema otherwise.
          .chain((kind) =>
            fc
              .tuple(hostileEdits(ORDER_FORM_FIELDS[kind]), fc.boolean())
              .map(([edits, noStray]) => ({ kind, edits: noStray ? { ...edits, stray: {} } : edits })),
          ),
        hostileEdits(["reason"]),
        async ({ kind, edits }, cancelEdits) => {
          const fields = applyEdits(forms[kind](), edits);
          const placed = await callApi("POST", "/orders", {
            token,
            body: JSON.stringify({ kind, customerId: t.customer.id, fields }),
            headers: { "idempotency-key": `fuzz-${randomUUID()}` },
          });
          expect(placed.status, JSON.stringify(edits)).toBeLessThan(500);
          tally[placed.status === 201 ? "accepted" : "refused"]++;
          if (placed.status !== 201) {
            const sent = JSON.stringify({ kind, customerId: t.customer.id, fields });
            // A body over the API's limit is refused whole, unread.
            if (Buffer.byteLength(sent) > MAX_BODY_BYTES) {
              expect(placed.status).toBe(413);
              return;
            }
            expect(placed.status, JSON.stringify(edits).slice(0, 500)).toBe(422);
            const errors = Object.keys(placed.body.errors ?? {});
            // A refusal names a spoiled field, or a key no form has (the API refuses unknown names).
            for (const k of errors) {
              const name = k.replace(/^fields\./, "");
              expect(explainedBy(edits.changed, name) || Object.hasOwn(edits.stray, name), k).toBe(true);
            }
            return;
          }
          const { id } = placed.body as { id: string };
          const body = applyEdits({ reason: "The customer changed their mind" }, cancelEdits);
          const sentCancel = JSON.stringify(body);
          const cancelled = await callApi("POST", `/orders/${id}/cancel`, { token, body: sentCancel });
          expect(cancelled.status, sentCancel.slice(0, 500)).toBeLessThan(500);
          if (Buffer.byteLength(sentCancel) > MAX_BODY_BYTES) expect(cancelled.status).toBe(413);
          else if (cancelled.status === 422) {
            // A refusal names a spoiled reason, or a key the body does not take (refused by name).
            for (const k of Object.keys(cancelled.body.errors))
              expect(k === "reason" ? "reason" in cancelEdits.changed : Object.hasOwn(cancelEdits.stray, k), k).toBe(
                true,
              );
          } else expect(cancelled.status, JSON.stringify(body)).toBe(200);
        },
      ),
      runs,
    );
    expect(tally.accepted, JSON.stringify({ ...tally, seed: runs.seed })).toBeGreaterThanOrEqual(8);
    expect(tally.refused, JSON.stringify({ ...tally, seed: runs.seed })).toBeGreaterThanOrEqual(8);
  }, 120_000);

  for (const path of ["/orders/{id}", "/customers/{id}", "/services/{id}", "/webhooks/{id}/deliveries"]) {
    it(`GET ${path} with generated ids: no 500, a listed answer`, async () => {
      const own = {
        "/orders/{id}": orderId,
        "/customers/{id}": t.customer.id,
        "/services/{id}": serviceId,
        "/webhooks/{id}/deliveries": webhookId,
      }[path]!;
      await fc.assert(
        fc.asyncProperty(
          fc
            .oneof(scalar.map(String), fc.constantFrom(own.toUpperCase(), `${own}x`, "%00", "%2e%2e"))
            // "", "." and ".." are not ids but other addresses (the URL resolves them).
            .filter((id) => !["", ".", ".."].includes(id)),
          async (id) => {
            const res = await callApi("GET", path.replace("{id}", encodeURIComponent(id).slice(0, 2_000)), { token });
            expect(res.status).toBeLessThan(500);
          },
        ),
        { numRuns: 40 },
      );
    }, 60_000);
  }

  for (const label of ["/orders", "/customers", "/services", "/webhooks", "/webhooks/{id}/deliveries"]) {
    it(`GET ${label} with generated query strings: no 500, a listed answer`, async () => {
      const path = label.replace("{id}", webhookId);
      await fc.assert(
        fc.asyncProperty(query, async (q) => {
          const qs = new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)])).toString();
          const res = await callApi("GET", `${path}${qs ? `?${qs}` : ""}`, { token });
          expect(res.status).toBeLessThan(500);
        }),
        { numRuns: 40 },
      );
    }, 60_000);
  }
});
