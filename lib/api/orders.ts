// /api/v1/orders handlers: placeOrder, cancelOrder and the reseller's order reads, the same
// functions the reseller's pages use, acting as the token's user for the token's reseller.
import { z } from "zod";
import { fieldProblemsInEnglish } from "@/lib/i18n/field-problems";
import { portalText } from "@/lib/i18n/portal-texts";
import { resellerWording } from "@/lib/i18n/reseller-wording";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { usableIdempotencyKey } from "@/lib/orders/idempotency-key";
import { type PlacedOrder, placeOrder } from "@/lib/orders/place-order";
import { getOrderWithoutAttempts, type OrderWithoutAttempts } from "@/lib/orders/queries/get-order";
import type { ResellerOrderRow } from "@/lib/orders/queries/list-orders-for-reseller";
import { listOrdersForReseller } from "@/lib/orders/queries/list-orders-for-reseller";
import { auditForReseller } from "@/lib/orders/queries/order-view";
import { formFieldNames, isOrderKind, type OrderKindName } from "@/lib/orders/schemas";
import { apiFields } from "./fields";
import { type ApiContext, json, readJson, readOptionalJson } from "./handler";
import { type FieldErrors, problem } from "./problem";
import { queryOf } from "./query";
import { cancelOrderBodySchema, orderListQuerySchema, placeOrderEnvelopeSchema } from "./schemas";
import { unknownFields } from "./unknown-fields";
import { API_PARSE_OPTIONS } from "./zod-messages";

type Id = { id: string };
const NOT_FOUND = "No order of yours has this id.";
const NOT_AN_ORDER =
  'Send the order as a JSON object: {"kind": …, "customerId": …, "fields": {…}} (see PlaceOrder in /api/v1/openapi.json).';

const isJsonObject = (body: unknown): body is Record<string, unknown> =>
  body !== null && typeof body === "object" && !Array.isArray(body);

/**
 * A key that placed another request, in the API's words: the portal's form says to reload the
 * page (sentences.keyUsedForAnother), which an API client has no page to do.
 */
export function keyUsedForAnother(order: string): Response {
  return problem(
    422,
    `This Idempotency-Key was already used for another request (order ${order}), so nothing was placed: ` +
      "send a new Idempotency-Key for a new request. Repeating the first request exactly, with its key, answers with its order.",
  );
}

/**
 * Why an order cannot be cancelled any more, and what an API client can do instead: the service's
 * changes, the same paths the portal's service page uses (docs/api.md "Requests and answers").
 */
function notCancellable(order: { id: string; action: string; status: string; serviceId: string | null }): string {
  if (order.status === "succeeded" || order.status === "failed" || order.status === "cancelled") {
    const done = order.status === "cancelled" ? "been cancelled" : order.status;
    return `This order has already ${done}, so there is nothing left to cancel (GET /api/v1/orders/${order.id} shows it).`;
  }
  const changes = `POST /api/v1/services/${order.serviceId ?? "{serviceId}"}/changes`;
  return (
    "This order can no longer be cancelled: the provider has already been asked to carry it out. " +
    `Wait for it to finish (GET /api/v1/orders/${order.id}); if you do not want the result, ${undoing(order.action, changes)}.`
  );
}

/**
 * A cancel that found the order changed at each reading (cancel-order.ts), in the API's words: the
 * portal's sentence (sentences.staleOrder) says to reload, which an API client has no page to do.
 * Sent again, the cancel decides on the order as it is then: cancelled, or why it no longer can be.
 */
function changedMeanwhile(order: string): string {
  return (
    "This order kept changing while the cancel was being made (the portal was working on it), so nothing was cancelled: " +
    `GET /api/v1/orders/${order} shows it as it is now. Send the cancel again: it cancels the order if it can still be ` +
    "cancelled, and otherwise says why not."
  );
}

/** What undoes an order's result once it is carried out, through the service's changes. */
function undoing(action: string, changes: string): string {
  switch (action) {
    case "create":
      return `delete the service once it exists: ${changes} with {"action": "delete", "confirmName": "<the service's name>"}`;
    case "suspend":
      return `resume the service: ${changes} with {"action": "resume"}`;
    case "resume":
      return `suspend the service: ${changes} with {"action": "suspend"}`;
    case "delete":
      return "contact support at once if the service must stay";
    default:
      return `change it back: ${changes} with {"action": "change", "set": {…}}`;
  }
}

function timelineStatus(after: unknown): string | null {
  const s = after && typeof after === "object" ? (after as Record<string, unknown>).status : undefined;
  return typeof s === "string" ? s : null;
}

/** The documented OrderSummary fields, which a list row and a full order both have. */
const ORDER_SUMMARY = [
  "id",
  "kind",
  "action",
  "serviceId",
  "status",
  "customerId",
  "customerName",
  "naturalKey",
  "displayName",
  "upstreamRef",
  "attemptCount",
  "lastError",
  "createdAt",
  "updatedAt",
] as const;

const orderSummaryOut = (o: Pick<ResellerOrderRow, (typeof ORDER_SUMMARY)[number]>) => apiFields(o, ORDER_SUMMARY);

function orderOut(o: OrderWithoutAttempts) {
  return {
    ...orderSummaryOut({ ...o, serviceId: o.serviceId ?? o.createdService?.id ?? null, customerName: o.customer.name }),
    finishedAt: o.finishedAt?.toISOString() ?? null,
    fields: o.payload as Record<string, unknown>,
    // Stored as keys; the API answers the English it always has (docs/api.md).
    fieldErrors: fieldProblemsInEnglish(o.fieldErrors),
    timeline: o.audit.map((e) => ({
      at: e.at.toISOString(),
      action: e.action,
      status: timelineStatus(e.after),
      actor: e.actorType as "user" | "worker" | "system",
      actorLabel: e.actorLabel,
      reason: e.reason,
    })),
  };
}

/**
 * The headers of an answer that placed an order or repeated a placing: where to follow it, and
 * `Idempotent-Replayed: true` on a repeat only (the document declares it on the 200 alone).
 */
export function replayHeaders(orderId: string, duplicate: boolean): Record<string, string> {
  return { Location: `/api/v1/orders/${orderId}`, ...(duplicate ? { "Idempotent-Replayed": "true" } : {}) };
}

/**
 * A new order's answer from what placing wrote: the same document `GET /orders/{id}` gives at
 * that moment (tests/integration/api-orders.test.ts compares them), without reading it back.
 */
function placedOut(o: PlacedOrder) {
  return {
    ...orderSummaryOut({
      ...o,
      action: "create" as const,
      serviceId: null,
      upstreamRef: null,
      attemptCount: 0,
      lastError: null,
    }),
    finishedAt: null,
    fields: o.payload as Record<string, unknown>,
    fieldErrors: null,
    timeline: [
      {
        at: o.event.at.toISOString(),
        action: "order.placed",
        status: o.status,
        actor: "user" as const,
        actorLabel: o.event.actorLabel,
        reason: o.event.reason,
      },
    ],
  };
}

export async function orderResponse(
  resellerId: string,
  id: string,
  status = 200,
  headers: Record<string, string> = {},
) {
  const o = await getOrderWithoutAttempts(resellerId, id);
  if (!o) return problem(404, NOT_FOUND);
  // Staff's notes and addresses stay internal, and texts written for support are in the
  // reseller's wording, as on the order page.
  const audit = await auditForReseller(o.audit, () => o.action);
  return json(orderOut({ ...o, lastError: resellerWording(o.lastError, o.action), audit }), status, headers);
}

export async function listOrdersApi({ principal, request }: ApiContext<unknown>): Promise<Response> {
  const q = queryOf(request, orderListQuerySchema);
  if (!q.ok) return q.res;
  const page = await listOrdersForReseller(principal.resellerId, q.data);
  return json({
    data: page.rows.map(orderSummaryOut),
    nextCursor: page.nextCursor,
  });
}

export async function getOrderApi({ principal, params }: ApiContext<Id>): Promise<Response> {
  return orderResponse(principal.resellerId, params.id);
}

// The names a body takes at its top level; others are refused, as inside `fields` (unknown-fields.ts).
const PLACE_ORDER_NAMES: ReadonlySet<string> = new Set(["kind", "customerId", "fields"]);
const CANCEL_NAMES: ReadonlySet<string> = new Set(["reason"]);

export const prefixed = (errors: FieldErrors, prefix: string): FieldErrors =>
  Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${prefix}${k}`, v]));

export async function placeOrderApi({ principal, request }: ApiContext<unknown>): Promise<Response> {
  const key = usableIdempotencyKey(request.headers.get("idempotency-key"));
  if (!key)
    return problem(
      400,
      "Send an `Idempotency-Key` header of 8–100 characters without control characters (a UUID is ideal); repeating a request with the same key returns the first order instead of placing another.",
    );
  const body = await readJson(request);
  if (!body.ok) return body.res;
  // A body that is no object (null, a list, a number) has no field to name: it is refused as a
  // whole, with the shape to send, rather than as a problem of `kind`.
  if (!isJsonObject(body.body)) return problem(422, NOT_AN_ORDER);
  // The envelope (kind, customerId) is checked here; `fields` by placeOrder with the kind's form
  // schema, once (the documented body schema would parse them twice).
  const envelope = placeOrderEnvelopeSchema.safeParse(body.body);
  const raw = body.body;
  if (!envelope.success) {
    const top: FieldErrors = {};
    for (const issue of envelope.error.issues) {
      if (issue.path[0] === "fields") continue;
      const field = issue.path.length ? issue.path.map(String).join(".") : "kind";
      top[field] = [...(top[field] ?? []), issue.message];
    }
    if (Object.keys(top).length) return problem(422, "Correct the fields listed in `errors`.", top);
  }
  const unknownTop = unknownFields(raw, PLACE_ORDER_NAMES, "");
  if (Object.keys(unknownTop).length) return problem(422, "Correct the fields listed in `errors`.", unknownTop);
  if (raw.fields !== undefined && (raw.fields === null || typeof raw.fields !== "object" || Array.isArray(raw.fields)))
    return problem(422, "Correct the fields listed in `errors`.", {
      fields: ["Send the order's fields as a JSON object of field names and values."],
    });
  if (isOrderKind(String(raw.kind))) {
    const unknown = unknownFields(raw.fields, formFieldNames(raw.kind as OrderKindName), "fields.");
    if (Object.keys(unknown).length) return problem(422, "Correct the fields listed in `errors`.", unknown);
  }
  const result = await placeOrder(principal.user, {
    resellerId: principal.resellerId,
    customerId: String(raw.customerId),
    kind: String(raw.kind),
    idempotencyKey: key,
    form: raw.fields ?? {},
    parseOptions: API_PARSE_OPTIONS,
  });
  if (!result.ok) {
    if (result.refusal === "notFound")
      return problem(422, "Correct the fields listed in `errors`.", {
        customerId: [
          "No customer of yours has this id: send the id of one of your customers (a UUID from GET /api/v1/customers).",
        ],
      });
    if (result.refusal === "keyUsedForAnother" && result.keyHolder) return keyUsedForAnother(result.keyHolder);
    const errors = prefixed(result.fieldErrors, "fields.");
    return problem(
      result.refusal === "limit" ? 409 : 422,
      result.formError ?? "Correct the fields listed in `errors`.",
      errors,
    );
  }
  const headers = replayHeaders(result.orderId, result.duplicate);
  // A new order is answered from the write; a repeated key reads the first order as it is now.
  if (result.placed) return json(placedOut(result.placed), 201, headers);
  return orderResponse(principal.resellerId, result.orderId, result.duplicate ? 200 : 201, headers);
}

export async function cancelOrderApi({ principal, params, request }: ApiContext<Id>): Promise<Response> {
  let reason: string | undefined;
  const body = await readOptionalJson(request);
  if (!body.ok) return body.res;
  if (body.body !== undefined) {
    const b = body.body;
    if (b !== null && (typeof b !== "object" || Array.isArray(b)))
      return problem(422, 'Send no body, or a JSON object: {"reason": "…"}.');
    const unknown = unknownFields(body.body, CANCEL_NAMES, "");
    if (Object.keys(unknown).length) return problem(422, "Correct the fields listed in `errors`.", unknown);
    const parsed = cancelOrderBodySchema.safeParse(body.body ?? {});
    if (!parsed.success)
      return problem(422, "Correct the fields listed in `errors`.", z.flattenError(parsed.error).fieldErrors);
    reason = parsed.data.reason;
  }
  if (!(await getOrderWithoutAttempts(principal.resellerId, params.id))) return problem(404, NOT_FOUND);
  // Without a reason of the client's, the portal's own words, shown in each reader's language.
  const result = await cancelOrder(principal.user, params.id, reason?.trim() || portalText("cancelledThroughApi"));
  if (!result.ok) {
    if (result.refusal === "notFound") return problem(404, NOT_FOUND);
    if (result.refusal === "changedMeanwhile") return problem(409, changedMeanwhile(params.id));
    return problem(409, result.order ? notCancellable(result.order) : result.formError);
  }
  return orderResponse(principal.resellerId, params.id);
}
