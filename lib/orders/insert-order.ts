// The order row and its "order.placed" audit event in one statement (atomic on its own, one
// round trip): placing is on the web's hot path (DESIGN.md budgets: ≥ 200 orders/s).
import { db, Prisma } from "@/lib/db";
import type { OrderKind, OrderStatus, Provider } from "@/lib/generated/prisma/enums";

export type NewOrder = {
  id: string; resellerId: string; customerId: string; createdById: string; actorLabel: string | null;
  kind: OrderKind; provider: Provider; status: OrderStatus; naturalKey: string; displayName: string;
  payload: Prisma.InputJsonValue; sealedSecret: Buffer | null; idempotencyKey: string; dependsOnOrderId: string | null;
  auditAfter: Prisma.InputJsonValue; reason: string | null;
};

/** Returns false when the idempotency key is taken (a concurrent submission won the race). */
export async function insertOrder(o: NewOrder): Promise<boolean> {
  const rows = await db().$queryRaw<{ n: number }[]>`
    WITH placed AS (
      INSERT INTO "order" (id, reseller_id, customer_id, created_by_id, kind, provider, status, natural_key, display_name,
                           payload, sealed_secret, idempotency_key, depends_on_order_id, queued_at, updated_at)
      VALUES (${o.id}::uuid, ${o.resellerId}::uuid, ${o.customerId}::uuid, ${o.createdById}::uuid, ${o.kind}::"OrderKind",
              ${o.provider}::"Provider", ${o.status}::"OrderStatus", ${o.naturalKey}, ${o.displayName}, ${JSON.stringify(o.payload)}::jsonb,
              ${o.sealedSecret}::bytea, ${o.idempotencyKey}, ${o.dependsOnOrderId}::uuid,
              ${o.status === "queued" ? Prisma.sql`now()` : Prisma.sql`NULL`}, now())
      ON CONFLICT (reseller_id, idempotency_key) DO NOTHING
      RETURNING id, reseller_id
    ), audit AS (
      INSERT INTO audit_event (actor_type, actor_id, actor_label, reseller_id, order_id, action, after, reason)
      SELECT 'user', ${o.createdById}::text, ${o.actorLabel}::text, placed.reseller_id, placed.id, 'order.placed',
             ${JSON.stringify(o.auditAfter)}::jsonb, ${o.reason}::text
      FROM placed RETURNING id
    )
    SELECT count(*)::int AS n FROM placed`;
  return rows[0]?.n === 1;
}
