import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { closeProducer } from "@/lib/jobs/enqueue-order";
import { PROVISION_QUEUES, provisionJobId } from "@/lib/jobs/provision-job";
import { bulkRetry } from "@/lib/support/bulk-retry";
import { cancelOrder, retryOrderNow } from "@/lib/support/order-actions";
import { resolveOrderByHand } from "@/lib/support/resolve-order";
import { makeOrder, makeService, makeTenant, makeUser, type OrderInput } from "../factories";
import { qboxClient } from "./qboxmail-sim";

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

  it("refuses a stale retry and names the order's current status", async () => {
    const order = await makeOrder({ tenant, status: "failed" });
    // Someone else moved it on since the page was rendered at version 0.
    await db().order.update({ where: { id: order.id }, data: { status: "queued", version: 1 } });
    await expect(
      retryOrderNow(support, { orderId: order.id, expectedVersion: 0, reason: "try again" }),
    ).rejects.toThrow("This order changed since you opened it (now: queued). Reload and try again.");
    expect(await db().auditEvent.count({ where: { orderId: order.id } })).toBe(0);
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
    const order = await makeOrder({ tenant, status: "unknown", naturalKey: name });
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
    expect(await db().order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: "succeeded",
      upstreamRef: created.ref,
    });
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
        why: "is succeeded, which cannot be retried (only failed or held orders can)",
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
