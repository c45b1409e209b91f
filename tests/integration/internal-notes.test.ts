// Internal notes stay internal (docs/security.md "Internal notes"): support's reasons reach the
// reseller's timeline only when support ticked "show this reason to the reseller"; otherwise
// the reseller reads a neutral line. Health and queue data check the role in the library.

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit/record-audit";
import { db, disconnectDb } from "@/lib/db";
import { closeHealthQueues, getQueueHealth } from "@/lib/health/queue-health";
import { getProviderStats, getWorkerHeartbeats, hasFreshWorker } from "@/lib/health/workers";
import { closeProducer } from "@/lib/jobs/enqueue-order";
import { getOrderSnapshot } from "@/lib/orders/queries/order-view";
import { serviceAudit } from "@/lib/services/queries";
import { bulkRetry } from "@/lib/support/bulk-retry";
import { cancelOrder, retryOrderNow } from "@/lib/support/order-actions";
import { getSupportOrderDetail } from "@/lib/support/order-detail";
import { makeOrder, makeTenant, makeUser } from "../factories";

const NOTE = "Customer flagged for fraud review, do not tell them";

describe("internal notes", () => {
  let support: Awaited<ReturnType<typeof makeUser>>;
  let tenant: Awaited<ReturnType<typeof makeTenant>>;

  beforeAll(async () => {
    support = await makeUser("support");
    tenant = await makeTenant();
  });
  afterAll(async () => {
    await closeHealthQueues();
    await closeProducer();
    await disconnectDb();
  });

  const resellerReasons = async (orderId: string) =>
    (await getOrderSnapshot(tenant.reseller.id, orderId))!.timeline.flatMap((t) =>
      t.type === "event" && t.reason ? [t.reason] : [],
    );

  it("shows resellers a neutral line for support's reasons, and support the words", async () => {
    const order = await makeOrder({ tenant, status: "failed" });
    await retryOrderNow(support, { orderId: order.id, expectedVersion: 0, reason: NOTE });
    await cancelOrder(support, { orderId: order.id, expectedVersion: 1, reason: NOTE });
    const seen = await resellerReasons(order.id);
    expect(seen).toEqual(["Retried by support", "Cancelled by support"]);
    expect(JSON.stringify(await getOrderSnapshot(tenant.reseller.id, order.id))).not.toContain("fraud");
    const detail = await getSupportOrderDetail(support, order.id);
    expect(JSON.stringify(detail)).toContain(NOTE);
  });

  it("shows the reason word for word when support ticked it visible, also in bulk", async () => {
    const one = await makeOrder({ tenant, status: "failed" });
    await retryOrderNow(support, {
      orderId: one.id,
      expectedVersion: 0,
      reason: "The provider fixed the outage",
      reasonVisible: true,
    });
    expect(await resellerReasons(one.id)).toEqual(["The provider fixed the outage"]);

    const hidden = await makeOrder({ tenant, status: "failed" });
    const shown = await makeOrder({ tenant, status: "failed" });
    await bulkRetry(support, { items: [{ orderId: hidden.id, expectedVersion: 0 }], reason: NOTE });
    await bulkRetry(support, {
      items: [{ orderId: shown.id, expectedVersion: 0 }],
      reason: "Retried after the outage",
      reasonVisible: true,
    });
    expect(await resellerReasons(hidden.id)).toEqual(["Retried by support"]);
    expect(await resellerReasons(shown.id)).toEqual(["Retried after the outage"]);
  });

  it("the service page's trail narrows staff rows as the order page does: no address, no hidden note", async () => {
    const order = await makeOrder({ tenant, status: "failed" });
    await retryOrderNow(support, { orderId: order.id, expectedVersion: 0, reason: NOTE });
    const serviceId = randomUUID();
    // Support's dismissal of a drift finding on the service, and one it chose to show.
    const staff = { type: "user", id: support.id, label: support.email } as const;
    const event = (reason: string, reasonVisible?: boolean) =>
      recordAudit(db(), {
        actor: staff,
        action: "service.drift_dismissed",
        resellerId: tenant.reseller.id,
        reason,
        after: { serviceId, ...(reasonVisible ? { reasonVisible } : {}) },
      });
    await event(NOTE);
    await event("Checked with the provider: it is yours", true);
    // The reseller's own person keeps the label and words.
    await recordAudit(db(), {
      actor: { type: "user", id: tenant.user.id, label: tenant.user.email },
      action: "service.ownership_checked",
      resellerId: tenant.reseller.id,
      reason: "asked again",
      after: { serviceId },
    });

    const trail = await serviceAudit(tenant.reseller.id, [order.id], serviceId);
    const text = JSON.stringify(trail);
    expect(text).not.toContain("fraud");
    expect(text).not.toContain(support.email);
    expect(trail.map((e) => [e.action, e.actorLabel, e.reason])).toEqual([
      ["service.ownership_checked", tenant.user.email, "asked again"],
      ["service.drift_dismissed", null, "Checked with the provider: it is yours"],
      ["service.drift_dismissed", null, "Changed by support"],
      ["order.queued", null, "Retried by support"],
    ]);
  });

  it("health and queue data refuse anyone but support and admin", async () => {
    const reseller = { id: tenant.user.id, role: "reseller" as const };
    for (const call of [
      () => getQueueHealth(reseller),
      () => getWorkerHeartbeats(reseller),
      () => getProviderStats(reseller),
      () => hasFreshWorker(reseller),
    ]) {
      await expect(call()).rejects.toThrow(/404/);
    }
    expect(Array.isArray(await getWorkerHeartbeats(support))).toBe(true);
  });
});
