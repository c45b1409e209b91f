// Reads an order for provisioning and builds its upstream request. Secrets are opened here, in
// the worker, just before the call, and live only in the returned request object.
import { open } from "@/lib/crypto/seal";
import { Prisma, sqlRows } from "@/lib/db";
import type { OrderAction, OrderKind, OrderStatus, Provider, ServiceStatus } from "@/lib/generated/prisma/enums";
import { portalText } from "@/lib/i18n/portal-texts";
import { orderKinds, prepareStoredPayload } from "@/lib/orders/schemas";
import type { UpstreamRequest } from "@/lib/orders/schemas/types";
import { allowListedRequest } from "@/lib/upstream/allow-list";

export const RUNNABLE = ["queued", "retrying", "unknown"] as const;

type OrderRow = {
  id: string;
  status: OrderStatus;
  version: number;
  kind: OrderKind;
  action: OrderAction;
  upstreamRef: string | null;
  provider: Provider;
  payload: Prisma.JsonValue;
  sealedSecret: Uint8Array | null;
  naturalKey: string;
  createSent: boolean;
  attemptCount: number;
  nextAttemptAt: Date | null;
  dependsOnOrderId: string | null;
  /** The order it depends on (only grommunio domains on a portal-ordered server have one). */
  dependsOnStatus: OrderStatus | null;
  dependsOnRef: string | null;
  /** The status of the service a change order acts on (a purge of a softly deleted one reads first). */
  serviceStatus: ServiceStatus | null;
};

/**
 * The order and, when it has one, the order it depends on, in one plain statement: jobs the claim
 * does not take (change orders, orders waiting on a server order, orders at the retry cap, stale or
 * early jobs, lost races) come here, and the ORM would load its query compiler into the worker for
 * them (docs/benchmarks/worker.md "No ORM in a long drain").
 */
export async function loadOrder(orderId: string) {
  const [row] = await sqlRows<OrderRow>(Prisma.sql`
    SELECT o.id, o.status, o.version, o.kind, o.action, o.upstream_ref AS "upstreamRef", o.provider, o.payload,
           o.sealed_secret AS "sealedSecret", o.natural_key AS "naturalKey", o.create_sent AS "createSent",
           o.attempt_count AS "attemptCount", o.next_attempt_at AS "nextAttemptAt",
           o.depends_on_order_id AS "dependsOnOrderId", d.status AS "dependsOnStatus", d.upstream_ref AS "dependsOnRef",
           v.status AS "serviceStatus"
    FROM "order" o LEFT JOIN "order" d ON d.id = o.depends_on_order_id LEFT JOIN service v ON v.id = o.service_id
    WHERE o.id = ${orderId}::uuid`);
  if (!row) return null;
  const { dependsOnStatus, dependsOnRef, ...order } = row;
  const dependsOn = dependsOnStatus ? { status: dependsOnStatus, upstreamRef: dependsOnRef } : null;
  return { ...order, dependsOn };
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
