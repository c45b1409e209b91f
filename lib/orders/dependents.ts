// grommunio domains ordered onto a server ordered through the portal wait as `pending` until
// that server order has succeeded. The worker promotes them right after the server succeeds;
// the relay repeats the check as a safety net and cancels those whose server order was cancelled.
import { db } from "@/lib/db";
import type { EnqueueTarget } from "@/lib/jobs/enqueue-order";
import { log } from "@/lib/log";
import { isOrderDomainError } from "./errors";
import { transition } from "./state-machine";

type Enqueue = (order: EnqueueTarget) => Promise<boolean>;
const SYSTEM = { type: "system", label: "dispatch" } as const;

/** Moves pending dependents of succeeded server orders to queued. Returns how many moved. */
export async function promoteDependents(
  serverOrderId: string | undefined,
  enqueue: Enqueue,
  limit = 50,
): Promise<number> {
  const waiting = await db().order.findMany({
    where: {
      status: "pending",
      ...(serverOrderId ? { dependsOnOrderId: serverOrderId } : { dependsOnOrderId: { not: null } }),
      dependsOn: { status: { in: ["succeeded", "cancelled"] } },
    },
    select: { id: true, version: true, provider: true, dependsOn: { select: { id: true, status: true } } },
    take: limit,
  });
  let moved = 0;
  for (const o of waiting) {
    const ready = o.dependsOn?.status === "succeeded";
    try {
      const version = await db().$transaction((tx) =>
        transition(tx, {
          orderId: o.id,
          from: "pending",
          to: ready ? "queued" : "cancelled",
          expectedVersion: o.version,
          actor: SYSTEM,
          reason: ready ? `Server order ${o.dependsOn?.id} succeeded` : `Server order ${o.dependsOn?.id} was cancelled`,
        }),
      );
      moved++;
      if (ready) await enqueue({ id: o.id, provider: o.provider, version });
    } catch (err) {
      if (!isOrderDomainError(err)) throw err;
      log.debug("dependent already moved on", { orderId: o.id });
    }
  }
  return moved;
}
