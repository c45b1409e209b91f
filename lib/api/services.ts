// /api/v1/services handlers: the same lib/services reads and placeChange as the reseller's
// service pages, scoped by the token's reseller.
import { usableIdempotencyKey } from "@/lib/orders/idempotency-key";
import { ACTIONS_BY_KIND, type ChangeAction, changeableFields } from "@/lib/services/change-kinds";
import { type PlaceChangeRefusal, PURGE_REFUSED, placeChange } from "@/lib/services/place-change";
import { getService } from "@/lib/services/queries";
import { refreshUnlessRecent } from "@/lib/services/read-live";
import { listServices, type ServiceRow } from "@/lib/services/service-list";
import { settingsVersion } from "@/lib/services/settings-version";
import { apiFields } from "./fields";
import { type ApiContext, json, readJson } from "./handler";
import { ifMatchVersions } from "./if-match";
import { keyUsedForAnother, orderResponse, prefixed, replayHeaders } from "./orders";
import { problem } from "./problem";
import { queryOf } from "./query";
import { serviceChangeBodySchema, serviceListQuerySchema } from "./schemas";
import { unknownFields } from "./unknown-fields";
import { API_PARSE_OPTIONS } from "./zod-messages";

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

// A settings version's form (settings-version.ts), as an If-Match carries it.
const SETTINGS_VERSION = /[0-9a-f]{20}/;

// The names a change body takes; others are refused, as inside `set` (unknown-fields.ts).
const CHANGE_BODY_NAMES: ReadonlySet<string> = new Set(["action", "set", "confirmName", "purge"]);
/** The refusals that are the service's state, not the request's fault: 409. */
const CONFLICTS: readonly PlaceChangeRefusal[] = [
  "changeRunning",
  "serviceEnded",
  "blockedByOpenOrders",
  "settingsUnverifiable",
  "waitsForActivation",
];
export async function listServicesApi({ principal, request }: ApiContext<unknown>): Promise<Response> {
  const q = queryOf(request, serviceListQuerySchema);
  if (!q.ok) return q.res;
  const { limit, ...filters } = q.data;
  const page = await listServices(principal.resellerId, filters, limit);
  return json({ data: page.rows.map(serviceOut), nextCursor: page.nextCursor });
}

/**
 * One service, read from its provider now as the service page reads it (unless read within
 * FRESH_READING_MS, lib/services/read-live.ts; the last reading when the provider cannot be read,
 * with its `readAt`), with its settings and their version as the ETag that a change's If-Match names.
 */
export async function getServiceApi({ principal, params }: ApiContext<{ id: string }>): Promise<Response> {
  const s = await getService(principal.resellerId, params.id);
  if (!s) return problem(404, "No service of yours has this id.");
  const reading = s.status === "active" ? await refreshUnlessRecent(s) : undefined;
  const settings = (reading?.ok ? reading.settings : (s.settings ?? {})) as Record<string, unknown>;
  const read = reading?.ok ? { upstreamState: reading.state, readAt: reading.readAt } : {};
  return json({ ...serviceOut({ ...s, ...read }), settings }, 200, {
    ETag: serviceEtag(settingsVersion(s.kind, settings)),
  });
}

const serviceEtag = (version: string) => `"${version}"`;

/** 412: the service's settings changed since the client read them; the answer names their ETag now. */
function settingsChangedSince(version: string): Response {
  const etag = serviceEtag(version);
  return problem(
    412,
    `The service's settings are now at ETag ${etag}, not the one in If-Match: GET the service again, ` +
      `apply your change to what it holds now, and send it with \`If-Match: ${etag}\`.`,
    undefined,
    { ETag: etag },
  );
}

/**
 * A suspend of a Qboxmail domain still waiting for its ownership check, in the API's words: the
 * portal's sentence (sentences.disableWaitsForActivation) points at the service page's "Check
 * now", which an API client has no page to press. The portal re-checks ownership by itself
 * (docs/lifecycle.md "Activation"), so the client waits for the state and sends the suspend again.
 */
function waitsForActivation(serviceId: string): string {
  return (
    "This domain is still waiting for its ownership check, and Qboxmail disables a domain only once it is active, " +
    "so nothing was placed. Once the ownership record shown on the domain's page in the portal is published, " +
    `the portal checks it by itself: GET /api/v1/services/${serviceId} shows \`upstreamState\`; send the suspend again once it ` +
    `no longer reads \`ownership_check\`. To stop the domain for good instead, delete it: POST /api/v1/services/${serviceId}/changes ` +
    'with {"action": "delete", "confirmName": "<the service\'s name>"}.'
  );
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
  // A body that is no object has no field to name: refused as a whole, with the shape to send.
  if (body.body === null || typeof body.body !== "object" || Array.isArray(body.body))
    return problem(
      422,
      'Send the change as a JSON object: {"action": "change", "set": {…}}, {"action": "suspend"}, {"action": "resume"} or {"action": "delete", "confirmName": "<the service\'s name>"}.',
    );
  const unknownTop = unknownFields(body.body, CHANGE_BODY_NAMES, "", "refused");
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
  // What another action would take is refused rather than dropped: a client sending `set` with a
  // suspend, or `confirmName` with a change, means something this request would not do.
  const { action, set, confirmName } = parsed.data;
  const misplaced: Record<string, string[]> = {};
  if (action !== "change" && set !== undefined)
    misplaced.set = [`Only a change takes \`set\`: leave it out of a ${action}.`];
  if (action !== "delete" && confirmName !== undefined)
    misplaced.confirmName = [`Only a delete takes \`confirmName\`: leave it out of a ${action}.`];
  if (Object.keys(misplaced).length) return problem(422, "Correct the fields listed in `errors`.", misplaced);
  const offered = ACTIONS_BY_KIND[service.kind];
  if (!offered.includes(action as ChangeAction))
    return problem(422, "Correct the fields listed in `errors`.", {
      action: [`A ${service.kind} service offers: ${offered.join(", ")}.`],
    });
  // The administrator's fields too: a change has no account value to write in for them.
  const unknown = unknownFields(parsed.data.set, changeableFields(service.kind), "set.", "refused");
  if (Object.keys(unknown).length) return problem(422, "Correct the fields listed in `errors`.", unknown);
  const result = await placeChange(principal.user, {
    serviceId: params.id,
    action: parsed.data.action,
    idempotencyKey: key,
    form: parsed.data.set ?? {},
    parseOptions: API_PARSE_OPTIONS,
    confirmName: parsed.data.confirmName,
    purge: parsed.data.purge,
    expectedVersions: ifMatchVersions(request.headers.get("if-match"), SETTINGS_VERSION),
  });
  if (!result.ok) {
    if (result.staleVersion !== undefined) return settingsChangedSince(result.staleVersion);
    if (result.refusal === "notFound") return problem(404, "No service of yours has this id.");
    if (result.refusal === "keyUsedForAnother" && result.keyHolder) return keyUsedForAnother(result.keyHolder);
    if (result.refusal === "purgeRefused") return problem(403, PURGE_REFUSED, undefined, {}, "actionForbidden");
    if (result.refusal === "waitsForActivation") return problem(409, waitsForActivation(params.id));
    const { confirmName, ...settings } = result.fieldErrors;
    const errors = { ...prefixed(settings, "set."), ...(confirmName ? { confirmName } : {}) };
    // A running change, an ended service or a server with domain orders still open is a state conflict; anything else is the request's fault.
    const conflict = result.refusal !== undefined && CONFLICTS.includes(result.refusal);
    return problem(conflict ? 409 : 422, result.formError ?? "Correct the fields listed in `errors`.", errors);
  }
  const headers = replayHeaders(result.orderId, result.duplicate);
  return orderResponse(principal.resellerId, result.orderId, result.duplicate ? 200 : 202, headers);
}
