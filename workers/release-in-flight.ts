// On shutdown after the grace period: every attempt still in flight is marked abandoned and its
// order released to unknown (its next run looks up first) and enqueued again, so another
// worker carries on at once instead of waiting for the relay to notice a silent worker.

import { Prisma, sqlRows } from "@/lib/db";
import type { Provider } from "@/lib/generated/prisma/enums";
import { portalText } from "@/lib/i18n/portal-texts";
import { enqueueOrder } from "@/lib/jobs/enqueue-order";
import { log } from "@/lib/log";
import { releaseAttempt } from "@/lib/orders/relay";
import { type ProvisionContext, workerActor } from "./processors/context";

export async function releaseInFlight(ctx: ProvisionContext): Promise<void> {
  for (const a of [...ctx.inFlight.values()]) {
    // The call may still land upstream after we let go: look it up only once it would have.
    const delayMs = a.kind !== "lookup" ? ctx.settings.unknownLookupDelayMs : 0;
    const lookupAt = new Date(Date.now() + delayMs);
    const version = await releaseAttempt(
      { id: a.orderId, version: a.version },
      a.attemptId,
      a.kind,
      portalText("workerStopping"),
      workerActor(ctx),
      lookupAt,
    );
    ctx.inFlight.delete(a.attemptId);
    if (version === undefined) continue;
    const [order] = await sqlRows<{ provider: Provider }>(
      Prisma.sql`SELECT provider FROM "order" WHERE id = ${a.orderId}::uuid`,
    );
    if (order) await enqueueOrder({ id: a.orderId, provider: order.provider, version }, { delayMs });
    log.info("released attempt on shutdown", { orderId: a.orderId, attemptId: a.attemptId });
  }
}
