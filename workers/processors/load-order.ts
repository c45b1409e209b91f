// Reads an order for provisioning and builds its upstream request. Secrets are opened here, in
// the worker, just before the call, and live only in the returned request object.
import { open } from "@/lib/crypto/seal";
import { db, type Prisma } from "@/lib/db";
import { portalText } from "@/lib/i18n/portal-texts";
import { orderKinds, prepareStoredPayload } from "@/lib/orders/schemas";
import type { UpstreamRequest } from "@/lib/orders/schemas/types";
import { allowListedRequest } from "@/lib/upstream/allow-list";

export const RUNNABLE = ["queued", "retrying", "unknown"] as const;

export async function loadOrder(orderId: string) {
  const order = await db().order.findUnique({
    where: { id: orderId },
    select: {
      id: true,
      status: true,
      version: true,
      kind: true,
      action: true,
      upstreamRef: true,
      provider: true,
      payload: true,
      sealedSecret: true,
      naturalKey: true,
      createSent: true,
      attemptCount: true,
      nextAttemptAt: true,
      dependsOnOrderId: true,
    },
  });
  // Only grommunio domains on a portal-ordered server have a dependency; others skip the query.
  const dependsOn = order?.dependsOnOrderId
    ? await db().order.findUnique({
        where: { id: order.dependsOnOrderId },
        select: { status: true, upstreamRef: true },
      })
    : null;
  return order ? { ...order, dependsOn } : null;
}
export type LoadedOrder = NonNullable<Awaited<ReturnType<typeof loadOrder>>>;

export type Prepared = {
  request: UpstreamRequest;
  /** The allow-listed copy stored on the attempt row. */
  recorded: Prisma.InputJsonValue;
  /** Set when the order cannot be sent as stored: it fails with this text. */
  problem?: string;
  waiting?: boolean;
};

const EMPTY: UpstreamRequest = { body: {} };

export function prepareRequest(order: LoadedOrder): Prepared {
  // Only a grommunio domain on a server ordered here waits for another order: that server's ID.
  const prepared = prepareStoredPayload(order.kind, order.payload, () =>
    order.dependsOn?.status === "succeeded" && /^\d+$/.test(order.dependsOn.upstreamRef ?? "")
      ? Number(order.dependsOn.upstreamRef)
      : undefined,
  );
  if (!prepared.ready) {
    return prepared.reason === "waiting"
      ? { request: EMPTY, recorded: {}, waiting: true }
      : {
          request: EMPTY,
          recorded: {},
          problem: portalText("storedOrderInvalid"),
        };
  }
  try {
    const secrets =
      orderKinds[order.kind].secretFields.length && order.sealedSecret ? open(order.sealedSecret, order.id) : {};
    const request = prepared.request(secrets);
    return { request, recorded: allowListedRequest(order.kind, request.body, request.query) as Prisma.InputJsonValue };
  } catch {
    // Never pass the cause on: it could quote the data it failed on.
    return {
      request: EMPTY,
      recorded: {},
      problem: portalText("sealedDataUnusable"),
    };
  }
}
