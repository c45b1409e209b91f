// A Qboxmail manager may name as many of the reseller's domains as it has. Placing it locks
// those domains against a concurrent delete (lib/orders/domain-retirement.ts): one lock per
// domain ran Postgres's shared lock table out (out of shared memory) at about 13,000 domains, for
// every session at once. The locks are now per bucket of codes, at most 64 per placement.
import { randomInt } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { closeProducer } from "@/lib/jobs/enqueue-order";
import { placeOrder } from "@/lib/orders/place-order";
import { forms, makeTenant, quiesceOrders } from "./pipeline-fixtures";

afterAll(async () => {
  await quiesceOrders();
  await closeProducer();
  await disconnectDb();
});

describe("a manager naming many domains", () => {
  it("is placed with 20,000 domain codes, and a delete of one of them is still refused while it is open", async () => {
    const t = await makeTenant({ limits: { maxDomains: 1_000_000, maxManagers: 10 } });
    const base = randomInt(0, 900_000_000);
    const codes = Array.from({ length: 20_000 }, (_, i) => `D${String(base + i).padStart(9, "0")}`);
    await db().service.createMany({
      data: codes.map((code) => ({
        resellerId: t.reseller.id,
        customerId: t.customer.id,
        kind: "qboxmail_domain" as const,
        provider: "qboxmail" as const,
        upstreamRef: code,
        naturalKey: `${code.toLowerCase()}.many.example`,
        displayName: `${code.toLowerCase()}.many.example`,
      })),
    });
    const placed = await placeOrder(t.user, {
      customerId: t.customer.id,
      kind: "qboxmail_manager",
      idempotencyKey: `many-${base}`,
      form: forms.qboxmail_manager(undefined, undefined, codes),
    });
    expect(placed).toMatchObject({ ok: true, duplicate: false });

    // The bucketed locks still keep a delete from overtaking the open manager order.
    const { placeChange } = await import("@/lib/services/place-change");
    const last = await db().service.findFirstOrThrow({
      where: { resellerId: t.reseller.id, upstreamRef: codes.at(-1)! },
    });
    const del = await placeChange(t.user, {
      serviceId: last.id,
      action: "delete",
      idempotencyKey: `many-del-${base}`,
      confirmName: last.naturalKey,
    });
    expect(del).toMatchObject({ ok: false });
    expect(JSON.stringify(del)).toContain(placed.ok ? placed.orderId : "?");
    // They exist nowhere upstream: ended, so no later sweep spends its passes reading them.
    await db().service.updateMany({ where: { resellerId: t.reseller.id }, data: { status: "deleted" } });
  }, 120_000);
});
