// Webhooks: outbox rows commit with the status change or not at all; deliveries are signed,
// retried, never redirected, resendable; failing endpoints get disabled; private targets are
// refused unless allowed; and a receiver sees every status change of a set of orders once
// (deduplicated by webhook-id) despite its own errors and a worker killed mid-way.

import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { portalText } from "@/lib/i18n/portal-texts";
import { closeProducer } from "@/lib/jobs/enqueue-order";
import { metrics } from "@/lib/metrics/registry";
import { transition } from "@/lib/orders/state-machine";
import { placeChange } from "@/lib/services/place-change";
import { claimDueDeliveries, type DeliverySettings, deliverOne } from "@/lib/webhooks/deliver";
import {
  createWebhookEndpoint,
  enableWebhookEndpoint,
  resendDelivery,
  rotateWebhookSecret,
} from "@/lib/webhooks/endpoints";
import { ORDER_EVENT_TYPES, SERVICE_EVENT_TYPES } from "@/lib/webhooks/events";
import { sendWebhook } from "@/lib/webhooks/send";
import { webhookUrlProblem } from "@/lib/webhooks/target";
import { killAllWorkers, spawnWorker } from "../../scripts/lib/worker-process";
import { makeOrder, makeService, makeTenant, type Tenant } from "../factories";
import { ormCallsDuring } from "../support/orm-calls";
import { forms, place, quiesceOrders, waitForOrder } from "./pipeline-fixtures";
import { type Receiver, startReceiver } from "./webhook-receiver";

let receiver: Receiver;
beforeAll(async () => {
  process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true"; // the receiver listens on loopback
  resetEnvCache();
  receiver = await startReceiver();
  await quiesceOrders();
});
afterAll(async () => {
  await killAllWorkers();
  await quiesceOrders();
  await db().webhookDelivery.updateMany({ where: { status: "pending" }, data: { status: "failed" } });
  await receiver.close();
  await closeProducer();
  await disconnectDb();
  delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
  resetEnvCache();
});

const settings: DeliverySettings = {
  timeoutMs: 2_000,
  retryBaseMs: 10,
  retryMaxMs: 20,
  retryForMs: 100,
  disableAfterMs: 3_600_000,
  allowPrivate: true,
};

async function endpointFor(t: Tenant, events: string[] = [...ORDER_EVENT_TYPES]) {
  const r = await createWebhookEndpoint({ ...t.user, resellerId: t.reseller.id }, { url: receiver.url, events });
  if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
  receiver.setSecret(r.secret);
  return r;
}

/** Claims and sends this endpoint's due deliveries in-process (no worker), with no ORM call. */
async function deliverDue(endpointId: string, s: DeliverySettings = settings) {
  const jobs = await claimDueDeliveries(s, 1000);
  const mine = await db().webhookDelivery.findMany({ where: { endpointId }, select: { id: true } });
  const ids = new Set(mine.map((d) => d.id));
  for (const j of jobs) {
    if (!ids.has(j.deliveryId)) continue;
    // The worker sends these: plain statements only, never the ORM (docs/benchmarks/worker.md "No ORM in a long drain").
    const { calls } = await ormCallsDuring(() => deliverOne(j, s));
    expect(calls).toEqual([]);
  }
  // Give back claims on other files' rows at once.
  await db().webhookDelivery.updateMany({
    where: { id: { in: jobs.map((j) => j.deliveryId).filter((id) => !ids.has(id)) } },
    data: { nextAttemptAt: new Date() },
  });
}

/**
 * Deliveries in the order their events happened. created_at alone cannot tell: it is the writing
 * transaction's start, to the millisecond, so two events written in quick succession may share it
 * and then come back in either order. Such ties go by `placed` (the test's orders, in the order it
 * placed them), then by the order's version, which each of its steps raises by one.
 */
async function inWrittenOrder(where: { endpointId: string; orderId?: string }, placed: readonly string[] = []) {
  const rows = await db().webhookDelivery.findMany({ where, orderBy: { createdAt: "asc" } });
  const version = (r: (typeof rows)[number]) =>
    Number((r.payload as { data?: { version?: number } }).data?.version ?? 0);
  return rows.sort(
    (a, b) =>
      a.createdAt.getTime() - b.createdAt.getTime() ||
      placed.indexOf(a.orderId ?? "") - placed.indexOf(b.orderId ?? "") ||
      version(a) - version(b),
  );
}

/** Places a domain order for `t` and adds its id to `placed`: the test's orders, in the order placed. */
async function placeInto(t: Tenant, placed: string[]) {
  const r = await place(t, "qboxmail_domain", forms.qboxmail_domain());
  if (!r.ok) throw new Error(JSON.stringify(r));
  placed.push(r.orderId);
}

/** portal_webhook_deliveries_total of this process, by outcome. */
async function deliveriesCounted(): Promise<Record<"delivered" | "failed" | "gave_up", number>> {
  const { values } = await metrics().webhookDeliveries.get();
  const of = (outcome: string) => values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
  return { delivered: of("delivered"), failed: of("failed"), gave_up: of("gave_up") };
}

describe("webhook outbox", () => {
  it("renews a claim as its send starts: a job that waited in the queue keeps its send's outcome", async () => {
    const t = await makeTenant();
    const ep = await endpointFor(t, ["order.placed"]);
    const placed = await place(t, "qboxmail_domain", forms.qboxmail_domain());
    if (!placed.ok) throw new Error("place");
    const [mine] = await db().webhookDelivery.findMany({ where: { endpointId: ep.id } });
    // Claimed, and its job waited in the queue until the claim had nearly run out, as it does
    // behind slow receivers.
    const nearlyOut = new Date(Date.now() + 300);
    await db().webhookDelivery.update({ where: { id: mine!.id }, data: { nextAttemptAt: nearlyOut } });
    receiver.failNext(1);
    // The receiver holds its answer until the re-claim below has run: the send is still in flight
    // then, however slow the machine. Its own timeout is long for the same reason.
    receiver.hold();
    try {
      const sending = deliverOne(
        { deliveryId: mine!.id, lease: nearlyOut.toISOString() },
        { ...settings, timeoutMs: 60_000 },
      );
      // The request has reached the receiver, so the send has started and renewed its claim.
      await receiver.arrived(mine!.id);
      // The old claim runs out (by the database's clock, which decides what is due).
      await db()
        .$executeRaw`SELECT pg_sleep(GREATEST(0, EXTRACT(EPOCH FROM (${nearlyOut}::timestamptz - clock_timestamp())) + 0.05))`;
      // The dispatcher's next pass, after the old claim ran out: the delivery is being sent, not due.
      const again = await claimDueDeliveries(settings, 1000);
      await db().webhookDelivery.updateMany({
        where: { id: { in: again.map((j) => j.deliveryId).filter((id) => id !== mine!.id) } },
        data: { nextAttemptAt: new Date() },
      });
      expect(again.map((j) => j.deliveryId)).not.toContain(mine!.id);
      receiver.release();
      expect(await sending).toBe("failed");
    } finally {
      receiver.release();
    }
    // The failed send counted, with its back-off: not dropped as another claim's.
    expect(await db().webhookDelivery.findUniqueOrThrow({ where: { id: mine!.id } })).toMatchObject({
      status: "pending",
      attemptCount: 1,
      lastStatusCode: 500,
    });
  });

  it("writes a delivery with the placement and each status change, and none for a change that rolled back", async () => {
    const t = await makeTenant();
    const ep = await endpointFor(t, ["order.placed", "order.cancelled"]);
    const placed = await place(t, "qboxmail_domain", forms.qboxmail_domain());
    if (!placed.ok) throw new Error("place");
    const rows = () => inWrittenOrder({ endpointId: ep.id });
    expect((await rows()).map((r) => r.eventType)).toEqual(["order.placed"]);
    const actor = { type: "user" as const, id: t.user.id };
    await expect(
      db().$transaction(async (tx) => {
        await transition(tx, { orderId: placed.orderId, from: "queued", to: "cancelled", expectedVersion: 0, actor });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect((await rows()).map((r) => r.eventType)).toEqual(["order.placed"]);
    await db().$transaction((tx) =>
      transition(tx, { orderId: placed.orderId, from: "queued", to: "cancelled", expectedVersion: 0, actor }),
    );
    const after = await rows();
    expect(after.map((r) => r.eventType)).toEqual(["order.placed", "order.cancelled"]);
    expect(after[1]!.payload).toMatchObject({
      type: "order.cancelled",
      data: { orderId: placed.orderId, status: "cancelled", previousStatus: "queued", version: 1 },
    });
    // The order's facts come with the step's own statement (read from the updated row).
    const order = await db().order.findUniqueOrThrow({ where: { id: placed.orderId } });
    expect((after[1]!.payload as { data: unknown }).data).toEqual({
      orderId: order.id,
      status: "cancelled",
      previousStatus: "queued",
      version: 1,
      kind: "qboxmail_domain",
      action: "create",
      serviceId: null,
      naturalKey: order.naturalKey,
      customerId: order.customerId,
      upstreamRef: null,
      lastError: null,
    });
    // Not subscribed to order.queued etc.; another reseller's endpoint gets nothing.
    const other = await makeTenant();
    expect(await db().webhookDelivery.count({ where: { resellerId: other.reseller.id } })).toBe(0);
  });
});

describe("what a reseller's endpoint reads", () => {
  it("an order's last error written for support is sent in the reseller's wording; the event row keeps the stored text", async () => {
    const t = await makeTenant();
    const ep = await endpointFor(t, ["order.failed"]);
    const order = await makeOrder({ tenant: t, status: "provisioning" });
    const stored = portalText("gaveUp", { attempts: 5 });
    await db().$transaction((tx) =>
      transition(tx, {
        orderId: order.id,
        from: "provisioning",
        to: "failed",
        expectedVersion: order.version,
        actor: { type: "worker", id: "test-worker" },
        patch: { lastError: stored },
      }),
    );
    await deliverDue(ep.id);
    const sent = receiver.accepted.filter((r) => r.data.orderId === order.id);
    expect(sent.map((r) => r.data.lastError)).toEqual([portalText("resellerGaveUp", { attempts: 5 })]);
    expect(JSON.stringify(sent)).not.toContain("Retry to try again");
    const row = await db().webhookDelivery.findFirstOrThrow({ where: { orderId: order.id } });
    expect((row.payload as { data: { lastError: string } }).data.lastError).toBe(stored);
  });
});

describe("service events", () => {
  it("writes service.created and service.suspended with the success that made them, naming the service", async () => {
    const t = await makeTenant();
    const ep = await endpointFor(t, [...SERVICE_EVENT_TYPES]);
    const orderEndpoint = await endpointFor(t, ["order.placed", "order.succeeded"]);
    const placed = await place(t, "qboxmail_domain", forms.qboxmail_domain());
    if (!placed.ok) throw new Error("place");
    const worker = { type: "worker" as const, id: "w-test" };
    const ref = `D${String(Date.now() % 1_000_000_000).padStart(9, "0")}`;
    await db().$transaction(async (tx) => {
      await transition(tx, {
        orderId: placed.orderId,
        from: "queued",
        to: "provisioning",
        expectedVersion: 0,
        actor: worker,
      });
      await transition(tx, {
        orderId: placed.orderId,
        from: "provisioning",
        to: "succeeded",
        expectedVersion: 1,
        actor: worker,
        patch: { upstreamRef: ref },
      });
    });
    const service = await db().service.findFirstOrThrow({ where: { createOrderId: placed.orderId } });
    // The create order's service event, then the change order's (its id is known once placed).
    const orders = [placed.orderId];
    const rows = () => inWrittenOrder({ endpointId: ep.id }, orders);
    expect((await rows()).map((r) => r.eventType)).toEqual(["service.created"]);
    expect((await rows())[0]!.payload).toMatchObject({
      type: "service.created",
      data: { serviceId: service.id, orderId: placed.orderId, action: "create", upstreamRef: ref },
    });

    const change = await placeChange(
      { ...t.user, resellerId: t.reseller.id },
      { serviceId: service.id, action: "suspend", idempotencyKey: randomUUID() },
    );
    if (!change.ok) throw new Error(JSON.stringify(change));
    orders.push(change.orderId);
    await db().$transaction(async (tx) => {
      await transition(tx, {
        orderId: change.orderId,
        from: "queued",
        to: "provisioning",
        expectedVersion: 0,
        actor: worker,
      });
      await transition(tx, {
        orderId: change.orderId,
        from: "provisioning",
        to: "succeeded",
        expectedVersion: 1,
        actor: worker,
      });
    });
    const after = await rows();
    expect(after.map((r) => r.eventType)).toEqual(["service.created", "service.suspended"]);
    expect(after[1]!.payload).toMatchObject({
      data: { serviceId: service.id, orderId: change.orderId, action: "suspend" },
    });
    // The change order's own events say what it does and to which service, from its placement on.
    const orderEvents = await inWrittenOrder({ endpointId: orderEndpoint.id, orderId: change.orderId });
    expect(orderEvents.map((r) => [r.eventType, (r.payload as { data: unknown }).data])).toEqual([
      ["order.placed", expect.objectContaining({ action: "suspend", serviceId: service.id })],
      ["order.succeeded", expect.objectContaining({ action: "suspend", serviceId: service.id })],
    ]);
  });
});

describe("service.deleted", () => {
  it("is written once, by the delete that ended the service: a later delete, purge or resolve leaves the end as it was", async () => {
    const t = await makeTenant();
    const ep = await endpointFor(t, [...SERVICE_EVENT_TYPES]);
    const worker = { type: "worker" as const, id: "w-test" };
    const person = { type: "user" as const, id: t.user.id };
    const deleted = async (serviceId: string) =>
      (
        await db().webhookDelivery.findMany({
          where: { endpointId: ep.id, eventType: "service.deleted" },
          orderBy: { createdAt: "asc" },
        })
      )
        .filter((r) => (r.payload as { data: { serviceId: string } }).data.serviceId === serviceId)
        .map((r) => r.orderId);
    /** A delete order of the service in `status`, moved to succeeded by the worker or by a person. */
    const succeed = async (
      service: Awaited<ReturnType<typeof makeService>>,
      from: "provisioning" | "failed",
      payload: { purge: boolean },
    ) => {
      const o = await makeOrder({
        tenant: t,
        kind: service.kind,
        status: from,
        action: "delete",
        serviceId: service.id,
        naturalKey: service.naturalKey,
        upstreamRef: service.upstreamRef,
        payload,
      });
      return async () => {
        await db().$transaction((tx) =>
          transition(tx, {
            orderId: o.id,
            from,
            to: "succeeded",
            expectedVersion: 0,
            ...(from === "failed" ? { actor: person, reason: "checked at grommunio: gone" } : { actor: worker }),
          }),
        );
        expect((await db().order.findUniqueOrThrow({ where: { id: o.id } })).status).toBe("succeeded");
        return o.id;
      };
    };

    // A grommunio domain: an old delete that failed, then the reseller's soft delete ends the service.
    const domain = await makeService({ tenant: t, kind: "grommunio_domain" });
    const oldDelete = await succeed(domain, "failed", { purge: false });
    const softId = await (await succeed(domain, "provisioning", { purge: false }))();
    const ended = await db().service.findUniqueOrThrow({ where: { id: domain.id } });
    expect(ended).toMatchObject({ status: "deleted", upstreamState: "deleted" });
    expect(await deleted(domain.id)).toEqual([softId]);
    // An administrator purges the softly deleted domain; support then resolves the old delete.
    await new Promise((r) => setTimeout(r, 20));
    await (await succeed(domain, "provisioning", { purge: true }))();
    await oldDelete();
    // The service keeps the end the soft delete gave it; its event was written once.
    expect(await db().service.findUniqueOrThrow({ where: { id: domain.id } })).toMatchObject({
      status: "deleted",
      endedAt: ended.endedAt,
      updatedAt: ended.updatedAt,
    });
    expect(await deleted(domain.id)).toEqual([softId]);

    // A service support marked gone (or re-created) from a drift finding: a delete of it that
    // succeeds later leaves it gone, and no service.deleted says it was deleted.
    const gone = await makeService({ tenant: t, kind: "qboxmail_domain" });
    await db().service.update({
      where: { id: gone.id },
      data: { status: "gone", endedAt: new Date(Date.now() - 60_000), upstreamState: "missing" },
    });
    const before = await db().service.findUniqueOrThrow({ where: { id: gone.id } });
    await (await succeed(gone, "provisioning", { purge: false }))();
    expect(await db().service.findUniqueOrThrow({ where: { id: gone.id } })).toMatchObject({
      status: "gone",
      endedAt: before.endedAt,
      upstreamState: "missing",
    });
    expect(await deleted(gone.id)).toEqual([]);
  });
});

describe("webhook delivery", () => {
  it("signs, retries after receiver errors, never follows redirects, gives up after the round, and resends", async () => {
    const t = await makeTenant();
    const ep = await endpointFor(t, ["order.placed"]);
    const placed = await place(t, "qboxmail_domain", forms.qboxmail_domain());
    if (!placed.ok) throw new Error("place");
    const before = receiver.accepted.length;
    const counted = await deliveriesCounted();
    receiver.failNext(1, 500);
    await deliverDue(ep.id);
    let d = await db().webhookDelivery.findFirstOrThrow({ where: { endpointId: ep.id } });
    expect(d).toMatchObject({ status: "pending", attemptCount: 1, lastStatusCode: 500 });
    receiver.failNext(1, 302);
    await new Promise((r) => setTimeout(r, 60));
    await deliverDue(ep.id);
    d = await db().webhookDelivery.findFirstOrThrow({ where: { endpointId: ep.id } });
    expect(d).toMatchObject({ status: "pending", attemptCount: 2, lastStatusCode: 302 });
    expect(d.lastError).toContain("redirects are not followed");
    await new Promise((r) => setTimeout(r, 60));
    await deliverDue(ep.id);
    d = await db().webhookDelivery.findFirstOrThrow({ where: { endpointId: ep.id } });
    expect(d).toMatchObject({ status: "succeeded", attemptCount: 3, lastStatusCode: 204 });
    // Each attempt counts once in the metrics, by its outcome.
    expect(await deliveriesCounted()).toEqual({
      ...counted,
      failed: counted.failed + 2,
      delivered: counted.delivered + 1,
    });
    const got = receiver.accepted.slice(before);
    expect(got).toEqual([
      { id: d.id, type: "order.placed", data: expect.objectContaining({ orderId: placed.orderId }) },
    ]);
    expect(receiver.badSignatures).toBe(0);

    // Resend: the same webhook-id again, on a person's request.
    expect(await resendDelivery(t.reseller.id, d.id, ep.id)).toEqual({ ok: true });
    // Another reseller: nothing, and told only that there is no such delivery.
    expect(await resendDelivery(randomUUID(), d.id, ep.id)).toMatchObject({
      ok: false,
      refusal: { endpointGone: true },
    });
    await deliverDue(ep.id);
    expect(receiver.accepted.slice(before).map((a) => a.id)).toEqual([d.id, d.id]);

    // A receiver that keeps failing: the delivery is marked failed after the round's attempts.
    expect(await resendDelivery(t.reseller.id, d.id, ep.id)).toEqual({ ok: true });
    receiver.failNext(1000);
    for (let i = 0; i < 20; i++) {
      await deliverDue(ep.id);
      await new Promise((r) => setTimeout(r, 30));
    }
    receiver.failNext(0);
    d = await db().webhookDelivery.findFirstOrThrow({ where: { endpointId: ep.id } });
    expect(d.status).toBe("failed");
  });

  it("disables an endpoint that has failed for too long, with a notice and an audit event; its events wait and go out once it is back on", async () => {
    const t = await makeTenant();
    const ep = await endpointFor(t, ["order.placed"]);
    await db().webhookEndpoint.update({
      where: { id: ep.id },
      data: { failingSince: new Date(Date.now() - 7_200_000) },
    });
    await place(t, "qboxmail_domain", forms.qboxmail_domain());
    receiver.failNext(1, 503);
    await deliverDue(ep.id);
    const e = await db().webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } });
    expect(e.disabledAt).not.toBeNull();
    expect(e.disabledReason).toContain("Answered 503");
    const audit = await db().auditEvent.findMany({
      where: { resellerId: t.reseller.id, action: "webhook_endpoint.disabled" },
    });
    expect(audit).toHaveLength(1);
    // While it is off, its events are still written, and wait: nothing is sent.
    await place(t, "qboxmail_domain", forms.qboxmail_domain());
    const waiting = () =>
      db().webhookDelivery.findMany({ where: { endpointId: ep.id }, orderBy: { createdAt: "asc" } });
    expect((await waiting()).map((d) => d.status)).toEqual(["pending", "pending"]);
    const sentBefore = receiver.accepted.length;
    await deliverDue(ep.id);
    expect(receiver.accepted.length).toBe(sentBefore);
    // Another reseller cannot turn it on; its owner can, and then both go out.
    const other = await makeTenant();
    expect(await enableWebhookEndpoint({ ...other.user, resellerId: other.reseller.id }, ep.id)).toMatchObject({
      ok: false,
      refusal: { alreadyOn: false, endpointGone: true },
    });
    expect(await enableWebhookEndpoint({ ...t.user, resellerId: t.reseller.id }, ep.id)).toEqual({ ok: true });
    await deliverDue(ep.id);
    expect((await waiting()).map((d) => d.status)).toEqual(["succeeded", "succeeded"]);
    expect(receiver.accepted.length).toBe(sentBefore + 2);
  });
});

describe("a receiver's outage", () => {
  it("sends again what gave up during it: at the first success after it, or when the endpoint is turned back on", async () => {
    const t = await makeTenant();
    const ep = await endpointFor(t, ["order.placed"]);
    const placed: string[] = [];
    const deliveries = () => inWrittenOrder({ endpointId: ep.id }, placed);
    // The receiver is down for longer than a delivery's round: the first one gives up.
    await placeInto(t, placed);
    receiver.failNext(1000, 503);
    for (let i = 0; i < 20 && (await deliveries())[0]?.status !== "failed"; i++) {
      await deliverDue(ep.id);
      await new Promise((r) => setTimeout(r, 30));
    }
    expect((await deliveries()).map((d) => d.status)).toEqual(["failed"]);
    // It is back: the next event's success sends the given-up one again, same webhook-id.
    receiver.failNext(0);
    const before = receiver.accepted.length;
    await placeInto(t, placed);
    await deliverDue(ep.id);
    await deliverDue(ep.id);
    const [first, second] = await deliveries();
    expect([first?.status, second?.status]).toEqual(["succeeded", "succeeded"]);
    expect(new Set(receiver.accepted.slice(before).map((a) => a.id))).toEqual(new Set([first?.id, second?.id]));

    // Disabled after a long outage: a delivery whose round fell inside it goes out on the enable;
    // one whose round began before it (the endpoint had a success since) stays failed, though its
    // last try was inside the outage.
    const outageBegan = new Date(Date.now() - 7_200_000);
    await db().webhookEndpoint.update({ where: { id: ep.id }, data: { failingSince: outageBegan } });
    await db().webhookDelivery.update({
      where: { id: first!.id },
      data: {
        status: "failed",
        roundStartedAt: new Date(outageBegan.getTime() + 60_000),
        lastAttemptAt: new Date(outageBegan.getTime() + 120_000),
      },
    });
    await db().webhookDelivery.update({
      where: { id: second!.id },
      data: {
        status: "failed",
        roundStartedAt: new Date(outageBegan.getTime() - 60_000),
        lastAttemptAt: new Date(outageBegan.getTime() + 120_000),
      },
    });
    await placeInto(t, placed);
    receiver.failNext(1, 503);
    await deliverDue(ep.id);
    expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } })).disabledAt).not.toBeNull();
    expect(await enableWebhookEndpoint({ ...t.user, resellerId: t.reseller.id }, ep.id)).toEqual({ ok: true });
    await deliverDue(ep.id);
    expect((await deliveries()).map((d) => d.status)).toEqual(["succeeded", "failed", "succeeded"]);
    const enabled = await db().auditEvent.findFirstOrThrow({
      where: { resellerId: t.reseller.id, action: "webhook_endpoint.enabled" },
    });
    expect(enabled.after).toMatchObject({ waitingDeliveries: 1, recoveredDeliveries: 1 });
  });
});

describe("an outage that began while a success was in flight", () => {
  it("still sends again what gave up during it, though that success was answered after its first failure", async () => {
    const t = await makeTenant();
    const ep = await endpointFor(t, ["order.placed"]);
    const placed: string[] = [];
    const deliveries = () => inWrittenOrder({ endpointId: ep.id }, placed);
    await placeInto(t, placed);
    await placeInto(t, placed);
    const [lost, inFlight] = await deliveries();
    const jobs = (await claimDueDeliveries(settings, 1000)).filter((j) =>
      [lost!.id, inFlight!.id].includes(j.deliveryId),
    );
    const job = (id: string) => jobs.find((j) => j.deliveryId === id)!;
    try {
      // One send is on its way, the receiver holding its answer; meanwhile the receiver fails the
      // other at once, and only then is the first one's success answered and recorded. Its own
      // timeout is long, so the held answer cannot become a failure on a slow machine.
      receiver.hold();
      const answered = deliverOne(job(inFlight!.id), { ...settings, timeoutMs: 60_000 });
      // Its request has arrived: its send has started (claim renewed) before the outage did.
      await receiver.arrived(inFlight!.id);
      receiver.refuseId(lost!.id, 503);
      expect(await deliverOne(job(lost!.id), settings)).toBe("failed");
      receiver.release();
      expect(await answered).toBe("sent");
      receiver.refuseId(undefined);
      // That success began before the outage: it does not end it.
      expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } })).failingSince).not.toBeNull();
      // The receiver stays down for longer than a round: the first one gives up.
      receiver.failNext(100_000, 503);
      for (let i = 0; i < 50 && (await deliveries())[0]?.status !== "failed"; i++) {
        await deliverDue(ep.id);
        await new Promise((r) => setTimeout(r, 30));
      }
    } finally {
      receiver.refuseId(undefined);
      receiver.release();
      receiver.failNext(0);
    }
    expect((await deliveries())[0]?.status).toBe("failed");
    // Back: the next event's success sends it again.
    await placeInto(t, placed);
    await deliverDue(ep.id);
    await deliverDue(ep.id);
    expect((await deliveries()).map((d) => d.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
  });
});

describe("a delivery the receiver refuses while it accepts others", () => {
  it("stays failed after its round: the next success sends it no more, and Resend does", async () => {
    const t = await makeTenant();
    const ep = await endpointFor(t, ["order.placed"]);
    const placed: string[] = [];
    const deliveries = () => inWrittenOrder({ endpointId: ep.id }, placed);
    await placeInto(t, placed);
    const [refused] = await deliveries();
    receiver.refuseId(refused!.id, 400);
    try {
      // Its tries alternate with other events' successes, as a receiver's traffic goes on.
      for (let i = 0; i < 30 && (await deliveries())[0]?.status !== "failed"; i++) {
        await placeInto(t, placed);
        await deliverDue(ep.id);
        await new Promise((r) => setTimeout(r, 30));
      }
      const given = (await deliveries())[0]!;
      expect(given).toMatchObject({ status: "failed", lastStatusCode: 400 });
      const triedTimes = receiver.refusedIds.get(refused!.id);
      expect(triedTimes).toBe(given.attemptCount);
      // The next success to the endpoint: the refused one is not made due again.
      await placeInto(t, placed);
      await deliverDue(ep.id);
      await deliverDue(ep.id);
      const after = await deliveries();
      expect(after.slice(1).every((d) => d.status === "succeeded")).toBe(true);
      expect(after[0]).toMatchObject({ status: "failed", attemptCount: given.attemptCount });
      expect(receiver.refusedIds.get(refused!.id)).toBe(triedTimes);
      // A person's Resend still sends it, with a fresh round.
      receiver.refuseId(undefined);
      expect(await resendDelivery(t.reseller.id, refused!.id, ep.id)).toEqual({ ok: true });
      await deliverDue(ep.id);
      expect((await deliveries())[0]).toMatchObject({ status: "succeeded", attemptCount: 1 });
    } finally {
      receiver.refuseId(undefined);
    }
  });
});

describe("rotating an endpoint's secret", () => {
  it("signs with the new and the previous secret until the previous one's time is over; only its reseller may", async () => {
    // A receiver that keeps each request's headers and body, to check the signatures itself.
    const seen: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => {
        body += c.toString("utf8");
      });
      req.on("end", () => {
        seen.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const t = await makeTenant();
      const person = { ...t.user, resellerId: t.reseller.id };
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const created = await createWebhookEndpoint(person, { url, events: [...ORDER_EVENT_TYPES] });
      if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
      const other = await makeTenant();
      expect(await rotateWebhookSecret({ ...other.user, resellerId: other.reseller.id }, created.id)).toEqual({
        ok: false,
      });
      const rotated = await rotateWebhookSecret(person, created.id);
      if (!rotated.ok) throw new Error("not rotated");
      expect(rotated.secret).not.toBe(created.secret);
      expect(rotated.previousUntil.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
      const audit = await db().auditEvent.findFirstOrThrow({
        where: { action: "webhook_endpoint.secret_rotated", after: { path: ["endpointId"], equals: created.id } },
      });
      expect(JSON.stringify([audit.after, audit.reason])).not.toContain(rotated.secret);
      expect(JSON.stringify([audit.after, audit.reason])).not.toContain(created.secret);

      const verifies = (secret: string, r: (typeof seen)[number]) => {
        try {
          new Webhook(secret).verify(r.body, r.headers as Record<string, string>);
          return true;
        } catch {
          return false;
        }
      };
      const deliverOneNow = async () => {
        const d = await db().webhookDelivery.create({
          data: {
            endpointId: created.id,
            resellerId: t.reseller.id,
            eventType: "order.placed",
            payload: { type: "order.placed", data: { note: "rotation" } },
          },
        });
        const jobs = await claimDueDeliveries(settings, 1000);
        const job = jobs.find((j) => j.deliveryId === d.id);
        await db().webhookDelivery.updateMany({
          where: { id: { in: jobs.map((j) => j.deliveryId).filter((id) => id !== d.id) } },
          data: { nextAttemptAt: new Date() },
        });
        if (!job) throw new Error("not claimed");
        expect(await deliverOne(job, settings)).toBe("sent");
        return seen.at(-1)!;
      };
      // Within the switch-over time: two signatures, each verifying with its own secret.
      const during = await deliverOneNow();
      expect(String(during.headers["webhook-signature"]).split(" ")).toHaveLength(2);
      expect(verifies(rotated.secret, during)).toBe(true);
      expect(verifies(created.secret, during)).toBe(true);
      // Once it is over, only the new secret signs.
      await db().webhookEndpoint.update({
        where: { id: created.id },
        data: { previousUntil: new Date(Date.now() - 1000) },
      });
      const after = await deliverOneNow();
      expect(String(after.headers["webhook-signature"]).split(" ")).toHaveLength(1);
      expect(verifies(rotated.secret, after)).toBe(true);
      expect(verifies(created.secret, after)).toBe(false);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe("webhook targets", () => {
  it("records an endpoint's creation with its scheme and host only: a receiver's token may ride in its path or query", async () => {
    const owner = await makeTenant();
    const url = `${receiver.url}/hooks/T0KEN-in-path?token=T0KEN-in-query`;
    const r = await createWebhookEndpoint(
      { ...owner.user, resellerId: owner.reseller.id },
      { url, events: ["order.placed"] },
    );
    if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
    const audit = await db().auditEvent.findFirstOrThrow({
      where: { action: "webhook_endpoint.created", resellerId: owner.reseller.id },
    });
    expect(audit.after).toMatchObject({ endpointId: r.id, address: new URL(receiver.url).origin });
    expect(JSON.stringify([audit.before, audit.after, audit.reason])).not.toContain("T0KEN");
    // The reseller's own endpoint keeps the whole address, to send to.
    expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id: r.id } })).url).toBe(url);
  });

  it("refuses loopback, private and link-local addresses unless allowed, at registration and on sending", async () => {
    for (const url of [
      "https://127.0.0.1/x",
      "https://localhost/x",
      "https://10.1.2.3/x",
      "https://192.168.1.1/x",
      "https://169.254.169.254/latest/meta-data",
      "https://[::1]/x",
      "https://[fe80::1]/x",
      "https://[::ffff:127.0.0.1]/x",
      // Reserved for documentation: no receiver can have them.
      "https://192.0.2.10/x",
      "https://198.51.100.7/x",
      "https://203.0.113.9/x",
      "https://[2001:db8::1]/x",
    ])
      expect(await webhookUrlProblem(url, false), url).toMatch(/loopback, private or link-local/);
    expect(await webhookUrlProblem("http://93.184.215.14/x", false)).toMatch(/https/);
    expect(await webhookUrlProblem("https://user:pw@93.184.215.14/x", false)).toMatch(/user name/);
    expect(await webhookUrlProblem("https://93.184.215.14/x", false)).toBeNull();
    expect(await webhookUrlProblem(receiver.url, true)).toBeNull();

    const before = receiver.accepted.length + receiver.refused;
    // https:// addresses, so the address check is what refuses (plain http is refused before it
    // without the setting: webhook-send-https.test.ts).
    const refused = await sendWebhook({
      url: receiver.url.replace("http:", "https:"),
      secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      msgId: "msg_x",
      body: "{}",
      timeoutMs: 1000,
      allowPrivate: false,
    });
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatch(/not a public address/);
    const named = await sendWebhook({
      url: receiver.url.replace("http:", "https:").replace("127.0.0.1", "localhost"),
      secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      msgId: "msg_y",
      body: "{}",
      timeoutMs: 1000,
      allowPrivate: false,
    });
    expect(named.error).toMatch(/loopback, private or link-local/);
    expect(receiver.accepted.length + receiver.refused).toBe(before);
  });
});

describe("webhooks end to end", () => {
  it("a receiver sees every status change of a set of orders exactly once despite its errors and a worker kill", async () => {
    const t = await makeTenant();
    const ep = await endpointFor(t);
    const start = receiver.accepted.length;
    const workerEnv = {
      // A create cut off by the kill is looked up after one attempt deadline (4 × this): seconds,
      // not the default minute, which is as long as the test waits for the orders.
      UPSTREAM_TIMEOUT_MS: "1500",
      WEBHOOK_ALLOW_PRIVATE_TARGETS: "true",
      WEBHOOK_POLL_MS: "100",
      WEBHOOK_TIMEOUT_MS: "1000",
      WEBHOOK_RETRY_BASE_MS: "50",
      WEBHOOK_RETRY_MAX_MS: "400",
    };
    receiver.failNext(4);
    const a = spawnWorker(workerEnv);
    const orderIds: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await place(t, "qboxmail_domain", forms.qboxmail_domain());
      if (!r.ok) throw new Error(`placing order ${i + 1} of 6 failed: ${JSON.stringify(r)}`);
      orderIds.push(r.orderId);
    }
    // Kill the first worker as soon as the receiver has accepted something: deliveries in flight die with it.
    for (let i = 0; i < 200 && receiver.accepted.length === start; i++) await new Promise((r) => setTimeout(r, 50));
    await a.kill();
    receiver.failNext(3);
    const b = spawnWorker(workerEnv);
    for (const id of orderIds)
      expect((await waitForOrder(id, (o) => o.status === "succeeded", 60_000)).status).toBe("succeeded");
    const until = Date.now() + 60_000;
    while (
      Date.now() < until &&
      (await db().webhookDelivery.count({ where: { endpointId: ep.id, status: "pending" } })) > 0
    )
      await new Promise((r) => setTimeout(r, 200));
    await b.stop();

    const got = receiver.accepted.slice(start).filter((g) => orderIds.includes(String(g.data.orderId)));
    const unique = new Map(got.map((g) => [g.id, g]));
    let changes = 0;
    // Every status change (the audit trail's order events), once each, under one webhook-id.
    for (const id of orderIds) {
      const audit = await db().auditEvent.findMany({ where: { orderId: id }, orderBy: { id: "asc" } });
      const expected = audit.map((e) => e.action);
      const seen = [...unique.values()]
        .filter((g) => g.data.orderId === id)
        .sort((x, y) => Number(x.data.version) - Number(y.data.version))
        .map((g) => g.type);
      expect(seen, `order ${id}`).toEqual(expected);
      // The kill may have interrupted a provisioning attempt (… → unknown → provisioning → …).
      expect(expected[0]).toBe("order.placed");
      expect(expected.at(-1)).toBe("order.succeeded");
      changes += expected.length;
    }
    expect(unique.size).toBe(changes);
    expect(receiver.badSignatures).toBe(0);
    expect(await db().webhookDelivery.count({ where: { endpointId: ep.id, status: { not: "succeeded" } } })).toBe(0);
  }, 150_000); // up to 60 s for the orders (a killed worker's attempt is released, then looked up) and 60 s for deliveries

  it("one receiver that keeps timing out takes at most half the slots: another reseller's delivery goes first", async () => {
    await quiesceOrders();
    // Earlier tests' deliveries still pending would be claimed by the worker's first polls too,
    // their sends taking slots beside the two endpoints compared here.
    await db().webhookDelivery.updateMany({ where: { status: "pending" }, data: { status: "failed" } });
    const slow = await startReceiver();
    // It never answers (until it is closed), so every send to it times out. The worker's timeout
    // is long (below), so the other reseller's one delivery has ample time to go out before the
    // first of those sends ends, even from a freshly started worker on a busy machine.
    slow.hold();
    try {
      const tSlow = await makeTenant();
      const tFast = await makeTenant();
      const epSlow = await createWebhookEndpoint(
        { ...tSlow.user, resellerId: tSlow.reseller.id },
        { url: slow.url, events: [...ORDER_EVENT_TYPES] },
      );
      if (!epSlow.ok) throw new Error(JSON.stringify(epSlow.fieldErrors));
      slow.setSecret(epSlow.secret);
      const epFast = await endpointFor(tFast);
      // A backlog for the slow receiver, due before the other reseller's one delivery.
      const row = (endpointId: string, resellerId: string, ageMs: number) => ({
        endpointId,
        resellerId,
        eventType: "order.placed",
        payload: { type: "order.placed", data: { note: "fairness" } },
        nextAttemptAt: new Date(Date.now() - ageMs),
      });
      await db().webhookDelivery.createMany({
        data: Array.from({ length: 12 }, (_, i) => row(epSlow.id, tSlow.reseller.id, 60_000 - i)),
      });
      await db().webhookDelivery.create({ data: row(epFast.id, tFast.reseller.id, 1_000) });
      const w = spawnWorker({
        WEBHOOK_ALLOW_PRIVATE_TARGETS: "true",
        WEBHOOK_POLL_MS: "100",
        WEBHOOK_TIMEOUT_MS: "20000",
        WEBHOOK_CONCURRENCY: "4",
      });
      try {
        let fast = await db().webhookDelivery.findFirstOrThrow({ where: { endpointId: epFast.id } });
        for (let i = 0; i < 300 && fast.status !== "succeeded"; i++) {
          await new Promise((r) => setTimeout(r, 100));
          fast = await db().webhookDelivery.findFirstOrThrow({ where: { endpointId: epFast.id } });
        }
        expect(fast.status).toBe("succeeded");
        // It went out before any send to the slow receiver had timed out: that one held only its
        // share of the slots, so the other reseller's delivery did not wait for its timeouts.
        const slowTried = await db().webhookDelivery.count({
          where: { endpointId: epSlow.id, attemptCount: { gt: 0 }, lastAttemptAt: { lte: fast.deliveredAt! } },
        });
        expect(slowTried).toBe(0);
      } finally {
        await w.stop();
      }
    } finally {
      await db().webhookDelivery.updateMany({ where: { status: "pending" }, data: { status: "failed" } });
      await slow.close();
    }
  }, 60_000);
});
