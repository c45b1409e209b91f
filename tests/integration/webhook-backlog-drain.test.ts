// A backlog drains at the receiver's pace and in the order its events were written
// (docs/webhooks.md "Delivery"): the dispatcher claims no more of one endpoint's rows than the
// worker sends to it at a time, and a job whose send succeeded goes on with the endpoint's next
// due delivery in the same slot. A job over the cap gives its row back where it was, not behind
// the backlog. Before, one claim took 200 rows of the endpoint, the jobs over the cap gave theirs
// back for 5–10 s, and a re-enabled backlog went out a few rows per poll, oldest mostly last.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { claimDueDeliveries, type DeliverySettings, deliverOne } from "@/lib/webhooks/deliver";
import { EndpointSlots } from "@/lib/webhooks/endpoint-slots";
import { createWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { makeTenant } from "../factories";
import { type Receiver, startReceiver } from "./webhook-receiver";

const settings: DeliverySettings = {
  timeoutMs: 2_000,
  retryBaseMs: 10,
  retryMaxMs: 20,
  retryForMs: 100,
  disableAfterMs: 3_600_000,
  allowPrivate: true,
};

let receiver: Receiver;
const endpoints: string[] = [];
beforeAll(async () => {
  process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true"; // the receiver listens on loopback
  resetEnvCache();
  receiver = await startReceiver();
});
afterAll(async () => {
  await db().webhookEndpoint.deleteMany({ where: { id: { in: endpoints } } });
  await receiver.close();
  await disconnectDb();
  delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
  resetEnvCache();
});

// Due since long before any other file's rows, so this file's come first in every claim.
const longAgo = Date.parse("2001-01-01T00:00:00Z");

/** An endpoint with `n` waiting deliveries, all due at one moment (as a turning back on makes them), written in order. */
async function backlog(n: number) {
  const t = await makeTenant();
  const r = await createWebhookEndpoint(
    { ...t.user, resellerId: t.reseller.id },
    { url: receiver.url, events: ["order.placed"] },
  );
  if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
  receiver.setSecret(r.secret);
  endpoints.push(r.id);
  const due = new Date(longAgo);
  const rows = Array.from({ length: n }, (_, i) => ({
    id: randomUUID(),
    endpointId: r.id,
    resellerId: t.reseller.id,
    eventType: "order.placed",
    payload: { type: "order.placed", data: { n: i } },
    nextAttemptAt: due,
    createdAt: new Date(longAgo + i),
  }));
  await db().webhookDelivery.createMany({ data: rows });
  return { endpointId: r.id, resellerId: t.reseller.id, ids: rows.map((d) => d.id), due };
}

/** One claim as the worker makes it (at most `perEndpoint` of an endpoint's rows); other files' rows are given back. */
async function claim(mine: string[], perEndpoint: number) {
  const jobs = await claimDueDeliveries(settings, 200, perEndpoint);
  const own = new Set(mine);
  await db().webhookDelivery.updateMany({
    where: { id: { in: jobs.map((j) => j.deliveryId).filter((id) => !own.has(id)) } },
    data: { nextAttemptAt: new Date() },
  });
  return jobs.filter((j) => own.has(j.deliveryId));
}

const sentOf = (ids: string[]) => receiver.accepted.map((r) => r.id).filter((id) => ids.includes(id));

const pendingOf = (endpointId: string) =>
  db().webhookDelivery.findMany({
    where: { endpointId, status: "pending" },
    orderBy: [{ createdAt: "asc" }],
    select: { id: true, nextAttemptAt: true },
  });

describe("draining an endpoint's backlog", () => {
  it("claims no more of one endpoint's rows than it sends to it at a time, and one job sends the whole backlog, oldest first", async () => {
    const b = await backlog(60);
    const jobs = await claim(b.ids, 1);
    expect(jobs.map((j) => j.deliveryId)).toEqual([b.ids[0]]);
    expect(await deliverOne(jobs[0]!, settings, new EndpointSlots(1))).toBe("sent");
    expect(sentOf(b.ids)).toEqual(b.ids);
    expect(await pendingOf(b.endpointId)).toEqual([]);
  });

  it("stops at the first send that fails: that one is retried later, the rest wait due", async () => {
    const b = await backlog(10);
    receiver.refuseId(b.ids[3], 503);
    try {
      const [job] = await claim(b.ids, 1);
      await deliverOne(job!, settings, new EndpointSlots(1));
    } finally {
      receiver.refuseId(undefined);
    }
    expect(sentOf(b.ids)).toEqual(b.ids.slice(0, 3));
    const pending = await pendingOf(b.endpointId);
    expect(pending.map((p) => p.id)).toEqual(b.ids.slice(3));
    // The refused one backs off; the rest were never claimed.
    expect(pending.slice(1).every((p) => p.nextAttemptAt.getTime() === b.due.getTime())).toBe(true);
    expect(pending[0]!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it("sends one and no more once the worker is stopping", async () => {
    const b = await backlog(5);
    const [job] = await claim(b.ids, 1);
    const slots = new EndpointSlots(1);
    slots.closing = true;
    expect(await deliverOne(job!, settings, slots)).toBe("sent");
    expect(sentOf(b.ids)).toEqual([b.ids[0]]);
  });

  it("a job over the cap gives its row back due since it was written, keeping its place before the rest", async () => {
    const b = await backlog(3);
    const slots = new EndpointSlots(1);
    // A send to the endpoint is in flight in this process: its one slot is taken.
    expect(slots.take(b.endpointId, b.resellerId)).toBe(true);
    const [job] = await claim(b.ids, 1);
    expect(await deliverOne(job!, settings, slots)).toBe("deferred");
    expect(sentOf(b.ids)).toEqual([]);
    const given = await db().webhookDelivery.findUniqueOrThrow({ where: { id: b.ids[0]! } });
    expect(given.nextAttemptAt).toEqual(given.createdAt);
    // The send in flight ends; the next claim takes the same row first.
    slots.release(b.endpointId, b.resellerId);
    expect((await claim(b.ids, 1)).map((j) => j.deliveryId)).toEqual([b.ids[0]]);
  });

  it("claims no more of one reseller's rows than its share, however many endpoints it has", async () => {
    const b = await backlog(3);
    const t = await db().reseller.findUniqueOrThrow({ where: { id: b.resellerId } });
    // Two more endpoints of the same reseller, each with rows due.
    const more: string[] = [];
    for (let i = 0; i < 2; i++) {
      const ep = await db().webhookEndpoint.create({
        data: { resellerId: t.id, url: receiver.url, events: ["order.placed"], sealedSecret: Buffer.from("unused") },
      });
      endpoints.push(ep.id);
      const id = randomUUID();
      more.push(id);
      await db().webhookDelivery.create({
        data: {
          id,
          endpointId: ep.id,
          resellerId: t.id,
          eventType: "order.placed",
          payload: { type: "order.placed", data: {} },
          nextAttemptAt: new Date(longAgo),
          createdAt: new Date(longAgo + 100 + i),
        },
      });
    }
    const claimed = await claim([...b.ids, ...more], 2);
    expect(claimed).toHaveLength(2);
  });

  it("the dispatcher claims nothing of an endpoint, or a reseller, with every slot in flight", async () => {
    const b = await backlog(3);
    const c = await backlog(3);
    const skip = (endpoints: string[], resellers: string[]) =>
      claimDueDeliveries(settings, 200, 1, { endpoints, resellers }).then(async (jobs) => {
        const own = new Set<string>([...b.ids, ...c.ids]);
        // Given back as they were: due since written.
        await db().$executeRaw`UPDATE webhook_delivery SET next_attempt_at = created_at
          WHERE id = ANY(${jobs.map((j) => j.deliveryId)}::uuid[])`;
        return jobs.map((j) => j.deliveryId).filter((id) => own.has(id));
      });
    expect(await skip([b.endpointId], [])).toEqual([c.ids[0]]);
    expect(await skip([], [c.resellerId])).toEqual([b.ids[0]]);
    expect((await skip([], [])).sort()).toEqual([b.ids[0], c.ids[0]].sort());
  });
});
