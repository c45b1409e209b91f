// A service that support brings into the portal or ends without an order of the reseller's is
// announced to the reseller's webhook endpoints too (docs/webhooks.md "Events"): an adoption
// writes `service.created`, marking one gone `service.deleted`, each in the action's own
// transaction. Without them a receiver that keeps the reseller's services in step never heard of
// either, since neither goes through an order.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { parseOrderForm } from "@/lib/orders/schemas";
import { markGone } from "@/lib/services/drift-actions";
import { recreateFinding } from "@/lib/services/drift-recreate";
import { createWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { makeOrder, makeService, makeTenant, makeUser, type Tenant } from "../factories";
import { adoptAsPageWould } from "../support/finding-seen";
import { createUpstream } from "./another-client";
import { forms } from "./pipeline-fixtures";

let t: Tenant;
let endpointId: string;
beforeAll(async () => {
  process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true"; // the endpoint's address is on loopback
  resetEnvCache();
  t = await makeTenant();
  const made = await createWebhookEndpoint(
    { ...t.user, resellerId: t.reseller.id },
    // Nothing listens there: what is checked is what was written, not what arrived.
    { url: "http://127.0.0.1:9/hook", events: ["service.created", "service.deleted"] },
  );
  if (!made.ok) throw new Error(JSON.stringify(made.fieldErrors));
  endpointId = made.id;
});
afterAll(async () => {
  if (endpointId) await db().webhookEndpoint.deleteMany({ where: { id: endpointId } });
  delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
  resetEnvCache();
  await disconnectDb();
});

const eventsOf = (serviceId: string) =>
  db().webhookDelivery.findMany({
    where: { endpointId, payload: { path: ["data", "serviceId"], equals: serviceId } },
    select: { eventType: true, orderId: true, payload: true },
  });

describe("support's service actions and the reseller's webhooks", () => {
  it("marking a service gone sends service.deleted, once", async () => {
    const support = await makeUser("support");
    // A live service whose domain Qboxmail does not have (no such code there).
    const lost = await makeService({ tenant: t, kind: "qboxmail_domain" });
    const finding = await db().driftFinding.create({
      data: {
        provider: "qboxmail",
        kind: "qboxmail_domain",
        upstreamRef: lost.upstreamRef,
        naturalKey: lost.naturalKey,
        type: "missing",
        serviceId: lost.id,
        resellerId: t.reseller.id,
      },
    });
    const done = await markGone(support, finding.id, "Deleted at Qboxmail by the customer");
    expect(done.ok, done.message).toBe(true);
    const events = await eventsOf(lost.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ eventType: "service.deleted", orderId: null });
    expect((events[0]!.payload as { data: unknown }).data).toEqual({
      serviceId: lost.id,
      orderId: null,
      action: "mark_gone",
      kind: "qboxmail_domain",
      naturalKey: lost.naturalKey,
      customerId: t.customer.id,
      upstreamRef: lost.upstreamRef,
    });
    // A second try finds the finding closed and writes nothing more.
    expect((await markGone(support, finding.id, "Deleted at Qboxmail by the customer")).ok).toBe(false);
    expect(await eventsOf(lost.id)).toHaveLength(1);
  });

  it("adopting a resource sends service.created for the service it makes", async () => {
    const support = await makeUser("support");
    const name = `stray-${randomUUID().slice(0, 8)}.example.com`;
    const stray = await createUpstream("qboxmail", "/api/domains", forms.qboxmail_domain(name));
    expect(stray.status).toBe(201);
    const code = String(stray.json.resource_code);
    const finding = await db().driftFinding.create({
      data: { provider: "qboxmail", kind: "qboxmail_domain", upstreamRef: code, naturalKey: name, type: "unowned" },
    });
    const done = await adoptAsPageWould(support, finding.id, t.customer.id, "Ticket 81: the customer's own domain");
    expect(done.ok, done.message).toBe(true);
    const service = await db().service.findFirstOrThrow({ where: { upstreamRef: code, status: "active" } });
    const events = await eventsOf(service.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ eventType: "service.created", orderId: null });
    expect((events[0]!.payload as { data: unknown }).data).toEqual({
      serviceId: service.id,
      orderId: null,
      action: "adopt",
      kind: "qboxmail_domain",
      naturalKey: name,
      customerId: t.customer.id,
      upstreamRef: code,
    });
  });

  it("re-creating a missing service sends service.deleted for the old one, naming the new order", async () => {
    const support = await makeUser("support");
    const name = `recreated-${randomUUID().slice(0, 8)}.example.com`;
    const parsed = parseOrderForm("qboxmail_domain", forms.qboxmail_domain(name));
    if (!parsed.ok) throw new Error("the form does not parse");
    const original = await makeOrder({ tenant: t, status: "succeeded", naturalKey: name, payload: parsed.payload });
    // Its domain is not at Qboxmail (no such code there), as the drift check found.
    const lost = await makeService({
      tenant: t,
      kind: "qboxmail_domain",
      naturalKey: name,
      createOrderId: original.id,
    });
    const finding = await db().driftFinding.create({
      data: {
        provider: "qboxmail",
        kind: "qboxmail_domain",
        upstreamRef: lost.upstreamRef,
        naturalKey: name,
        type: "missing",
        serviceId: lost.id,
        resellerId: t.reseller.id,
      },
    });
    const done = await recreateFinding(support, finding.id, "Deleted by mistake, ordered again");
    expect(done.ok, done.message).toBe(true);
    const order = await db().order.findFirstOrThrow({ where: { naturalKey: name, id: { not: original.id } } });
    // No worker runs in this file: the new order is not sent, and is stopped here for good.
    await db().order.update({ where: { id: order.id }, data: { status: "cancelled" } });
    const events = await eventsOf(lost.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ eventType: "service.deleted", orderId: order.id });
    expect((events[0]!.payload as { data: unknown }).data).toMatchObject({
      serviceId: lost.id,
      orderId: order.id,
      action: "recreate",
      upstreamRef: lost.upstreamRef,
    });
  });
});
