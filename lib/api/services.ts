// /api/v1/services handlers: the same lib/services reads and placeChange as the reseller's
// service pages, scoped by the token's reseller.
import { usableIdempotencyKey } from "@/lib/orders/idempotency-key";
import { changeableFields } from "@/lib/services/change-kinds";
import { PURGE_REFUSED, placeChange } from "@/lib/services/place-change";
import { getService } from "@/lib/services/queries";
import { listServices, type ServiceRow } from "@/lib/services/service-list";
import { apiFields } from "./fields";
import { type ApiContext, json, readJson } from "./handler";
import { orderResponse, prefixed } from "./orders";
import { problem } from "./problem";
import { queryOf } from "./query";
import { serviceChangeBodySchema, serviceListQuerySchema } from "./schemas";
import { unknownFields } from "./unknown-fields";

const SERVICE_FIELDS = [
  "id",
  "kind",
  "provider",
  "status",
  "upstreamRef",
  "naturalKey",
  "displayName",
  "upstreamState",
  "readAt",
  "createdAt",
] as const;

function serviceOut(s: ServiceRow) {
  return { ...apiFields(s, SERVICE_FIELDS), customerId: s.customer.id, customerName: s.customer.name };
}

// The names a change body takes; others are refused, as inside `set` (unknown-fields.ts).
const CHANGE_BODY_NAMES: ReadonlySet<string> = new Set(["action", "set", "confirmName", "purge"]);
export async function listServicesApi({ principal, request }: ApiContext<unknown>): Promise<Response> {
  const q = queryOf(request, serviceListQuerySchema);
  if (!q.ok) return q.res;
  const { limit, ...filters } = q.data;
  const page = await listServices(principal.resellerId, filters, limit);
  return json({ data: page.rows.map(serviceOut), nextCursor: page.nextCursor });
}

export async function getServiceApi({ principal, params }: ApiContext<{ id: string }>): Promise<Response> {
  const s = await getService(principal.resellerId, params.id);
  return s ? json(serviceOut(s)) : problem(404, "No service of yours has this id.");
}

/**
 * A change, suspend, resume or delete of a service, placed as an order through the same
 * pipeline as the service page's buttons; the answer is that order (follow it with orders:read).
 */
export async function changeServiceApi({ principal, params, request }: ApiContext<{ id: string }>): Promise<Response> {
  const key = usableIdempotencyKey(request.headers.get("idempotency-key"));
  if (!key)
    return problem(
      400,
      "Send an `Idempotency-Key` header of 8–100 characters without control characters (a UUID is ideal); repeating a request with the same key returns the first change order instead of placing another.",
    );
  const service = await getService(principal.resellerId, params.id);
  if (!service) return problem(404, "No service of yours has this id.");
  const body = await readJson(request);
  if (!body.ok) return body.res;
  const unknownTop = unknownFields(body.body, CHANGE_BODY_NAMES, "");
  if (Object.keys(unknownTop).length) return problem(422, "Correct the fields listed in `errors`.", unknownTop);
  const parsed = serviceChangeBodySchema.safeParse(body.body);
  if (!parsed.success) {
    const errors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path.length ? issue.path.map(String).join(".") : "action";
      errors[field] = [...(errors[field] ?? []), issue.message];
    }
    return problem(422, "Correct the fields listed in `errors`.", errors);
  }
  const unknown = unknownFields(parsed.data.set, changeableFields(service.kind), "set.");
  if (Object.keys(unknown).length) return problem(422, "Correct the fields listed in `errors`.", unknown);
  const result = await placeChange(principal.user, {
    serviceId: params.id,
    action: parsed.data.action,
    idempotencyKey: key,
    form: parsed.data.set ?? {},
    confirmName: parsed.data.confirmName,
    purge: parsed.data.purge,
  });
  if (!result.ok) {
    if (result.formError === "Not found.") return problem(404, "No service of yours has this id.");
    if (result.formError === PURGE_REFUSED) return problem(403, PURGE_REFUSED);
    const { confirmName, ...settings } = result.fieldErrors;
    const errors = { ...prefixed(settings, "set."), ...(confirmName ? { confirmName } : {}) };
    // A running change, an ended service or a server with domain orders still open is a state conflict; anything else is the request's fault.
    const conflict = result.blockedByOpenOrders || /still running|has ended/.test(result.formError ?? "");
    return problem(conflict ? 409 : 422, result.formError ?? "Correct the fields listed in `errors`.", errors);
  }
  const headers = { Location: `/api/v1/orders/${result.orderId}`, "Idempotent-Replayed": String(result.duplicate) };
  return orderResponse(principal.resellerId, result.orderId, result.duplicate ? 200 : 202, headers);
}
