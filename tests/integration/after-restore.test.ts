// After a restore from a backup (docs/operations.md "Restore a backup"): a create the backup shows
// as queued and never sent may have gone through at the provider after the backup was taken.
// Sent again as a first create, the provider answers that the name exists and the order fails as
// someone else's name; marked by `npm run restore:look-up-first` (lib/orders/after-restore.ts), it
// is looked up first and adopts its own resource.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { lookUpFirstAfterRestore, openOrdersAfterRestore } from "@/lib/orders/after-restore";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { cancelOrder as cancelBySupport } from "@/lib/support/order-actions";
import { killAllWorkers } from "../../scripts/lib/worker-process";
import { makeOrder, makeTenant, makeUser } from "../factories";
import {
  forms,
  isFinal,
  ledgerFor,
  pipelineFileHooks,
  place,
  startWorker,
  uniq,
  waitForOrder,
} from "./pipeline-fixtures";
import { domainBody, qboxClient, qboxCreatedAt } from "./qboxmail-sim";

pipelineFileHooks();

/** A queued domain order, never sent, whose resource exists at Qboxmail as the order asked for it. */
async function queuedOrderWhoseCreateWentThrough() {
  const t = await makeTenant();
  const name = `restored${uniq()}.example.com`;
  const form = forms.qboxmail_domain(name);
  const placed = await place(t, "qboxmail_domain", form);
  if (!placed.ok) throw new Error(JSON.stringify(placed));
  const created = await qboxClient().createDomain(
    domainBody(name, {
      postmaster_password: form.postmaster_password,
      postmaster_password_confirmation: form.postmaster_password,
      plan: "professional",
      company: "ACME",
    }),
  );
  if (created.kind !== "success") throw new Error(JSON.stringify(created));
  return { t, name, orderId: placed.orderId, ref: created.ref };
}

describe("a create the backup left queued, whose resource was made after the backup", () => {
  it("fails as someone else's name when sent again as it is", async () => {
    const { orderId } = await queuedOrderWhoseCreateWentThrough();
    await startWorker({});
    const order = await waitForOrder(orderId, isFinal);
    expect(order.status).toBe("failed");
    await killAllWorkers(); // the next test's order waits for its step before any worker runs
  });

  it("is looked up first once marked, and adopts its own resource: succeeded, nothing created twice", async () => {
    const { t, name, orderId, ref } = await queuedOrderWhoseCreateWentThrough();
    // What the step leaves alone: a change open in the backup, and a create already sent.
    const change = await makeOrder({ tenant: t, status: "queued", action: "change" });
    const sent = await makeOrder({ tenant: t, status: "retrying" });
    await db().order.update({ where: { id: sent.id }, data: { createSent: true } });
    const before = await db().order.findUniqueOrThrow({ where: { id: orderId } });

    expect(await openOrdersAfterRestore()).toEqual(
      expect.arrayContaining([
        { action: "create", status: "queued", count: expect.any(Number) },
        { action: "change", status: "queued", count: expect.any(Number) },
      ]),
    );
    expect(await lookUpFirstAfterRestore("test restore")).toBeGreaterThanOrEqual(1);
    const marked = await db().order.findUniqueOrThrow({ where: { id: orderId } });
    expect(marked).toMatchObject({ status: "queued", createSent: true, version: before.version + 1 });
    expect(
      await db().auditEvent.findMany({
        where: { orderId, action: "order.look_up_first" },
        select: { actorType: true, actorLabel: true, before: true, after: true },
      }),
    ).toEqual([
      {
        actorType: "system",
        actorLabel: "test restore",
        before: { status: "queued", version: before.version, createSent: false },
        after: { status: "queued", version: before.version + 1, createSent: true },
      },
    ]);
    expect(await db().order.findUniqueOrThrow({ where: { id: change.id } })).toMatchObject({
      createSent: false,
      version: change.version,
    });
    expect((await db().order.findUniqueOrThrow({ where: { id: sent.id } })).version).toBe(sent.version);
    // Possibly created at the provider now: no longer the reseller's to cancel, which would leave
    // the resource unowned.
    expect(await cancelOrder(t.user, orderId, "")).toMatchObject({ ok: false, refusal: "notCancellable" });

    await startWorker({});
    const order = await waitForOrder(orderId, isFinal);
    expect(order).toMatchObject({ status: "succeeded", upstreamRef: ref });
    expect(await db().service.findUniqueOrThrow({ where: { createOrderId: orderId } })).toMatchObject({
      upstreamRef: ref,
      status: "active",
    });
    const ledger = await ledgerFor("qboxmail", name);
    expect(ledger.created).toHaveLength(1);
    expect(ledger.duplicates).toHaveLength(0);
    // Nothing open is left to mark: a second run marks none.
    expect(await lookUpFirstAfterRestore("test restore")).toBe(0);
  });

  it("adopts it when the provider dates it after the order was placed, however long before the lookup", async () => {
    await killAllWorkers();
    const { orderId, ref } = await queuedOrderWhoseCreateWentThrough();
    // Placed at 01:50, created at the provider at 03:00, restored at 15:00: the order's first
    // attempt on record is the lookup, long after the resource was made.
    await db().order.update({ where: { id: orderId }, data: { createdAt: new Date(Date.now() - 13 * 3_600_000) } });
    await qboxCreatedAt(ref, new Date(Date.now() - 12 * 3_600_000));
    await lookUpFirstAfterRestore("test restore");
    await startWorker({});
    expect(await waitForOrder(orderId, isFinal)).toMatchObject({ status: "succeeded", upstreamRef: ref });
  });

  it("holds it for support when the provider dates it before the order was placed: someone else's", async () => {
    await killAllWorkers();
    const { orderId, ref } = await queuedOrderWhoseCreateWentThrough();
    await qboxCreatedAt(ref, new Date(Date.now() - 12 * 3_600_000));
    await lookUpFirstAfterRestore("test restore");
    await startWorker({});
    expect(await waitForOrder(orderId, isFinal)).toMatchObject({ status: "held" });
    expect(await db().service.count({ where: { upstreamRef: ref, status: "active" } })).toBe(0);
  });

  it("is checked at the provider before support cancels it, when pending too", async () => {
    await killAllWorkers();
    const { orderId, ref } = await queuedOrderWhoseCreateWentThrough();
    // A domain order the backup held waiting for its server order, say.
    await db().order.update({ where: { id: orderId }, data: { status: "pending" } });
    await lookUpFirstAfterRestore("test restore");
    const marked = await db().order.findUniqueOrThrow({ where: { id: orderId } });
    const support = await makeUser("support");
    await expect(cancelBySupport(support, { orderId, expectedVersion: marked.version, reason: "" })).rejects.toThrow(
      new RegExp(`exists upstream as ${ref}`),
    );
    expect((await db().order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("pending");
  });

  it("runs as `npm run restore:look-up-first`, printing what is open, and refuses while a worker runs", async () => {
    await killAllWorkers();
    await db().workerHeartbeat.deleteMany({});
    const run = () =>
      spawnSync(process.execPath, ["--import", "tsx", "scripts/after-restore.ts"], {
        env: process.env,
        encoding: "utf8",
      });
    const ran = run();
    expect(ran.status).toBe(0);
    expect(ran.stdout).toMatch(/create order\(s\) marked to be looked up at the provider before any create/);
    await startWorker({});
    const refused = run();
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/worker\(s\) are running on this database/);
  });
});
