// The server-delete rule for Qboxmail (docs/lifecycle.md "Deleting a grommunio server"): a domain
// delete must not overtake a manager order naming the domain (the manager's create or change would
// then name a domain Qboxmail no longer has), and a manager cannot be given a domain being deleted.
// Both refusals through placing, and two placements racing: exactly one accepted.

import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { OrderStatus } from "@/lib/generated/prisma/enums";
import { placeChange } from "@/lib/services/place-change";
import { retryOrderNow } from "@/lib/support/order-actions";
import { makeService, makeUser, type Tenant } from "../factories";
import { forms, makeTenant, pipelineFileHooks, place } from "./pipeline-fixtures";

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

  it("never accepts both a manager naming a domain and the domain's delete, placed at once", async () => {
    const t = await makeTenant();
    for (let round = 0; round < 10; round++) {
      const d = await domainOf(t);
      const [m, del] = await Promise.all([managerFor(t, [d.upstreamRef]), deleteDomain(t, d)]);
      expect([m.ok, del.ok].filter(Boolean)).toHaveLength(1);
    }
  });
});
