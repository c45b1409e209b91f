// A step to `succeeded` writes two kinds of outbox rows in one statement: the order's event and
// the service's (lib/webhooks/outbox-sql.ts). Each reads the reseller's endpoints FOR KEY SHARE,
// and a password change turns them all off, locking them FOR UPDATE in id order
// (endpointsOffForPasswordChange). Had the step locked the one event's endpoints and then the
// other's, with the two sets interleaved in id order, it could hold one endpoint the password
// change still needs while waiting for one the password change holds: Postgres would abort one
// of the two as a deadlock. The step locks every endpoint either event may go to, in id order,
// before writing either, so the two only ever wait for each other one way. A transaction that
// writes events in two statements (a resubmit places the new order and cancels the old one)
// locks all of the reseller's endpoints in id order before the first, and so does the reseal of
// secrets when it clears expired previous signing secrets.
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resealAll } from "@/lib/crypto/reseal";
import { db, disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { closeProducer } from "@/lib/jobs/enqueue-order";
import { resubmitOrder } from "@/lib/orders/cancel-order";
import { transition } from "@/lib/orders/state-machine";
import { createWebhookEndpoint } from "@/lib/webhooks/endpoints";
import type { WebhookEventType } from "@/lib/webhooks/events";
import { makeOrder, makeTenant, type Tenant } from "../factories";
import { untilWaitingBehind } from "../support/lock-waits";
import { forms, place } from "./pipeline-fixtures";

const clients: pg.Client[] = [];
const endpoints: string[] = [];
beforeAll(() => {
  process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true"; // nothing is sent: the endpoints only subscribe
  resetEnvCache();
});
afterAll(async () => {
  for (const c of clients) await c.end().catch(() => undefined);
  await db().webhookEndpoint.deleteMany({ where: { id: { in: endpoints } } });
  await closeProducer();
  await disconnectDb();
  delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
  resetEnvCache();
});

async function connection() {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  clients.push(c);
  // Never hang the suite: a lock that is not granted within this is an error of its own.
  await c.query("SET lock_timeout = '15s'");
  const { rows } = await c.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  return { c, pid: rows[0]!.pid };
}

const person = (t: Tenant) => ({ ...t.user, resellerId: t.reseller.id });

async function endpointFor(t: Tenant, events: WebhookEventType[]) {
  const r = await createWebhookEndpoint(person(t), { url: "http://127.0.0.1:9/in", events });
  if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
  endpoints.push(r.id);
  return r.id;
}

/**
 * Two endpoints of one reseller, the lower id subscribed to `low`'s events and the higher to
 * `high`'s (ids are random, so the subscriptions are set once the order is known).
 */
async function twoEndpoints(t: Tenant, low: WebhookEventType[], high: WebhookEventType[]) {
  const ids = [await endpointFor(t, ["order.placed"]), await endpointFor(t, ["order.placed"])].sort();
  const [first, second] = ids as [string, string];
  await db().webhookEndpoint.update({ where: { id: first }, data: { events: low } });
  await db().webhookEndpoint.update({ where: { id: second }, data: { events: high } });
  return { first, second };
}

describe("a step to succeeded beside a password change that turns the reseller's endpoints off", () => {
  // Both arrangements: whichever of the step's two outbox parts runs first, one of them has its
  // endpoint at the higher id, which the password change locks second.
  for (const [name, low, high] of [
    ["the service event's endpoint first", ["service.created"], ["order.succeeded"]],
    ["the order event's endpoint first", ["order.succeeded"], ["service.created"]],
  ] as [string, WebhookEventType[], WebhookEventType[]][])
    it(`waits for it and writes both events, never a deadlock (${name})`, async () => {
      const t = await makeTenant();
      const { first, second } = await twoEndpoints(t, low, high);
      const order = await makeOrder({ tenant: t, status: "provisioning" });
      // The password change has locked the first of the reseller's endpoints (it locks in id order).
      const { c, pid } = await connection();
      await c.query("BEGIN");
      await c.query("SELECT id FROM webhook_endpoint WHERE id = $1 FOR UPDATE", [first]);
      const step = db().$transaction((tx) =>
        transition(tx, {
          orderId: order.id,
          from: "provisioning",
          to: "succeeded",
          expectedVersion: order.version,
          actor: { type: "worker", id: "test-worker" },
          patch: { upstreamRef: `D${randomUUID().slice(0, 8)}` },
        }),
      );
      step.catch(() => undefined);
      expect(await untilWaitingBehind(pid, { work: step })).toBe("waiting");
      // ... and now takes the second. The step holds neither, so this is granted at once.
      await c.query("SELECT id FROM webhook_endpoint WHERE id = $1 FOR UPDATE", [second]);
      await c.query("COMMIT");
      expect(await step).toBe(order.version + 1);
      const rows = await db().webhookDelivery.findMany({ where: { orderId: order.id }, orderBy: { eventType: "asc" } });
      expect(rows.map((r) => [r.endpointId, r.eventType])).toEqual(
        [
          [first, low[0]],
          [second, high[0]],
        ].sort((a, b) => a[1]!.localeCompare(b[1]!)),
      );
    });
});

describe("a resubmit beside a password change", () => {
  it("places the new order and cancels the old one, waiting for the password change, never a deadlock", async () => {
    const t = await makeTenant();
    // The cancel's event at the lower id, the placement's at the higher: the resubmit writes the
    // placement's first.
    const { first, second } = await twoEndpoints(t, ["order.cancelled"], ["order.placed"]);
    const failed = await place(t, "grommunio_server", forms.grommunio_server());
    if (!failed.ok) throw new Error("setup");
    await db().order.update({ where: { id: failed.orderId }, data: { status: "failed", version: { increment: 1 } } });
    const { c, pid } = await connection();
    await c.query("BEGIN");
    await c.query("SELECT id FROM webhook_endpoint WHERE id = $1 FOR UPDATE", [first]);
    const resubmit = resubmitOrder(t.user, {
      orderId: failed.orderId,
      idempotencyKey: randomUUID(),
      form: forms.grommunio_server(),
    });
    resubmit.catch(() => undefined);
    expect(await untilWaitingBehind(pid, { work: resubmit })).toBe("waiting");
    await c.query("SELECT id FROM webhook_endpoint WHERE id = $1 FOR UPDATE", [second]);
    await c.query("COMMIT");
    const again = await resubmit;
    if (!again.ok) throw new Error(JSON.stringify(again));
    expect((await db().order.findUniqueOrThrow({ where: { id: failed.orderId } })).status).toBe("cancelled");
    const written = await db().webhookDelivery.findMany({
      where: { orderId: { in: [failed.orderId, again.orderId] }, endpointId: { in: [first, second] } },
    });
    expect(written.map((r) => [r.endpointId, r.orderId, r.eventType]).sort()).toEqual(
      [
        [first, failed.orderId, "order.cancelled"],
        [second, failed.orderId, "order.placed"], // its own placement, before the test
        [second, again.orderId, "order.placed"],
      ].sort(),
    );
  });
});

describe("an endpoint registered while a resubmit runs, beside a password change", () => {
  it("waits for the resubmit, so the password change never locks an endpoint the resubmit has not", async () => {
    const t = await makeTenant();
    const failed = await place(t, "grommunio_server", forms.grommunio_server());
    if (!failed.ok) throw new Error("setup");
    await db().order.update({ where: { id: failed.orderId }, data: { status: "failed", version: { increment: 1 } } });
    // The reseller's one endpoint at the highest id, so the one registered below sorts before it.
    const high = "ffffffff-ffff-4fff-bfff-ffffffffffff";
    await db().webhookEndpoint.deleteMany({ where: { id: high } });
    await db().webhookEndpoint.create({
      data: {
        id: high,
        resellerId: t.reseller.id,
        url: "http://127.0.0.1:9/in",
        events: ["order.placed"],
        sealedSecret: Buffer.from("never opened: nothing is sent"),
      },
    });
    endpoints.push(high);
    // The resubmit stops inside its placement's statement, at the new order's reference to the
    // customer: the reseller's endpoints are locked, and the statement reads no endpoint
    // registered from now on (its snapshot is taken). The old order's cancel comes next.
    const held = await connection();
    await held.c.query("BEGIN");
    await held.c.query("SELECT id FROM customer WHERE id = $1 FOR UPDATE", [t.customer.id]);
    const resubmit = resubmitOrder(t.user, {
      orderId: failed.orderId,
      idempotencyKey: randomUUID(),
      form: forms.grommunio_server(),
    });
    resubmit.catch(() => undefined);
    expect(await untilWaitingBehind(held.pid, { work: resubmit })).toBe("waiting");
    const [resubmitter] = await db().$queryRaw<{ pid: number }[]>`
      SELECT pid FROM pg_stat_activity WHERE ${held.pid}::int = ANY(pg_blocking_pids(pid))`;
    // A registration now waits for the resubmit to end.
    const registering = createWebhookEndpoint(person(t), {
      url: "http://127.0.0.1:9/in",
      events: ["order.cancelled"],
    });
    registering.catch(() => undefined);
    expect(await untilWaitingBehind(resubmitter!.pid, { work: registering })).toBe("waiting");
    // A password change locks what it finds, in id order, and waits for the resubmit's endpoint.
    const change = await connection();
    await change.c.query("BEGIN");
    const turningOff = change.c.query("SELECT id FROM webhook_endpoint WHERE reseller_id = $1 ORDER BY id FOR UPDATE", [
      t.reseller.id,
    ]);
    turningOff.catch(() => undefined);
    expect(await untilWaitingBehind(resubmitter!.pid, { count: 2 })).toBe("waiting");
    // The resubmit goes on to the cancel's event. Had the registration gone through, the cancel's
    // statement would read the new endpoint, which the password change holds: a deadlock.
    await held.c.query("COMMIT");
    const again = await resubmit;
    if (!again.ok) throw new Error(JSON.stringify(again));
    expect((await turningOff).rows.map((r) => r.id)).toEqual([high]);
    await change.c.query("COMMIT");
    const registered = await registering;
    if (!registered.ok) throw new Error(JSON.stringify(registered));
    endpoints.push(registered.id);
    expect((await db().order.findUniqueOrThrow({ where: { id: failed.orderId } })).status).toBe("cancelled");
    // The endpoint registered after the cancel committed has none of its events.
    expect(await db().webhookDelivery.count({ where: { endpointId: registered.id } })).toBe(0);
  });
});

describe("the reseal of secrets beside a password change", () => {
  it("clears the reseller's expired previous secrets, waiting for the password change, never a deadlock", async () => {
    const t = await makeTenant();
    const expired = {
      previousSealedSecret: Buffer.from("an old secret's sealed bytes"),
      previousUntil: new Date(Date.now() - 60_000),
    };
    const ids = [await endpointFor(t, ["order.placed"]), await endpointFor(t, ["order.placed"])];
    for (const id of ids) await db().webhookEndpoint.update({ where: { id }, data: expired });
    const [first, second] = [...ids].sort() as [string, string];
    // The lower id's row rewritten last, so the table holds it after the higher: a statement that
    // locks in the table's order takes the higher first.
    await db().webhookEndpoint.update({ where: { id: first }, data: { description: "moved" } });
    const { c, pid } = await connection();
    await c.query("BEGIN");
    await c.query("SELECT id FROM webhook_endpoint WHERE id = $1 FOR UPDATE", [first]);
    const resealing = resealAll({ current: randomBytes(32), previous: [randomBytes(32)] });
    resealing.catch(() => undefined);
    expect(await untilWaitingBehind(pid, { work: resealing })).toBe("waiting");
    await c.query("SELECT id FROM webhook_endpoint WHERE id = $1 FOR UPDATE", [second]);
    await c.query("COMMIT");
    await resealing;
    const after = await db().webhookEndpoint.findMany({ where: { id: { in: ids } } });
    expect(after.map((e) => e.previousSealedSecret)).toEqual([null, null]);
  });
});
