// /api/v1/webhooks handlers (docs/api.md "Webhooks"): the reseller's endpoints with their failed
// deliveries counted, one endpoint's deliveries page by page, and a Resend, through the same
// lib/webhooks functions as the endpoint pages, scoped by the token's reseller. Never a signing
// secret: endpoints are registered on the portal's page, where a person sees it once.
import { endpointAddress } from "@/lib/webhooks/endpoint-address";
import {
  type DeliveryRow,
  failedCountsOf,
  getWebhookEndpoint,
  LIST_FAILED_COUNT_CAP,
  listDeliveries,
  listWebhookEndpoints,
  resendDelivery,
} from "@/lib/webhooks/endpoints";
import { type ApiContext, json } from "./handler";
import { problem } from "./problem";
import { queryOf } from "./query";
import { deliveryListQuerySchema, webhookListQuerySchema } from "./schemas";

const NO_ENDPOINT = "No webhook endpoint of yours has this id.";

type EndpointRow = Awaited<ReturnType<typeof listWebhookEndpoints>>[number];

function endpointOut(e: EndpointRow, failed: number) {
  return {
    id: e.id,
    // Scheme and host only: receivers often carry their token in the path or query, and a token
    // of an integration is held more loosely than a person's session (endpoint-address.ts).
    address: endpointAddress(e.url),
    description: e.description,
    events: e.events,
    state: e.disabledAt ? "disabled" : e.failingSince ? "failing" : "active",
    failingSince: e.failingSince?.toISOString() ?? null,
    disabledAt: e.disabledAt?.toISOString() ?? null,
    disabledReason: e.disabledReason,
    failedDeliveries: Math.min(failed, LIST_FAILED_COUNT_CAP),
    failedDeliveriesMore: failed > LIST_FAILED_COUNT_CAP,
    createdAt: e.createdAt.toISOString(),
  };
}

function deliveryOut(d: DeliveryRow) {
  return {
    id: d.id,
    orderId: d.orderId,
    eventType: d.eventType,
    status: d.status,
    attempts: d.attemptCount,
    nextAttemptAt: d.status === "pending" ? (d.nextAttemptAt?.toISOString() ?? null) : null,
    lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
  };
}

/** Every endpoint of the reseller (at most 100), newest first. */
export async function listWebhookEndpointsApi({ principal, request }: ApiContext<unknown>): Promise<Response> {
  const q = queryOf(request, webhookListQuerySchema);
  if (!q.ok) return q.res;
  const [endpoints, failed] = await Promise.all([
    listWebhookEndpoints(principal.resellerId),
    failedCountsOf(principal.resellerId),
  ]);
  return json({ data: endpoints.map((e) => endpointOut(e, failed.get(e.id) ?? 0)) });
}

/** One page of the endpoint's deliveries, newest first, of one status when asked. */
export async function listWebhookDeliveriesApi({
  principal,
  params,
  request,
}: ApiContext<{ id: string }>): Promise<Response> {
  const q = queryOf(request, deliveryListQuerySchema);
  if (!q.ok) return q.res;
  if (!(await getWebhookEndpoint(principal.resellerId, params.id))) return problem(404, NO_ENDPOINT);
  const page = await listDeliveries(principal.resellerId, params.id, {
    status: q.data.status,
    after: q.data.cursor,
    limit: q.data.limit ?? 50,
  });
  return json({ data: page.rows.map(deliveryOut), nextCursor: page.nextCursor });
}

/**
 * Sends a delivery again now, with a fresh round of retries and the same webhook-id, as the
 * endpoint page's Resend does: refused while its endpoint is turned off.
 */
export async function resendWebhookDeliveryApi({
  principal,
  params,
}: ApiContext<{ id: string; deliveryId: string }>): Promise<Response> {
  if (!(await getWebhookEndpoint(principal.resellerId, params.id))) return problem(404, NO_ENDPOINT);
  const resent = await resendDelivery(principal.resellerId, params.deliveryId, params.id);
  // The id as the receiver sees it in `webhook-id`, whatever case the path used.
  if (resent.ok) return json({ id: params.deliveryId.toLowerCase(), status: "pending" });
  // Not found under this endpoint (or deleted with it since the read above).
  if (resent.refusal.endpointGone) return problem(404, "This endpoint has no delivery with this id.");
  return problem(
    409,
    "The endpoint is turned off, so nothing is sent to it. Turn it back on on its page in the portal; its " +
      "waiting deliveries, and those that failed while it was failing, are then sent again.",
  );
}
