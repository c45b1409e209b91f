// The server-delete rule for Qboxmail (docs/lifecycle.md "Deleting a grommunio server"): a domain
// delete must not overtake a manager order naming the domain (the manager's create or change would
// then name a domain Qboxmail no longer has), and a manager cannot be given a domain being deleted.
// Both refusals through placing, and two placements racing: exactly one accepted. A manager whose
// domain's delete succeeds between its early check and its locked one is refused as well.

import { randomUUID } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { OrderStatus } from "@/lib/generated/prisma/enums";
import { transition } from "@/lib/orders/state-machine";
import { placeChange } from "@/lib/services/place-change";
import { retryOrderNow } from "@/lib/support/order-actions";
import { makeOrder, makeService, makeUser, type Tenant } from "../factories";
import { untilWaitingBehind } from "../support/lock-waits";
import { forms, makeTenant, pipelineFileHooks, place } from "./pipeline-fixtures";
import { domainBody, managerBody, qboxClient } from "./qboxmail-sim";

pipelineFileHooks();

const domainOf = (t: Tenant) => makeService({ tenant: t, naturalKey: `qd-${randomUUID().slice(0, 8)}.example.com` });
const deleteDomain = (t: Tenant, d: { id: string; naturalKey: string }) =>
  placeChange(t.user, {
    serviceId: d.id,
    action: "delete",
    idempotencyKey: `del-${randomUUID()}`,
    confirmName: d.naturalKey,
  });
const managerFor = (t: Tenant, codes: string[]) =>
  place(t, "qboxmail_manager", forms.qboxmail_manager(undefined, undefined, codes));
const setStatus = (id: string, status: OrderStatus) => db().order.update({ where: { id }, data: { status } });
const unknownCodes = (codes: string) => `Choose only your provisioned Qboxmail domains (unknown: ${codes})`;

/**
 * Runs `meanwhile` while every domain lock of lib/orders/domain-retirement.ts (its 64 buckets) is
 * held by another session, once `start`'s placement waits for one: the placement has passed its
 * early check of the domains and not yet its locked one.
 */
async function whilePlacementWaitsForDomainLock<T>(
  start: () => Promise<T>,
  meanwhile: () => Promise<void>,
): Promise<T> {
  const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await holder.connect();
  let placing: Promise<T> | undefined;
  try {
    await holder.query("BEGIN");
    await holder.query(
      "SELECT count(pg_advisory_xact_lock(hashtextextended('qboxmail-domain-bucket:' || b, 0))) FROM generate_series(0, 63) b",
    );
    const { rows } = await holder.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    placing = start();
    expect(await untilWaitingBehind(rows[0]!.pid)).toBe("waiting");
    await meanwhile();
  } finally {
    await holder.query("COMMIT");
    await holder.end();
  }
  return placing;
}

/** The worker's steps of a delete that succeeds: the domain's service ends with the last one. */
async function deleteSucceeds(orderId: string): Promise<void> {
  const actor = { type: "worker", id: "domain-delete-test" } as const;
  const { version } = await db().order.findUniqueOrThrow({ where: { id: orderId } });
  const next = await transition(db(), { orderId, from: "queued", to: "provisioning", expectedVersion: version, actor });
  await transition(db(), { orderId, from: "provisioning", to: "succeeded", expectedVersion: next, actor });
}

describe("a Qboxmail domain delete and manager orders naming the domain", () => {
  it("refuses the delete while a manager order names the domain, and a manager on a domain being deleted", async () => {
    const t = await makeTenant();
    const d = await domainOf(t);
    const m = await managerFor(t, [d.upstreamRef]);
    if (!m.ok) throw new Error(JSON.stringify(m));

    expect(await deleteDomain(t, d)).toEqual({
      ok: false,
      fieldErrors: {},
      refusal: "blockedByOpenOrders",
      formError: `Domain ${d.displayName} is named by 1 manager order still open (${m.orderId}): wait for it to finish or cancel it, then delete the domain.`,
    });
    expect(await db().order.count({ where: { serviceId: d.id } })).toBe(0);

    await setStatus(m.orderId, "succeeded");
    const del = await deleteDomain(t, d);
    if (!del.ok) throw new Error(JSON.stringify(del));
    const other = await domainOf(t);
    expect(await managerFor(t, [other.upstreamRef, d.upstreamRef])).toEqual({
      ok: false,
      fieldErrors: {
        domain_codes: [
          `Domains being deleted cannot be given to a manager: ${d.upstreamRef} (delete orders ${del.orderId}). Choose other domains.`,
        ],
      },
      formError: undefined,
    });
    // A change of a manager giving it that domain: refused likewise.
    const manager = await makeService({
      tenant: t,
      kind: "qboxmail_manager",
      upstreamRef: `MN${String(Date.now()).slice(-8)}`,
    });
    // Read at Qboxmail holding no domain: its list can be changed (docs/upstream/qboxmail-lifecycle.md
    // "A manager's domains").
    await db().service.update({
      where: { id: manager.id },
      data: { settings: { domain_codes: [] }, readAt: new Date() },
    });
    const change = await placeChange(t.user, {
      serviceId: manager.id,
      action: "change",
      idempotencyKey: `chg-${randomUUID()}`,
      form: { domain_codes: [d.upstreamRef] },
    });
    expect(change).toMatchObject({
      ok: false,
      fieldErrors: { domain_codes: [expect.stringContaining(`${d.upstreamRef} (delete orders ${del.orderId})`)] },
    });
    expect(await managerFor(t, [other.upstreamRef])).toMatchObject({ ok: true });

    // Support sending the failed delete again while a manager order names the domain: refused.
    await setStatus(del.orderId, "failed");
    const again = await managerFor(t, [d.upstreamRef]);
    if (!again.ok) throw new Error(JSON.stringify(again));
    const support = await makeUser("support");
    const version = (await db().order.findUniqueOrThrow({ where: { id: del.orderId } })).version;
    await expect(
      retryOrderNow(support, { orderId: del.orderId, expectedVersion: version, reason: "again" }),
    ).rejects.toThrow(`Domain ${d.displayName} is named by 1 manager order still open (${again.orderId})`);
  });

  it("refuses a manager naming a domain whose delete succeeded after the early check, in that check's words", async () => {
    const t = await makeTenant();
    const d = await domainOf(t);
    const del = await deleteDomain(t, d);
    if (!del.ok) throw new Error(JSON.stringify(del));
    // The delete is in its read-back when the manager's form is sent: the domain is still live for
    // the early check, and the delete succeeds before the manager's locked check runs.
    const placed = await whilePlacementWaitsForDomainLock(
      () => managerFor(t, [d.upstreamRef]),
      () => deleteSucceeds(del.orderId),
    );
    expect(await db().service.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({ status: "deleted" });
    const refusal = { ok: false, fieldErrors: { domain_codes: [unknownCodes(d.upstreamRef)] }, formError: undefined };
    expect(placed).toEqual(refusal);
    expect(await db().order.count({ where: { resellerId: t.reseller.id, kind: "qboxmail_manager" } })).toBe(0);
    // The same form sent again now meets the early check, which says the same.
    expect(await managerFor(t, [d.upstreamRef])).toEqual(refusal);
  });

  it("refuses a manager's change given such a domain, and lets through a domain it holds already", async () => {
    const t = await makeTenant();
    const d = await domainOf(t);
    // A manager at Qboxmail holding `held`, whose service has ended since: the early check lets a
    // domain the manager holds through, asked of Qboxmail (docs/upstream/qboxmail-lifecycle.md "A
    // manager's domains"), and so must the locked one.
    const client = qboxClient();
    const heldAt = await client.createDomain(domainBody(`held-${randomUUID().slice(0, 8)}.com`));
    if (heldAt.kind !== "success") throw new Error(heldAt.kind);
    const managerAt = await client.createManager(
      managerBody(`m-${randomUUID().slice(0, 8)}@example.com`, { domain_codes: [heldAt.ref] }),
    );
    if (managerAt.kind !== "success") throw new Error(managerAt.kind);
    const held = await makeService({ tenant: t, upstreamRef: heldAt.ref });
    const manager = await makeService({ tenant: t, kind: "qboxmail_manager", upstreamRef: managerAt.ref });
    await db().service.update({
      where: { id: manager.id },
      data: { settings: { domain_codes: [held.upstreamRef] }, readAt: new Date() },
    });
    await db().service.update({ where: { id: held.id }, data: { status: "deleted", endedAt: new Date() } });
    const del = await deleteDomain(t, d);
    if (!del.ok) throw new Error(JSON.stringify(del));
    const change = (codes: string[]) =>
      placeChange(t.user, {
        serviceId: manager.id,
        action: "change",
        idempotencyKey: `chg-${randomUUID()}`,
        form: { domain_codes: codes },
      });
    const changed = await whilePlacementWaitsForDomainLock(
      () => change([held.upstreamRef, d.upstreamRef]),
      () => deleteSucceeds(del.orderId),
    );
    expect(changed).toEqual({ ok: false, fieldErrors: { domain_codes: [unknownCodes(d.upstreamRef)] } });
    expect(await db().order.count({ where: { serviceId: manager.id } })).toBe(0);
    const other = await domainOf(t);
    expect(await change([held.upstreamRef, other.upstreamRef])).toMatchObject({ ok: true, duplicate: false });
  });

  it("refuses a change while an order of the service is held, saying support must settle it, not to wait", async () => {
    const t = await makeTenant();
    const d = await domainOf(t);
    const held = await makeOrder({ tenant: t, status: "held", action: "delete", serviceId: d.id });
    const refused = await placeChange(t.user, {
      serviceId: d.id,
      action: "suspend",
      idempotencyKey: `chg-${randomUUID()}`,
    });
    expect(refused).toMatchObject({
      ok: false,
      refusal: "changeRunning",
      formError: expect.stringContaining(`Order ${held.id} of this service is on hold`),
    });
    expect(refused.ok ? "" : refused.formError).not.toContain("wait until");
  });

  it("never accepts both a manager naming a domain and the domain's delete, placed at once", async () => {
    const t = await makeTenant();
    for (let round = 0; round < 10; round++) {
      const d = await domainOf(t);
      const [m, del] = await Promise.all([managerFor(t, [d.upstreamRef]), deleteDomain(t, d)]);
      expect([m.ok, del.ok].filter(Boolean)).toHaveLength(1);
    }
  });
});
