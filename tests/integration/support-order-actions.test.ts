import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { portalText } from "@/lib/i18n/portal-texts";
import { closeProducer } from "@/lib/jobs/enqueue-order";
import { PROVISION_QUEUES, provisionJobId } from "@/lib/jobs/provision-job";
import { getOrderSnapshot } from "@/lib/orders/queries/order-view";
import { bulkRetry } from "@/lib/support/bulk-retry";
import { waitingDependents } from "@/lib/support/cancel-check";
import { cancelOrder, retryOrderNow } from "@/lib/support/order-actions";
import { resolveOrderByHand } from "@/lib/support/resolve-order";
import { makeOrder, makeService, makeTenant, makeUser, type OrderInput } from "../factories";
import { grommunioApi } from "./another-client";
import { qboxClient, qboxFault } from "./qboxmail-sim";

describe("support order actions", () => {
  let support: Awaited<ReturnType<typeof makeUser>>;
  let tenant: Awaited<ReturnType<typeof makeTenant>>;
  let redis: Redis;
  let queue: Queue;

  beforeAll(async () => {
    support = await makeUser("support");
    tenant = await makeTenant();
    redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
    queue = new Queue(PROVISION_QUEUES.qboxmail, { connection: redis });
  });
  afterAll(async () => {
    await queue.close();
    redis.disconnect();
    await closeProducer();
    await disconnectDb();
  });

  it("retries a failed order: queued, version bumped, audited with reason, job in the queue", async () => {
    const order = await makeOrder({ tenant, status: "failed" });
    const done = await retryOrderNow(support, { orderId: order.id, expectedVersion: 0, reason: "upstream fixed" });
    expect(done).toMatchObject({ status: "queued", version: 1 });
    const row = await db().order.findUniqueOrThrow({ where: { id: order.id } });
    expect(row).toMatchObject({ status: "queued", version: 1 });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { orderId: order.id }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({
      actorType: "user",
      actorId: support.id,
      actorLabel: support.email,
      reason: "upstream fixed",
      action: "order.queued",
    });
    expect(audit.before).toMatchObject({ status: "failed" });
    expect(await queue.getJob(provisionJobId(order.id, 1))).toBeTruthy();
  });

  it("refuses to send an old failed change again once a newer one of the same service set the same thing", async () => {
    const s = await makeService({ tenant, kind: "qboxmail_domain" });
    const change = (set: Record<string, unknown>, status: "failed" | "succeeded", at: Date, password = false) =>
      makeOrder({
        tenant,
        kind: "qboxmail_domain",
        action: "change",
        serviceId: s.id,
        status,
        naturalKey: s.naturalKey,
        upstreamRef: s.upstreamRef,
        payload: { set, ...(password ? { password: true } : {}) } as never,
        createdAt: at,
      });
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
    const oldLimit = await change({ max_email_accounts: 10, antispam_level: 1 }, "failed", minutesAgo(60));
    const oldPassword = await change({}, "failed", minutesAgo(59), true);
    const oldFilter = await change({ allow_nets: ["10.0.0.0/8"] }, "failed", minutesAgo(58));
    const newer = await change({ max_email_accounts: 20 }, "succeeded", minutesAgo(30), true);
    const retry = (o: { id: string; version: number }) =>
      retryOrderNow(support, { orderId: o.id, expectedVersion: o.version, reason: "after the outage" });
    // Sent again, the read-back would find 20 and send 10; the old password would replace the new.
    await expect(retry(oldLimit)).rejects.toThrow(new RegExp(`newer order of this service \\(${newer.id}\\)`));
    await expect(retry(oldPassword)).rejects.toThrow(newer.id);
    for (const o of [oldLimit, oldPassword])
      expect(await db().order.findUniqueOrThrow({ where: { id: o.id } })).toMatchObject({ status: "failed" });
    // A change of something else is still sent again.
    await expect(retry(oldFilter)).resolves.toMatchObject({ status: "queued" });

    // Suspend and resume: a newer resume that succeeded makes an old suspend stale.
    const oldSuspend = await makeOrder({
      tenant,
      kind: "qboxmail_domain",
      action: "suspend",
      serviceId: s.id,
      status: "failed",
      naturalKey: s.naturalKey,
      upstreamRef: s.upstreamRef,
      payload: {},
      createdAt: minutesAgo(20),
    });
    const resume = await makeOrder({
      tenant,
      kind: "qboxmail_domain",
      action: "resume",
      serviceId: s.id,
      status: "succeeded",
      naturalKey: s.naturalKey,
      upstreamRef: s.upstreamRef,
      payload: {},
      createdAt: minutesAgo(10),
    });
    await expect(retry(oldSuspend)).rejects.toThrow(resume.id);
  });

  it("refuses a stale retry and names the order's current status", async () => {
    const order = await makeOrder({ tenant, status: "failed" });
    // Someone else moved it on since the page was rendered at version 0.
    await db().order.update({ where: { id: order.id }, data: { status: "queued", version: 1 } });
    await expect(
      retryOrderNow(support, { orderId: order.id, expectedVersion: 0, reason: "try again" }),
    ).rejects.toThrow("This order changed since you opened it (now: queued). Reload and try again.");
    expect(await db().auditEvent.count({ where: { orderId: order.id } })).toBe(0);
  });

  it("refuses to retry a change while another order of its service is open, naming that order", async () => {
    const service = await makeService({ tenant });
    const failed = await makeOrder({ tenant, status: "failed", action: "suspend", serviceId: service.id });
    const open = await makeOrder({ tenant, status: "queued", action: "change", serviceId: service.id });
    await expect(
      retryOrderNow(support, { orderId: failed.id, expectedVersion: 0, reason: "try again" }),
    ).rejects.toThrow(`Another order of this service is still open (order ${open.id})`);
    expect((await db().order.findUniqueOrThrow({ where: { id: failed.id } })).status).toBe("failed");
  });

  it("refuses to retry a failed create while the reseller's limit is used up by what was ordered since", async () => {
    const small = await makeTenant({ limits: { maxDomains: 1 } });
    const failed = await makeOrder({ tenant: small, status: "failed" });
    const since = await makeOrder({ tenant: small, status: "queued" });
    const retry = () => retryOrderNow(support, { orderId: failed.id, expectedVersion: 0, reason: "provider fixed" });
    await expect(retry()).rejects.toThrow("may have at most 1 domain;");
    const skipped = await bulkRetry(support, {
      items: [{ orderId: failed.id, expectedVersion: 0 }],
      reason: "provider fixed",
    });
    expect(skipped).toMatchObject({
      retried: [],
      skipped: [{ orderId: failed.id, why: expect.stringMatching(/at most 1/) }],
    });
    // A place freed: the retry goes through.
    await db().order.update({ where: { id: since.id }, data: { status: "cancelled" } });
    expect(await retry()).toMatchObject({ status: "queued" });
  });

  it("cancels a queued order, and refuses to cancel a succeeded one", async () => {
    const queued = await makeOrder({ tenant, status: "queued" });
    await cancelOrder(support, { orderId: queued.id, expectedVersion: 0, reason: "customer withdrew" });
    expect((await db().order.findUniqueOrThrow({ where: { id: queued.id } })).status).toBe("cancelled");
    const done = await makeOrder({ tenant, status: "succeeded" });
    await expect(cancelOrder(support, { orderId: done.id, expectedVersion: 0, reason: "no" })).rejects.toThrow(
      /succeeded cannot be cancelled/,
    );
  });

  it("marks an unknown order resolved by hand with the upstream reference, once upstream confirms it", async () => {
    const name = `r${randomUUID().slice(0, 8)}.example.com`;
    const mayExist = portalText("gaveUpMayExist", { attempts: 5 });
    const order = await makeOrder({ tenant, status: "unknown", naturalKey: name, lastError: mayExist });
    const created = await qboxClient().createDomain({
      name,
      postmaster_password: "Pw-12345678",
      postmaster_password_confirmation: "Pw-12345678",
    });
    if (created.kind !== "success") throw new Error(`setup: ${created.kind}`);
    await resolveOrderByHand(support, {
      orderId: order.id,
      expectedVersion: 0,
      reason: "found it in the panel",
      upstreamRef: created.ref,
    });
    // What went wrong is over, as after a success the worker writes: the reseller no longer reads
    // that support is checking it (the timeline keeps the story).
    expect(await db().order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: "succeeded",
      upstreamRef: created.ref,
      lastError: null,
    });
    expect((await getOrderSnapshot(tenant.reseller.id, order.id))?.lastError).toBeNull();
  });

  it("points a refused resolve to Retry, or for an unknown order (which Retry does not take) to its worker", async () => {
    const name = `r${randomUUID().slice(0, 8)}.example.com`;
    const resolve = (id: string) =>
      resolveOrderByHand(support, { orderId: id, expectedVersion: 0, reason: "checked", upstreamRef: "D1" });
    // Nothing of that name exists upstream.
    const failed = await makeOrder({ tenant, status: "failed", naturalKey: name });
    await expect(resolve(failed.id)).rejects.toThrow(/cannot be this order's resource\. Retry the order instead\.$/);
    const unknown = await makeOrder({ tenant, status: "unknown", naturalKey: `u${name}` });
    await expect(resolve(unknown.id)).rejects.toThrow(
      /cannot be this order's resource\. The worker reads it again on its next attempt and goes on from there\.$/,
    );
    expect((await db().order.findUniqueOrThrow({ where: { id: unknown.id } })).status).toBe("unknown");
  });

  it("refuses a stale resolve with the order's status now, before asking the provider", async () => {
    const name = `r${randomUUID().slice(0, 8)}.example.com`;
    const order = await makeOrder({ tenant, status: "unknown", naturalKey: name });
    await db().order.update({ where: { id: order.id }, data: { status: "failed", version: 1 } });
    // Nothing of that name exists upstream: a check would have said so instead.
    await expect(
      resolveOrderByHand(support, { orderId: order.id, expectedVersion: 0, reason: "found it", upstreamRef: "D1" }),
    ).rejects.toThrow("This order changed since you opened it (now: failed). Reload and try again.");
  });

  /** A held change of a Qboxmail domain service, its name and reference: what "mark resolved" reads back. */
  async function heldChange(prefix: string) {
    const name = `${prefix}${randomUUID().slice(0, 8)}.example.com`;
    const ref = `D${String(Date.now()).slice(-9)}`;
    const service = await makeService({ tenant, naturalKey: name, upstreamRef: ref });
    const order = await makeOrder({
      tenant,
      status: "held",
      action: "change",
      serviceId: service.id,
      naturalKey: name,
      upstreamRef: ref,
      payload: { set: { max_email_accounts: 5 } },
    });
    return { name, ref, order };
  }

  it("says to fix the credentials when the provider refuses them during the check, not to try again", async () => {
    const { ref, order } = await heldChange("r");
    // The read-back of the service's domain is refused as a revoked token would be.
    const refused = { message: "Unauthorized", errors: [] };
    await qboxFault({
      method: "GET",
      path: `/api/domains/${ref}`,
      count: 1,
      action: "status",
      status: 401,
      body: refused,
    });
    await expect(
      resolveOrderByHand(support, { orderId: order.id, expectedVersion: 0, reason: "checked", upstreamRef: ref }),
    ).rejects.toThrow(/refused the portal's credentials .*Have the provider credentials fixed/);
    expect((await db().order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("held");
  });

  it("says a check the provider refuses (403) will not pass by trying again, on resolve and on cancel", async () => {
    const { name, ref, order: change } = await heldChange("f");
    // Qboxmail's 403: the account lacks a right (its plan, billing or state), not a passing fault.
    const forbidden = { message: "Forbidden", errors: [] };
    await qboxFault({
      method: "GET",
      path: `/api/domains/${ref}`,
      count: 1,
      action: "status",
      status: 403,
      body: forbidden,
    });
    const notAgain = /refused the portal's check .*Trying again will not change that/;
    await expect(
      resolveOrderByHand(support, { orderId: change.id, expectedVersion: 0, reason: "checked", upstreamRef: ref }),
    ).rejects.toThrow(notAgain);
    const create = await makeOrder({ tenant, status: "held", naturalKey: `g${name}` });
    await db().order.update({ where: { id: create.id }, data: { createSent: true } });
    await qboxFault({ method: "GET", path: "/api/domains", count: 1, action: "status", status: 403, body: forbidden });
    await expect(
      cancelOrder(support, { orderId: create.id, expectedVersion: 0, reason: "customer withdrew" }),
    ).rejects.toThrow(notAgain);
    await clearQboxFaults();
    for (const id of [change.id, create.id])
      expect(await db().order.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "held", version: 0 });
  });

  it("marks a held change or delete resolved only once reading the service's resource shows it done", async () => {
    const name = `r${randomUUID().slice(0, 8)}.example.com`;
    const created = await qboxClient().createDomain({
      name,
      postmaster_password: "Pw-12345678",
      postmaster_password_confirmation: "Pw-12345678",
    });
    if (created.kind !== "success") throw new Error(`setup: ${created.kind}`);
    const service = await makeService({ tenant, naturalKey: name, upstreamRef: created.ref });
    const held = (action: "change" | "delete", payload: OrderInput["payload"]) =>
      makeOrder({
        tenant,
        status: "held",
        action,
        serviceId: service.id,
        naturalKey: name,
        upstreamRef: created.ref,
        payload,
      });
    const resolve = (orderId: string, upstreamRef: string) =>
      resolveOrderByHand(support, { orderId, expectedVersion: 0, reason: "checked in the panel", upstreamRef });

    const change = await held("change", { set: { max_email_accounts: 25 } });
    await expect(resolve(change.id, "D000000001")).rejects.toThrow(`whose reference is ${created.ref}`);
    await expect(resolve(change.id, created.ref)).rejects.toThrow(/does not show this change yet/);
    const updated = await qboxClient().updateDomain(created.ref, { max_email_accounts: 25 });
    expect(updated.kind).toBe("success");
    await resolve(change.id, created.ref);
    expect((await db().order.findUniqueOrThrow({ where: { id: change.id } })).status).toBe("succeeded");

    const del = await held("delete", { purge: false });
    await expect(resolve(del.id, created.ref)).rejects.toThrow(/still exists at the provider/);
    expect((await db().order.findUniqueOrThrow({ where: { id: del.id } })).status).toBe("held");
    expect((await qboxClient().deleteDomain(created.ref)).kind).toBe("success");
    await resolve(del.id, created.ref);
    // The order's success ends the service, as the worker's would.
    expect((await db().service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe("deleted");
  });

  it("bulk retry goes on past an order whose step fails, and says which one was not retried", async () => {
    const stuck = await makeTenant();
    const before = await makeOrder({ tenant, status: "failed" });
    const locked = await makeOrder({ tenant: stuck, status: "failed" });
    const after = await makeOrder({ tenant, status: "failed" });
    // Another session holds the stuck reseller's limit lock, which a failed create sent again takes
    // (reopening-guard.ts), for longer than a transaction may last (5 s): the step's transaction
    // has expired by the time the lock is let go.
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    const key = `order-limit:${stuck.reseller.id}:max_domains`;
    try {
      await holder.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [key]);
      const letGo = setTimeout(
        () => void holder.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [key]),
        6_500,
      );
      const result = await bulkRetry(support, {
        reason: "provider outage over",
        items: [before, locked, after].map((o) => ({ orderId: o.id, expectedVersion: 0 })),
      });
      expect(result.retried.sort()).toEqual([before.id, after.id].sort());
      expect(result.skipped).toEqual([
        { orderId: locked.id, label: locked.displayName, why: expect.stringContaining("not retried") },
      ]);
      clearTimeout(letGo);
    } finally {
      await holder.end();
    }
    expect((await db().order.findUniqueOrThrow({ where: { id: locked.id } })).status).toBe("failed");
  }, 30_000);

  it("bulk retry retries only the failed and held orders whose version still matches", async () => {
    const a = await makeOrder({ tenant, status: "failed" });
    // Held for a person (refused credentials, since fixed): the runbooks' bulk retry takes it too.
    const b = await makeOrder({ tenant, status: "held" });
    const moved = await makeOrder({ tenant, status: "failed" });
    await db().order.update({ where: { id: moved.id }, data: { version: 3 } });
    const ok = await makeOrder({ tenant, status: "succeeded" });
    const result = await bulkRetry(support, {
      reason: "provider outage over",
      items: [a, b, moved, ok].map((o) => ({ orderId: o.id, expectedVersion: 0 })),
    });
    expect(result.retried.sort()).toEqual([a.id, b.id].sort());
    expect(result.skipped).toEqual([
      { orderId: moved.id, label: moved.displayName, why: "changed since you opened it (now: failed)" },
      {
        orderId: ok.id,
        label: ok.displayName,
        why: "is succeeded, which cannot be retried (only failed, held or retrying orders can)",
      },
    ]);
    const statuses = await db().order.findMany({
      where: { id: { in: [a.id, b.id, moved.id, ok.id] } },
      select: { id: true, status: true },
    });
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({
      [a.id]: "queued",
      [b.id]: "queued",
      [moved.id]: "failed",
      [ok.id]: "succeeded",
    });
    expect(await queue.getJob(provisionJobId(a.id, 1))).toBeTruthy();
    expect(await queue.getJob(provisionJobId(moved.id, 4))).toBeFalsy();
  });

  const clearQboxFaults = () => fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}/__sim/faults`, { method: "DELETE" });
  const qboxDomain = async (name: string) => {
    const created = await qboxClient().createDomain({
      name,
      postmaster_password: "Pw-12345678",
      postmaster_password_confirmation: "Pw-12345678",
    });
    if (created.kind !== "success") throw new Error(`setup: ${created.kind}`);
    return created.ref;
  };

  it("cancels a held create whose request may have reached the provider only once nothing of it is there", async () => {
    const name = `c${randomUUID().slice(0, 8)}.example.com`;
    const order = await makeOrder({ tenant, status: "held", naturalKey: name });
    await db().order.update({ where: { id: order.id }, data: { createSent: true } });
    const ref = await qboxDomain(name);
    const cancel = () => cancelOrder(support, { orderId: order.id, expectedVersion: 0, reason: "customer withdrew" });
    await expect(cancel()).rejects.toThrow(
      `${name} exists upstream as ${ref}, and cancelling would leave it there without an owner: mark the order resolved with ${ref}, or delete it at the provider, then cancel.`,
    );
    // The provider cannot be read: refused too, saying so.
    await qboxFault({ method: "GET", path: "/api/domains", action: "status", status: 500, count: 5 });
    await expect(cancel()).rejects.toThrow(/could not be read to check whether this order took effect there/);
    await clearQboxFaults();
    expect(await db().order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: "held",
      version: 0,
    });
    expect(await db().auditEvent.count({ where: { orderId: order.id } })).toBe(0);
    // Deleted at the provider: now it may go.
    expect((await qboxClient().deleteDomain(ref)).kind).toBe("success");
    await cancel();
    expect((await db().order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("cancelled");
  });

  it("a queued (retried) create found upstream is not cancelled, and the refusal says to wait for its next attempt", async () => {
    const name = `c${randomUUID().slice(0, 8)}.example.com`;
    const order = await makeOrder({ tenant, status: "queued", naturalKey: name });
    await db().order.update({ where: { id: order.id }, data: { createSent: true } });
    const ref = await qboxDomain(name);
    // "Mark resolved" is not offered on a queued order: the refusal must not stop at that advice.
    await expect(
      cancelOrder(support, { orderId: order.id, expectedVersion: 0, reason: "customer withdrew" }),
    ).rejects.toThrow(
      `${name} exists upstream as ${ref}, and cancelling would leave it there without an owner: mark the order resolved with ${ref}, or delete it at the provider, then cancel. The order is queued now, so it cannot be marked resolved yet: its next attempt reads the provider first and takes over what it finds there.`,
    );
    expect((await db().order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("queued");
    expect((await qboxClient().deleteDomain(ref)).kind).toBe("success");
  });

  it("reads the provider before cancelling a held create whose create call succeeded", async () => {
    // Held after its own create succeeded (another order claimed the reference since): no
    // createSent flag, but a create attempt that succeeded.
    const name = `c${randomUUID().slice(0, 8)}.example.com`;
    const order = await makeOrder({ tenant, status: "held", naturalKey: name });
    await db().attempt.create({
      data: { orderId: order.id, number: 1, kind: "create", workerId: "test", outcome: "succeeded" },
    });
    const ref = await qboxDomain(name);
    await expect(
      cancelOrder(support, { orderId: order.id, expectedVersion: 0, reason: "customer withdrew" }),
    ).rejects.toThrow(`exists upstream as ${ref}`);
    expect((await qboxClient().deleteDomain(ref)).kind).toBe("success");
  });

  it("cancels a held create whose name upstream is not its own resource, and reads a retried one too", async () => {
    // Sent, but the domain of that name is someone else's (another company): not this order's.
    const name = `c${randomUUID().slice(0, 8)}.example.com`;
    const order = await makeOrder({ tenant, status: "held", naturalKey: name, payload: { name, company: "Ours srl" } });
    await db().order.update({ where: { id: order.id }, data: { createSent: true } });
    const theirs = await qboxClient().createDomain({
      name,
      postmaster_password: "Pw-12345678",
      postmaster_password_confirmation: "Pw-12345678",
      company: "Theirs srl",
    });
    if (theirs.kind !== "success") throw new Error(`setup: ${theirs.kind}`);
    await cancelOrder(support, { orderId: order.id, expectedVersion: 0, reason: "the name is taken" });
    expect((await db().order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("cancelled");

    // Retried by support (queued again) while what it created is there: still read, still refused.
    const own = `c${randomUUID().slice(0, 8)}.example.com`;
    const retried = await makeOrder({ tenant, status: "queued", naturalKey: own });
    await db().order.update({ where: { id: retried.id }, data: { createSent: true } });
    const ref = await qboxDomain(own);
    await expect(
      cancelOrder(support, { orderId: retried.id, expectedVersion: 0, reason: "customer withdrew" }),
    ).rejects.toThrow(`${own} exists upstream as ${ref}`);
    expect((await qboxClient().deleteDomain(ref)).kind).toBe("success");
  });

  it("cancels a held create that never reached the provider without reading it", async () => {
    const order = await makeOrder({ tenant, status: "held" });
    // Any read would fail: none is made.
    await qboxFault({ method: "GET", path: "/api/domains", action: "status", status: 500, count: 5 });
    try {
      await cancelOrder(support, { orderId: order.id, expectedVersion: 0, reason: "credentials were wrong" });
    } finally {
      await clearQboxFaults();
    }
    expect((await db().order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("cancelled");
  });

  it("cancels a held change or delete only when reading the service shows it did not take", async () => {
    const name = `c${randomUUID().slice(0, 8)}.example.com`;
    const ref = await qboxDomain(name);
    const service = await makeService({ tenant, naturalKey: name, upstreamRef: ref });
    // Each held after its call's answer was lost (or as `attempt` says): it may have applied.
    const held = async (
      action: "change" | "delete",
      payload: OrderInput["payload"],
      attempt: { outcome: "unknown" | "auth"; httpStatus?: number } = { outcome: "unknown" },
    ) => {
      const o = await makeOrder({
        tenant,
        status: "held",
        action,
        serviceId: service.id,
        naturalKey: name,
        upstreamRef: ref,
        payload,
      });
      await db().attempt.create({ data: { orderId: o.id, number: 1, kind: "change", workerId: "test", ...attempt } });
      return o;
    };
    const cancel = (orderId: string) =>
      cancelOrder(support, { orderId, expectedVersion: 0, reason: "reseller changed their mind" });
    const statusOf = async (orderId: string) => (await db().order.findUniqueOrThrow({ where: { id: orderId } })).status;
    // Only one open change per service: a refused one is set aside by hand before the next.
    const setAside = (orderId: string) => db().order.update({ where: { id: orderId }, data: { status: "cancelled" } });

    // Applied at the provider: refused, the order stays held.
    const applied = await held("change", { set: { max_email_accounts: 31 } });
    expect((await qboxClient().updateDomain(ref, { max_email_accounts: 31 })).kind).toBe("success");
    await expect(cancel(applied.id)).rejects.toThrow(
      `The provider's ${name} (${ref}) shows this change applied, and cancelling would leave the service saying otherwise: mark the order resolved with ${ref}, or undo the change at the provider, then cancel.`,
    );
    expect(await statusOf(applied.id)).toBe("held");
    await setAside(applied.id);

    // Not applied: cancelled.
    const notApplied = await held("change", { set: { max_email_accounts: 44 } });
    await cancel(notApplied.id);
    expect(await statusOf(notApplied.id)).toBe("cancelled");

    // Held after its call itself was answered with a redirect (auth): the worker marked it as
    // maybe applied, so the provider is read first, as after a lost answer.
    const redirected = await held("change", { set: { max_email_accounts: 52 } }, { outcome: "auth", httpStatus: 303 });
    await db().order.update({ where: { id: redirected.id }, data: { createSent: true } });
    expect((await qboxClient().updateDomain(ref, { max_email_accounts: 52 })).kind).toBe("success");
    await expect(cancel(redirected.id)).rejects.toThrow(/shows this change applied/);
    expect(await statusOf(redirected.id)).toBe("held");
    await setAside(redirected.id);

    // Under way at the provider (Updating, the old values still showing): refused while the
    // worker would still wait for it (30 minutes from its first send), cancelled after that.
    const underWay = await held("change", { set: { max_email_accounts: 61 } });
    const showStatus = (status: string) =>
      fetch(`${process.env.SIM_QBOXMAIL_ORIGIN}/__sim/qboxmail/domain-status`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ code: ref, status }),
      });
    const settled = await qboxClient().getDomain(ref);
    await showStatus("updating");
    try {
      await expect(cancel(underWay.id)).rejects.toThrow(
        `The provider shows ${name} (${ref}) with the status updating: it may be applying this change now, so the order cannot be cancelled yet. Try again once the provider shows a settled status, or in 30 minutes`,
      );
      expect(await statusOf(underWay.id)).toBe("held");
      await db()
        .$executeRaw`UPDATE attempt SET started_at = started_at - interval '31 minutes' WHERE order_id = ${underWay.id}::uuid`;
      await cancel(underWay.id);
      expect(await statusOf(underWay.id)).toBe("cancelled");
    } finally {
      await showStatus(settled.kind === "found" ? String(settled.data.status) : "enabled");
    }

    // A new password alone cannot be read back: refused, saying what to do.
    const password = await held("change", { password: true });
    await expect(cancel(password.id)).rejects.toThrow(/A new password cannot be read back at the provider/);
    await setAside(password.id);

    // A delete while the domain is still there: cancelled; once it is gone: refused.
    const kept = await held("delete", { purge: false });
    await cancel(kept.id);
    expect(await statusOf(kept.id)).toBe("cancelled");
    const gone = await held("delete", { purge: false });
    expect((await qboxClient().deleteDomain(ref)).kind).toBe("success");
    await expect(cancel(gone.id)).rejects.toThrow(
      `${name} (${ref}) no longer exists at the provider: the deletion took, so it cannot be cancelled. Mark the order resolved with ${ref} instead.`,
    );
    expect(await statusOf(gone.id)).toBe("held");
    await setAside(gone.id);

    // Held because its only call was refused on credentials: it reached nothing, so it is
    // cancelled without a read (which, with the credentials still wrong, could not tell).
    const refused = await makeOrder({
      tenant,
      status: "held",
      action: "change",
      serviceId: service.id,
      naturalKey: name,
      upstreamRef: ref,
      payload: { set: { max_email_accounts: 12 } },
    });
    await db().attempt.create({
      data: { orderId: refused.id, number: 1, kind: "change", workerId: "test", outcome: "auth" },
    });
    await qboxFault({ method: "GET", path: `/api/domains/${ref}`, action: "status", status: 401, count: 5 });
    try {
      await cancel(refused.id);
    } finally {
      await clearQboxFaults();
    }
    expect(await statusOf(refused.id)).toBe("cancelled");
  });

  it("does not cancel a purge whose domain is still there until the slow purge's window since its last send has passed", async () => {
    const name = `p${randomUUID().slice(0, 8)}.example.com`;
    const made = await grommunioApi("POST", "/system/domains", { domainname: name, maxUser: 5 });
    expect(made.status).toBe(201);
    const ref = String(((await made.json()) as { ID: number }).ID);
    const service = await makeService({ tenant, kind: "grommunio_domain", naturalKey: name, upstreamRef: ref });
    const purge = await makeOrder({
      tenant,
      kind: "grommunio_domain",
      status: "held",
      action: "delete",
      serviceId: service.id,
      naturalKey: name,
      upstreamRef: ref,
      payload: { purge: true },
    });
    // Sent four minutes ago and its answer lost: grommunio may still be purging (a purge with its
    // files can outlast the timeout), and the worker would read it again rather than send it.
    const sent = await db().attempt.create({
      data: {
        orderId: purge.id,
        number: 1,
        kind: "change",
        workerId: "test",
        outcome: "unknown",
        startedAt: new Date(Date.now() - 4 * 60_000),
      },
    });
    const cancel = () => cancelOrder(support, { orderId: purge.id, expectedVersion: 0, reason: "reseller keeps it" });
    await expect(cancel()).rejects.toThrow(
      `grommunio may still be purging ${name} (${ref}): a purge whose answer was lost can take longer than the wait for its answer and still complete, so it cannot be cancelled until 10 minutes after it was last sent, in 6 minutes. Cancel it then if grommunio still has the domain; once grommunio no longer has it, mark the order resolved with ${ref}.`,
    );
    expect((await db().order.findUniqueOrThrow({ where: { id: purge.id } })).status).toBe("held");
    // Past the window, with the domain still there: the purge did not take, and it is cancelled.
    await db().attempt.update({ where: { id: sent.id }, data: { startedAt: new Date(Date.now() - 11 * 60_000) } });
    await cancel();
    expect((await db().order.findUniqueOrThrow({ where: { id: purge.id } })).status).toBe("cancelled");
  });

  it("lists the domain orders waiting for a server order, which its cancel takes with it", async () => {
    const server = await makeOrder({ tenant, status: "queued", kind: "grommunio_server" });
    const waiting = [];
    for (let i = 0; i < 2; i++) {
      const d = await makeOrder({ tenant, status: "pending", kind: "grommunio_domain" });
      await db().order.update({ where: { id: d.id }, data: { dependsOnOrderId: server.id } });
      waiting.push(d);
    }
    const movedOn = await makeOrder({ tenant, status: "queued", kind: "grommunio_domain" });
    await db().order.update({ where: { id: movedOn.id }, data: { dependsOnOrderId: server.id } });
    const listed = await waitingDependents(support, server.id);
    expect(listed.rows.map((d) => d.id).sort()).toEqual(waiting.map((d) => d.id).sort());
    expect(listed.total).toBe(2);
    const first = listed.rows[0]!;
    expect(first).toMatchObject({ displayName: waiting.find((w) => w.id === first.id)!.displayName });
    // Past the list's length the count still covers them all (the cancel's confirmation says it).
    const cut = await waitingDependents(support, server.id, 1);
    expect(cut.rows).toHaveLength(1);
    expect(cut.total).toBe(2);
    await expect(waitingDependents({ id: tenant.user.id, role: tenant.user.role }, server.id)).rejects.toThrow(
      /NEXT_HTTP_ERROR_FALLBACK;404/,
    );
  });

  it("gives a reseller user not-found on every action and changes nothing", async () => {
    const order = await makeOrder({ tenant, status: "failed" });
    const reseller = { id: tenant.user.id, role: tenant.user.role };
    const input = { orderId: order.id, expectedVersion: 0, reason: "sneaky" };
    const notFound = /NEXT_HTTP_ERROR_FALLBACK;404/;
    await expect(retryOrderNow(reseller, input)).rejects.toThrow(notFound);
    await expect(cancelOrder(reseller, input)).rejects.toThrow(notFound);
    await expect(resolveOrderByHand(reseller, { ...input, upstreamRef: "x" })).rejects.toThrow(notFound);
    await expect(
      bulkRetry(reseller, { reason: "x", items: [{ orderId: order.id, expectedVersion: 0 }] }),
    ).rejects.toThrow(notFound);
    expect((await db().order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("failed");
  });
});
