// A Qboxmail manager may name as many of the reseller's domains as it has. Placing it locks
// those domains against a concurrent delete (lib/orders/domain-retirement.ts): one lock per
// domain ran Postgres's shared lock table out (out of shared memory) for every session at once:
// about 13,000 domains with the default settings. The locks are now per bucket of codes, at most
// 64 per placement. The test names three times as many domains as this server's lock table holds.
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
  it("is placed naming three times as many domains as the lock table holds, and a delete of one is still refused while it is open", async () => {
    const t = await makeTenant({ limits: { maxDomains: 1_000_000, maxManagers: 10 } });
    // The shared lock table has max_locks_per_transaction × (max_connections + prepared) slots.
    const [row] = await db().$queryRaw<{ slots: number }[]>`
      SELECT (current_setting('max_locks_per_transaction')::int
              * (current_setting('max_connections')::int + current_setting('max_prepared_transactions')::int))::int AS slots`;
    // The table is only soft-capped (it may take spare shared memory): three times its slots.
    const count = row!.slots * 3;
    const base = randomInt(0, 900_000_000);
    // Not Qboxmail's D and nine digits, which the factories and the simulator draw for other
    // services: a run of thousands of those could meet one of theirs (one live owner per reference).
    const codes = Array.from({ length: count }, (_, i) => `MANY${String(base + i).padStart(9, "0")}`);
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
