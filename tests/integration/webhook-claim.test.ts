// The dispatcher's claim (lib/webhooks/deliver.ts claimDueDeliveries), as docs/webhooks.md
// "Delivery" and "Failing endpoints" describe it: a disabled endpoint's waiting deliveries are
// never claimed, however many wait ahead of other endpoints' due ones; and once the endpoint is
// turned back on, its deliveries, all due at the same moment, are claimed in the order they were
// written.
// Other files' leftover rows may be due too: this file's rows are due since long before any of
// them, and claims of other rows are given back at once.
import { randomInt, randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { claimDueDeliveries, type DeliverySettings, deliverOne } from "@/lib/webhooks/deliver";
import { createWebhookEndpoint, enableWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { webhookErrorText } from "@/lib/webhooks/error-words";
import { makeTenant, type Tenant } from "../factories";

const settings: DeliverySettings = {
  timeoutMs: 2_000,
  retryBaseMs: 10,
  retryMaxMs: 20,
  retryForMs: 100,
  disableAfterMs: 3_600_000,
  allowPrivate: false,
};

const endpoints: string[] = [];
afterAll(async () => {
  // Their deliveries go with them (ON DELETE CASCADE): nothing of this file is left to claim.
  await db().webhookEndpoint.deleteMany({ where: { id: { in: endpoints } } });
  await disconnectDb();
});

/** An endpoint at a public address (nothing is sent here: the tests only claim). */
async function endpointOf(t: Tenant) {
  const r = await createWebhookEndpoint(
    { ...t.user, resellerId: t.reseller.id },
    { url: "https://93.184.215.14/hooks", events: ["order.placed"] },
  );
  if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
  endpoints.push(r.id);
  return r.id;
}

const longAgo = Date.parse("2001-01-01T00:00:00Z");

function delivery(t: Tenant, endpointId: string, nextAttemptAt: Date, createdAt = nextAttemptAt) {
  return {
    id: randomUUID(),
    endpointId,
    resellerId: t.reseller.id,
    eventType: "order.placed",
    payload: { type: "order.placed", data: { note: "claim order" } },
    nextAttemptAt,
    createdAt,
  };
}

/** One claim, as the dispatcher makes it; claims of rows not in `mine` are given back at once. */
async function claim(mine: Set<string>, limit?: number) {
  const jobs = await claimDueDeliveries(settings, limit);
  await db().webhookDelivery.updateMany({
    where: { id: { in: jobs.map((j) => j.deliveryId).filter((id) => !mine.has(id)) } },
    data: { nextAttemptAt: new Date() },
  });
  return jobs.map((j) => j.deliveryId).filter((id) => mine.has(id));
}

describe("claiming due deliveries", () => {
  it("passes over a disabled endpoint's backlog: another endpoint's due delivery is in the first claim", async () => {
    const off = await makeTenant();
    const on = await makeTenant();
    const offEndpoint = await endpointOf(off);
    const onEndpoint = await endpointOf(on);
    await db().webhookEndpoint.update({
      where: { id: offEndpoint },
      data: { disabledAt: new Date(), disabledReason: "turned off by the test" },
    });
    // More waiting rows than one claim takes (200), all due before the enabled endpoint's one.
    const waiting = Array.from({ length: 500 }, (_, i) => delivery(off, offEndpoint, new Date(longAgo + i)));
    await db().webhookDelivery.createMany({ data: waiting });
    const due = delivery(on, onEndpoint, new Date(longAgo + 60_000));
    await db().webhookDelivery.create({ data: due });

    const mine = new Set([...waiting.map((d) => d.id), due.id]);
    expect(await claim(mine)).toEqual([due.id]);
    // The disabled endpoint's rows were not touched: still due as they were, not leased.
    const untouched = await db().webhookDelivery.count({
      where: { endpointId: offEndpoint, status: "pending", nextAttemptAt: { lt: new Date(longAgo + 1_000) } },
    });
    expect(untouched).toBe(500);
    // And later claims leave them alone too, rather than claiming them again once a lease runs out.
    expect(await claim(mine)).toEqual([]);
  });

  it("takes the endpoints in turn: one endpoint's backlog leaves room for another's delivery, and fills the rest", async () => {
    const busy = await makeTenant();
    const other = await makeTenant();
    const busyEndpoint = await endpointOf(busy);
    const otherEndpoint = await endpointOf(other);
    // More due rows than one claim takes (200), all due before the other endpoint's one.
    const backlog = Array.from({ length: 500 }, (_, i) => delivery(busy, busyEndpoint, new Date(longAgo + i)));
    await db().webhookDelivery.createMany({ data: backlog });
    const due = delivery(other, otherEndpoint, new Date(longAgo + 60_000));
    await db().webhookDelivery.create({ data: due });
    try {
      const mine = new Set([...backlog.map((d) => d.id), due.id]);
      const claimed = await claim(mine);
      // Each endpoint's oldest first: the other endpoint's one is the second job, not left out.
      expect(claimed.slice(0, 2)).toEqual([backlog[0]!.id, due.id]);
      // The rest of the claim is the backlog, oldest first: it fills what the other leaves.
      expect(claimed.length).toBeGreaterThan(150);
      expect(claimed.slice(2)).toEqual(
        backlog
          .slice(1)
          .map((d) => d.id)
          .slice(0, claimed.length - 2),
      );
    } finally {
      await db().webhookDelivery.updateMany({
        where: { endpointId: { in: [busyEndpoint, otherEndpoint] } },
        data: { status: "failed" },
      });
    }
  });

  it("takes the resellers in turn: one reseller's many endpoints get one turn, not one each", async () => {
    const busy = await makeTenant();
    const other = await makeTenant();
    // Three endpoints of one reseller (production, staging, a test one), each with older rows.
    const busyEndpoints = [await endpointOf(busy), await endpointOf(busy), await endpointOf(busy)];
    const backlog = busyEndpoints.flatMap((endpoint, e) =>
      Array.from({ length: 3 }, (_, i) => delivery(busy, endpoint, new Date(longAgo + e * 10 + i))),
    );
    await db().webhookDelivery.createMany({ data: backlog });
    const due = delivery(other, await endpointOf(other), new Date(longAgo + 60_000));
    await db().webhookDelivery.create({ data: due });
    try {
      const claimed = await claim(new Set([...backlog.map((d) => d.id), due.id]));
      // The other reseller's delivery is second, after the busy reseller's oldest; with turns per
      // endpoint it came fourth, after one of each of the busy reseller's endpoints.
      expect(claimed.slice(0, 2)).toEqual([backlog[0]!.id, due.id]);
      expect(claimed).toHaveLength(backlog.length + 1);
    } finally {
      await db().webhookDelivery.updateMany({
        where: { endpointId: { in: [...busyEndpoints] } },
        data: { status: "failed" },
      });
      await db().webhookDelivery.update({ where: { id: due.id }, data: { status: "failed" } });
    }
  });

  it("claims a re-enabled endpoint's waiting deliveries oldest first", async () => {
    const t = await makeTenant();
    const endpointId = await endpointOf(t);
    await db().webhookEndpoint.update({
      where: { id: endpointId },
      data: { disabledAt: new Date(), disabledReason: "turned off by the test" },
    });
    // Written one after another, each due at its own time (a newer one may have been due sooner,
    // as retries are), and stored in a shuffled order so the table's own order is not theirs.
    const written = Array.from({ length: 30 }, (_, i) =>
      delivery(t, endpointId, new Date(longAgo + (30 - i) * 1_000), new Date(longAgo + i * 1_000)),
    );
    // A different order each run, drawn from a seed the failure message names, so a failing
    // order can be written again.
    const seed = randomInt(2 ** 31);
    const [order] = fc.sample(fc.shuffledSubarray([...written.keys()], { minLength: written.length }), {
      seed,
      numRuns: 1,
    });
    for (const i of order!) await db().webhookDelivery.create({ data: written[i]! });

    expect(await enableWebhookEndpoint({ ...t.user, resellerId: t.reseller.id }, endpointId)).toEqual({ ok: true });
    // All of them share one next_attempt_at now.
    const times = await db().webhookDelivery.findMany({ where: { endpointId }, select: { nextAttemptAt: true } });
    expect(new Set(times.map((r) => r.nextAttemptAt.getTime())).size).toBe(1);

    const mine = new Set(written.map((d) => d.id));
    expect(await claim(mine, 1_000), `shuffle seed ${seed}: stored in the order ${order!.join(",")}`).toEqual(
      written.map((d) => d.id),
    );
  });

  it("fails a delivery whose endpoint secret cannot be opened as a failed send: counted and backed off, nothing sent", async () => {
    const t = await makeTenant();
    const endpointId = await endpointOf(t);
    // Sealed under a key the portal no longer has.
    await db().webhookEndpoint.update({ where: { id: endpointId }, data: { sealedSecret: Buffer.from("not sealed") } });
    const row = delivery(t, endpointId, new Date(longAgo));
    await db().webhookDelivery.create({ data: row });
    const claimed = await claimDueDeliveries(settings);
    await db().webhookDelivery.updateMany({
      where: { id: { in: claimed.map((j) => j.deliveryId).filter((id) => id !== row.id) } },
      data: { nextAttemptAt: new Date() },
    });
    const jobs = claimed.filter((j) => j.deliveryId === row.id);
    expect(jobs).toHaveLength(1);
    expect(await deliverOne(jobs[0]!, settings)).toBe("failed");
    const after = await db().webhookDelivery.findUniqueOrThrow({ where: { id: row.id } });
    expect(after).toMatchObject({
      status: "pending",
      attemptCount: 1,
      lastStatusCode: null,
      lastError: webhookErrorText.secretUnusable(),
    });
    expect(after.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() - 1_000);
    expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).failingSince).not.toBeNull();
  });
});
