// The audit reads that pick an order's rows find them through the chain's key (chain_key =
// 'order:' || order_id, set by the chain's trigger; migration *_audit_event_indexes dropped the
// order_id index): each read returns exactly that order's rows, in insertion order, and no row of
// another order, of the reseller's own chain or of the global one.
import { describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { getOrderForReseller } from "@/lib/orders/queries/get-order";
import { serviceAudit } from "@/lib/services/queries";
import { listAuditEvents } from "@/lib/support/audit-query";
import { getSupportOrderDetail } from "@/lib/support/order-detail";
import { makeOrder, makeTenant, makeUser } from "../factories";

async function scene() {
  const t = await makeTenant();
  const [mine, other] = [await makeOrder({ tenant: t }), await makeOrder({ tenant: t })];
  const worker = { type: "worker", id: "audit-reads-test" } as const;
  // Interleaved, so an order's rows are not contiguous in id order.
  for (const [orderId, action] of [
    [mine.id, "order.placed"],
    [other.id, "order.placed"],
    [null, "reseller.note"],
    [mine.id, "order.provisioning"],
    [other.id, "order.provisioning"],
    [mine.id, "order.succeeded"],
  ] as const)
    await recordAudit(db(), { actor: worker, action, resellerId: t.reseller.id, orderId });
  await recordAudit(db(), { actor: worker, action: "system.note" });
  return { t, mine, other };
}

const STORY = ["order.placed", "order.provisioning", "order.succeeded"];

describe("audit reads by order", () => {
  it("the reseller's order page and support's timeline read the order's own rows, oldest first", async () => {
    const { t, mine } = await scene();
    const page = await getOrderForReseller(t.reseller.id, mine.id);
    expect(page?.audit.map((e) => e.action)).toEqual(STORY);
    const { timeline } = await getSupportOrderDetail(await makeUser("support"), mine.id);
    expect(timeline.flatMap((e) => (e.type === "event" ? [e.action] : []))).toEqual(STORY);
  });

  it("the support audit list filtered by order holds that order's rows, newest first", async () => {
    const { mine } = await scene();
    const { rows } = await listAuditEvents(await makeUser("support"), { orderId: mine.id });
    expect(rows.map((r) => r.action)).toEqual([...STORY].reverse());
    expect(new Set(rows.map((r) => r.orderId))).toEqual(new Set([mine.id]));
  });

  it("a service's trail holds the rows of the orders named, not the others'", async () => {
    const { t, mine } = await scene();
    const trail = await serviceAudit(t.reseller.id, [mine.id], "00000000-0000-4000-b000-000000000000");
    expect(trail.map((e) => e.action)).toEqual([...STORY].reverse());
  });

  it("a service's trail adds the service's own events once each, newest first, and no other service's", async () => {
    const { t, mine } = await scene();
    const worker = { type: "worker", id: "audit-reads-test" } as const;
    const [service, otherService] = ["00000000-0000-4000-b000-0000000000a1", "00000000-0000-4000-b000-0000000000a2"];
    const own = (action: string, serviceId: string, orderId: string | null = null) =>
      recordAudit(db(), { actor: worker, action, resellerId: t.reseller.id, orderId, after: { serviceId } });
    await own("service.ownership_checked", service);
    await own("service.ownership_checked", otherService);
    // Written by one of the service's orders: found by both halves of the read, listed once.
    await own("service.adopted", service, mine.id);
    await own("service.drift_dismissed", service);
    const trail = await serviceAudit(t.reseller.id, [mine.id], service);
    expect(trail.map((e) => e.action)).toEqual([
      "service.drift_dismissed",
      "service.adopted",
      "service.ownership_checked",
      ...[...STORY].reverse(),
    ]);
    const ids = trail.map((e) => BigInt(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
    expect(trail[1]?.orderId).toBe(mine.id);
    expect(trail[0]?.at).toBeInstanceOf(Date);
  });
});
