// grommunio domains ordered onto a server ordered through the portal wait as `pending` until
// that server order has succeeded. The worker promotes them right after the server succeeds;
// the relay repeats the check as a safety net and cancels those whose server order was cancelled.
import { Prisma, plainSql, sqlRows } from "@/lib/db";
import type { OrderStatus, Provider } from "@/lib/generated/prisma/enums";
import { portalText } from "@/lib/i18n/portal-texts";
import type { EnqueueTarget } from "@/lib/jobs/enqueue-order";
import { log } from "@/lib/log";
import { isOrderDomainError } from "./errors";
import { transition } from "./state-machine";

type Enqueue = (order: EnqueueTarget) => Promise<boolean>;
const SYSTEM = { type: "system", label: "dispatch" } as const;

/**
 * Moves pending dependents on: to queued when their server order succeeded, to cancelled when it
 * was cancelled. Returns how many moved.
 */
export async function promoteDependents(
  serverOrderId: string | undefined,
  enqueue: Enqueue,
  limit = 50,
): Promise<number> {
  // Plain pg: the relay runs this on every pass, and the worker's idle loops never load the
  // ORM's query compiler (docs/benchmarks/worker.md "Idle memory").
  const waiting = await sqlRows<{
    id: string;
    version: number;
    provider: Provider;
    serverId: string;
    serverStatus: OrderStatus;
  }>(
    Prisma.sql`
    SELECT o.id, o.version, o.provider, s.id AS "serverId", s.status AS "serverStatus"
    FROM "order" o JOIN "order" s ON s.id = o.depends_on_order_id
    WHERE o.status = 'pending' AND s.status IN ('succeeded', 'cancelled')
      ${serverOrderId ? Prisma.sql`AND o.depends_on_order_id = ${serverOrderId}::uuid` : Prisma.empty}
    LIMIT ${limit}::int`,
  );
  let moved = 0;
  for (const o of waiting) {
    const ready = o.serverStatus === "succeeded";
    try {
      // One statement: atomic on its own.
      const version = await transition(plainSql, {
        orderId: o.id,
        from: "pending",
        to: ready ? "queued" : "cancelled",
        expectedVersion: o.version,
        actor: SYSTEM,
        reason: portalText(ready ? "serverSucceeded" : "serverCancelled", { order: o.serverId }),
      });
      moved++;
      if (ready) await enqueue({ id: o.id, provider: o.provider, version });
    } catch (err) {
      if (!isOrderDomainError(err)) throw err;
      log.debug("dependent already moved on", { orderId: o.id });
    }
  }
  return moved;
}
