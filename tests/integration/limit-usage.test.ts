// The limit count placing and the dashboard use (usedAgainstLimitSql: the create orders that did
// not fail and were not cancelled, minus those whose service ended) must give the number the
// rule itself gives, checked order by order against its service (the way it was counted before),
// for any mix of kinds, actions, statuses and service states, another reseller's orders beside
// them, and any cap. Generated histories, compared with the rule written the slow way.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb, Prisma } from "@/lib/db";
import type { OrderKind, OrderStatus } from "@/lib/generated/prisma/enums";
import { limitFor, usedAgainstLimitSql } from "@/lib/orders/order-checks";
import { makeOrder, makeTenant, type Tenant } from "../factories";

afterAll(disconnectDb);

const KINDS: OrderKind[] = ["qboxmail_domain", "grommunio_domain", "qboxmail_manager", "grommunio_server"];
const STATUSES: OrderStatus[] = [
  "pending",
  "queued",
  "provisioning",
  "succeeded",
  "retrying",
  "unknown",
  "held",
  "failed",
  "cancelled",
];
const ACTIONS = ["create", "create", "create", "change", "delete"] as const;
const SERVICE = [null, "active", "deleted", "gone"] as const;

const orderArb = fc.record({
  kind: fc.constantFrom(...KINDS),
  status: fc.constantFrom(...STATUSES),
  action: fc.constantFrom(...ACTIONS),
  service: fc.constantFrom(...SERVICE),
  otherReseller: fc.boolean(),
});

type OrderSpec = typeof orderArb extends fc.Arbitrary<infer T> ? T : never;

async function addOrder(t: Tenant, o: OrderSpec) {
  const row = await makeOrder({ tenant: t, kind: o.kind, status: o.status });
  if (o.action !== "create")
    await db().$executeRaw`UPDATE "order" SET action = ${o.action}::"OrderAction" WHERE id = ${row.id}::uuid`;
  if (o.service)
    await db().service.create({
      data: {
        resellerId: t.reseller.id,
        customerId: t.customer.id,
        kind: o.kind,
        provider: row.provider,
        upstreamRef: `ref-${randomUUID()}`,
        naturalKey: row.naturalKey,
        displayName: row.displayName,
        // A change or delete order never brings a service of its own; its service is another's.
        createOrderId: o.action === "create" ? row.id : null,
        status: o.service,
      },
    });
}

async function bothCounts(resellerId: string, kinds: OrderKind[], cap: number) {
  const [row] = await db().$queryRaw<{ slow: number; fast: number }[]>`
    SELECT (SELECT count(*)::int FROM (SELECT 1 FROM "order" o WHERE o.reseller_id = ${resellerId}::uuid
              AND o.kind::text = ANY(${kinds}::text[]) AND o.action = 'create' AND o.status NOT IN ('failed', 'cancelled')
              AND NOT EXISTS (SELECT 1 FROM service s WHERE s.create_order_id = o.id AND s.status <> 'active')
              LIMIT ${cap}) s) AS slow,
           ${usedAgainstLimitSql(Prisma.sql`${resellerId}::uuid`, kinds, Prisma.sql`${cap}::int`)} AS fast`;
  return row!;
}

describe("the limit count", () => {
  it("equals the rule counted order by order, for any history and cap", async () => {
    const other = await makeTenant();
    await fc.assert(
      fc.asyncProperty(fc.array(orderArb, { maxLength: 14 }), fc.integer({ min: 0, max: 16 }), async (orders, cap) => {
        const t = await makeTenant();
        for (const o of orders) await addOrder(o.otherReseller ? other : t, o);
        for (const probe of ["qboxmail_domain", "qboxmail_manager", "grommunio_server"] as const) {
          const { kinds } = limitFor(probe);
          const { slow, fast } = await bothCounts(t.reseller.id, kinds, cap);
          expect(fast).toBe(slow);
        }
      }),
      { numRuns: 25 },
    );
  });
});
