// A disabled endpoint's waiting deliveries are parked out of the claim's due range
// (next_attempt_at 'infinity'; docs/webhooks.md "Failing endpoints"): those pending when it is
// disabled, and those its events bring while it is off, so the claim's index walk never reads
// them however many wait. Turning it back on makes them all due, oldest first. And no row is
// left behind on the wrong side by a statement that wrote an event (or a resend) while the
// endpoint was being disabled or turned on: each waits for the other (the outbox and the resend
// read the endpoint FOR KEY SHARE, the disable and the enable lock it FOR UPDATE).
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb, Prisma } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { claimDueDeliveries, type DeliverySettings, deliverOne } from "@/lib/webhooks/deliver";
import { createWebhookEndpoint, enableWebhookEndpoint, listDeliveries, resendDelivery } from "@/lib/webhooks/endpoints";
import { placementOutbox } from "@/lib/webhooks/outbox-sql";
import { makeTenant, type Tenant } from "../factories";
import { untilWaitingBehind } from "../support/lock-waits";
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
const clients: pg.Client[] = [];
beforeAll(async () => {
  process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true"; // the receiver listens on loopback
  resetEnvCache();
  receiver = await startReceiver();
});
afterAll(async () => {
  for (const c of clients) await c.end().catch(() => undefined);
  // Their deliveries go with them (ON DELETE CASCADE): nothing of this file is left to claim.
  await db().webhookEndpoint.deleteMany({ where: { id: { in: endpoints } } });
  await receiver.close();
  await disconnectDb();
  delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
  resetEnvCache();
});

const person = (t: Tenant) => ({ ...t.user, resellerId: t.reseller.id });

/** An endpoint at the test receiver that has failed for two hours: its next failure disables it. */
async function failingEndpoint(t: Tenant) {
  const r = await createWebhookEndpoint(person(t), { url: receiver.url, events: ["order.placed"] });
  if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
  receiver.setSecret(r.secret);
  endpoints.push(r.id);
  await db().webhookEndpoint.update({
    where: { id: r.id },
    data: { failingSince: new Date(Date.now() - 7_200_000) },
  });
  return r.id;
}

/** A failing endpoint turned off straight in its row (none of its deliveries parked by that). */
async function disabledEndpoint(t: Tenant) {
  const id = await failingEndpoint(t);
  await db().webhookEndpoint.update({
    where: { id },
    data: { disabledAt: new Date(), disabledReason: "turned off by the test" },
  });
  return id;
}

/** A connection of its own, to hold a transaction open beside the code under test. */
async function connection() {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  clients.push(c);
  const { rows } = await c.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  return { c, pid: rows[0]!.pid };
}

/**
 * An order event for the tenant's endpoints, written by the statement every placement carries
 * (lib/webhooks/outbox-sql.ts), on `c`: its delivery ids.
 */
async function writeEvent(c: pg.Client, t: Tenant): Promise<string[]> {
  const statement = Prisma.sql`WITH placed AS (SELECT ${randomUUID()}::uuid AS id, ${t.reseller.id}::uuid AS reseller_id)
    ${placementOutbox({ status: "queued", kind: "qboxmail_domain", naturalKey: "parked.example", customerId: t.customer.id })}
    RETURNING id`;
  const { rows } = await c.query<{ id: string }>(statement.text, statement.values as unknown[]);
  return rows.map((r) => r.id);
}

/** Each pending delivery of the endpoint: parked (next_attempt_at 'infinity') or due now. */
async function pendingOf(endpointId: string) {
  return db().$queryRaw<{ id: string; parked: boolean; due: boolean }[]>`
    SELECT id::text, next_attempt_at = 'infinity' AS parked, next_attempt_at <= now() AS due
    FROM webhook_delivery WHERE endpoint_id = ${endpointId}::uuid AND status = 'pending'
    ORDER BY created_at, id`;
}

/** One claim, sending this file's claimed deliveries; claims of other rows are given back at once. */
async function claimAndSend(mine: Set<string>, send = true) {
  const jobs = await claimDueDeliveries(settings, 1_000);
  await db().webhookDelivery.updateMany({
    where: { id: { in: jobs.map((j) => j.deliveryId).filter((id) => !mine.has(id)) } },
    data: { nextAttemptAt: new Date() },
  });
  const claimed = jobs.filter((j) => mine.has(j.deliveryId));
  if (send) for (const j of claimed) await deliverOne(j, settings);
  return claimed.map((j) => j.deliveryId);
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("a disabled endpoint's deliveries", () => {
  it("are parked out of the due range when it is disabled, with those of events written while it is off, and come back oldest first", async () => {
    const t = await makeTenant();
    const endpointId = await failingEndpoint(t);
    // Three waiting deliveries, written one after another and all due long ago.
    const written = [0, 1, 2].map((i) => ({
      id: randomUUID(),
      endpointId,
      resellerId: t.reseller.id,
      eventType: "order.placed",
      payload: { type: "order.placed", data: { note: `waiting ${i}` } },
      nextAttemptAt: new Date(Date.parse("2001-01-01T00:00:00Z") + i),
      createdAt: new Date(Date.parse("2001-01-01T00:00:00Z") + i * 1_000),
    }));
    await db().webhookDelivery.createMany({ data: written });
    const mine = new Set<string>(written.map((d) => d.id));

    // One claim takes all three; the first send fails and disables the endpoint.
    receiver.failNext(1, 503);
    await claimAndSend(mine);
    expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).disabledAt).not.toBeNull();
    // Every pending delivery is parked, the one tried and those whose claims the disable overtook.
    expect(await pendingOf(endpointId)).toEqual(written.map((d) => ({ id: d.id, parked: true, due: false })));

    // Its events go on being written while it is off, parked from the start.
    const { c } = await connection();
    const offEvents: string[] = [];
    for (let i = 0; i < 2; i++) {
      offEvents.push(...(await writeEvent(c, t)));
      await pause(5); // each its own creation time (milliseconds)
    }
    for (const id of offEvents) mine.add(id);
    const parked = await pendingOf(endpointId);
    expect(parked).toHaveLength(5);
    expect(parked.every((d) => d.parked && !d.due)).toBe(true);
    // No claim takes them (the walk stops before 'infinity').
    expect(await claimAndSend(mine, false)).toEqual([]);
    // The endpoint's page shows no next try for a parked delivery, the one tried included.
    const listed = (await listDeliveries(t.reseller.id, endpointId)).rows;
    expect(listed.find((d) => d.id === written[0]!.id)).toMatchObject({ attemptCount: 1, nextAttemptAt: null });
    expect(listed.filter((d) => d.status === "pending").map((d) => d.nextAttemptAt)).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);

    // Turned back on: all are due at once, sharing one next_attempt_at, and claimed oldest first.
    expect(await enableWebhookEndpoint(person(t), endpointId)).toEqual({ ok: true });
    expect((await pendingOf(endpointId)).every((d) => !d.parked && d.due)).toBe(true);
    const times = await db().webhookDelivery.findMany({
      where: { endpointId, status: "pending" },
      select: { nextAttemptAt: true, attemptCount: true },
    });
    expect(new Set(times.map((r) => r.nextAttemptAt.getTime())).size).toBe(1);
    expect(times.every((r) => r.attemptCount === 0)).toBe(true);
    expect(await claimAndSend(mine, false)).toEqual([...written.map((d) => d.id), ...offEvents]);
    await db().webhookDelivery.updateMany({ where: { endpointId }, data: { status: "failed" } });
  });

  it("a send that succeeds after a disable overtook its claim changes nothing: the outage's failed deliveries stay failed", async () => {
    const t = await makeTenant();
    const endpointId = await failingEndpoint(t);
    const base = { endpointId, resellerId: t.reseller.id, eventType: "order.placed" };
    // One delivery that gave up during the outage, and one due now.
    const gaveUp = randomUUID();
    const due = randomUUID();
    await db().webhookDelivery.createMany({
      data: [
        { ...base, id: gaveUp, payload: { type: "order.placed", data: {} }, status: "failed", attemptCount: 16 },
        { ...base, id: due, payload: { type: "order.placed", data: {} }, nextAttemptAt: new Date("2001-01-01") },
      ],
    });
    await db().webhookDelivery.update({
      where: { id: gaveUp },
      data: { lastAttemptAt: new Date(Date.now() - 3_600_000) },
    });
    const [job] = await claimDueDeliveries(settings, 1_000).then(async (jobs) => {
      await db().webhookDelivery.updateMany({
        where: { id: { in: jobs.map((j) => j.deliveryId).filter((id) => id !== due) } },
        data: { nextAttemptAt: new Date() },
      });
      return jobs.filter((j) => j.deliveryId === due);
    });
    // The send starts (its claim renewed) and the receiver holds its answer; meanwhile the
    // endpoint is disabled, its pending deliveries parked (as another process's failed send does
    // after five days). Only then is the success answered and recorded. The send's own timeout is
    // long, so a slow disable on a busy machine cannot turn the held answer into a failure.
    receiver.hold();
    try {
      const sending = deliverOne(job!, { ...settings, timeoutMs: 60_000 });
      await receiver.arrived(due);
      await db().webhookEndpoint.update({ where: { id: endpointId }, data: { disabledAt: new Date() } });
      await db().$executeRaw`UPDATE webhook_delivery SET next_attempt_at = 'infinity'
        WHERE endpoint_id = ${endpointId}::uuid AND status = 'pending'`;
      receiver.release();
      expect(await sending).toBe("sent");
    } finally {
      receiver.release();
    }
    expect(await db().webhookDelivery.findUniqueOrThrow({ where: { id: gaveUp } })).toMatchObject({ status: "failed" });
    expect(await pendingOf(endpointId)).toEqual([{ id: due, parked: true, due: false }]);
    expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).failingSince).not.toBeNull();
    // Turned back on, the audit counts the outage's delivery as recovered, apart from the one that waited.
    expect(await enableWebhookEndpoint(person(t), endpointId)).toEqual({ ok: true });
    const enabled = await db().auditEvent.findFirstOrThrow({
      where: { action: "webhook_endpoint.enabled", after: { path: ["endpointId"], equals: endpointId } },
    });
    expect(enabled.after).toMatchObject({ recoveredDeliveries: 1, waitingDeliveries: 1 });
    await db().webhookDelivery.updateMany({ where: { endpointId }, data: { status: "failed" } });
  });

  it("a delivery written by a transaction still open when the endpoint is disabled is parked with the rest", async () => {
    const t = await makeTenant();
    const endpointId = await failingEndpoint(t);
    const first = await db().webhookDelivery.create({
      data: {
        endpointId,
        resellerId: t.reseller.id,
        eventType: "order.placed",
        payload: { type: "order.placed", data: {} },
        nextAttemptAt: new Date(Date.now() - 60_000),
      },
    });
    // An order step writes an event for the endpoint, still enabled, and has not committed yet.
    const { c, pid } = await connection();
    await c.query("BEGIN");
    const late = await writeEvent(c, t);
    receiver.failNext(1, 503);
    const sending = claimAndSend(new Set([first.id]));
    // The disable waits for that transaction (the endpoint locked FOR UPDATE) ...
    await untilWaitingBehind(pid, { work: sending });
    await c.query("COMMIT");
    await sending;
    expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).disabledAt).not.toBeNull();
    // ... so the row it wrote, due when written, was parked with the rest.
    expect(await pendingOf(endpointId)).toEqual([first.id, ...late].map((id) => ({ id, parked: true, due: false })));
  });

  it("a delivery written parked by a transaction still open when the endpoint is turned back on is due after it", async () => {
    const t = await makeTenant();
    const endpointId = await disabledEndpoint(t);
    // An order step read the endpoint disabled and wrote its event parked; not committed yet.
    const { c, pid } = await connection();
    await c.query("BEGIN");
    const late = await writeEvent(c, t);
    const enabling = enableWebhookEndpoint(person(t), endpointId);
    // Turning it on waits for that transaction, then makes its row due with the others.
    await untilWaitingBehind(pid, { work: enabling });
    await c.query("COMMIT");
    expect(await enabling).toEqual({ ok: true });
    expect(await pendingOf(endpointId)).toEqual(late.map((id) => ({ id, parked: false, due: true })));
  });

  it("a Turn on while the endpoint is being disabled waits for the disable, then turns it on: never says it is on while it goes off", async () => {
    const t = await makeTenant();
    const endpointId = await failingEndpoint(t);
    // The disable's transaction (deliver.ts disableIfFailingTooLong), not committed yet: the
    // endpoint still reads on to everyone else.
    const { c: disabling, pid } = await connection();
    await disabling.query("BEGIN");
    await disabling.query("SELECT id FROM webhook_endpoint WHERE id = $1 FOR UPDATE", [endpointId]);
    await disabling.query("UPDATE webhook_endpoint SET disabled_at = now() WHERE id = $1", [endpointId]);
    const enabling = enableWebhookEndpoint(person(t), endpointId);
    expect(await untilWaitingBehind(pid, { work: enabling })).toBe("waiting");
    await disabling.query("COMMIT");
    expect(await enabling).toEqual({ ok: true });
    expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).disabledAt).toBeNull();
    // On already: said so, nothing changed.
    expect(await enableWebhookEndpoint(person(t), endpointId)).toMatchObject({
      ok: false,
      refusal: { alreadyOn: true, endpointGone: false },
    });
  });

  it("a resend while the endpoint is being disabled waits for it and then leaves the delivery alone", async () => {
    const t = await makeTenant();
    const endpointId = await failingEndpoint(t);
    const gaveUp = await db().webhookDelivery.create({
      data: {
        endpointId,
        resellerId: t.reseller.id,
        eventType: "order.placed",
        payload: { type: "order.placed", data: {} },
        status: "failed",
        attemptCount: 9,
      },
    });
    // The disable's transaction (deliver.ts disableIfFailingTooLong), not committed yet.
    const { c: disabling, pid } = await connection();
    await disabling.query("BEGIN");
    await disabling.query("SELECT id FROM webhook_endpoint WHERE id = $1 FOR UPDATE", [endpointId]);
    await disabling.query("UPDATE webhook_endpoint SET disabled_at = now() WHERE id = $1", [endpointId]);
    await disabling.query(
      "UPDATE webhook_delivery SET next_attempt_at = 'infinity' WHERE endpoint_id = $1 AND status = 'pending'",
      [endpointId],
    );
    const resending = resendDelivery(t.reseller.id, gaveUp.id, endpointId);
    await untilWaitingBehind(pid, { work: resending });
    await disabling.query("COMMIT");
    // It read the endpoint disabled, and says so: nothing resent, and no row of the disabled
    // endpoint left due.
    expect(await resending).toMatchObject({ ok: false, refusal: { endpointGone: false } });
    expect(await db().webhookDelivery.findUniqueOrThrow({ where: { id: gaveUp.id } })).toMatchObject({
      status: "failed",
      attemptCount: 9,
    });
  });

  it("turning the endpoint back on may take longer than the ORM's default 5 s for a transaction", async () => {
    // A large backlog takes that long (about 20 us a row); a row held by another transaction for 6 s
    // stands in for it here.
    const t = await makeTenant();
    const endpointId = await disabledEndpoint(t);
    const { c: writer } = await connection();
    const [waiting] = await writeEvent(writer, t);
    const { c: holder } = await connection();
    await holder.query("BEGIN");
    await holder.query("SELECT id FROM webhook_delivery WHERE id = $1 FOR UPDATE", [waiting]);
    const enabling = enableWebhookEndpoint(person(t), endpointId);
    await pause(6_000);
    await holder.query("COMMIT");
    expect(await enabling).toEqual({ ok: true });
    expect(await pendingOf(endpointId)).toEqual([{ id: waiting, parked: false, due: true }]);
  });

  it("an event written while the endpoint is being turned back on waits for it and is written due", async () => {
    const t = await makeTenant();
    const endpointId = await disabledEndpoint(t);
    const { c: writer } = await connection();
    const [waiting] = await writeEvent(writer, t);
    // Hold one waiting row, so that turning the endpoint on stops half-way, with the endpoint locked.
    const { c: holder, pid: holderPid } = await connection();
    await holder.query("BEGIN");
    await holder.query("SELECT id FROM webhook_delivery WHERE id = $1 FOR UPDATE", [waiting]);
    const enabling = enableWebhookEndpoint(person(t), endpointId);
    await untilWaitingBehind(holderPid, { work: enabling });
    // An order step writes an event now: it reads the endpoint after the enable commits.
    const { c: late, pid: latePid } = await connection();
    const writing = writeEvent(late, t);
    for (let i = 0; i < 200; i++) {
      const [row] = await db().$queryRaw<{ waits: boolean }[]>`
        SELECT wait_event_type = 'Lock' AS waits FROM pg_stat_activity WHERE pid = ${latePid}::int`;
      if (row?.waits) break;
      await pause(50);
    }
    await holder.query("COMMIT");
    expect(await enabling).toEqual({ ok: true });
    const lateIds = await writing;
    const pending = await pendingOf(endpointId);
    expect(pending).toEqual([waiting, ...lateIds].map((id) => ({ id, parked: false, due: true })));
  });
});
