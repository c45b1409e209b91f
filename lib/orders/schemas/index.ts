// The order kinds (docs/design.md invariant 8; typing: docs/maintenance.md "The order-kind
// registry"): one schema module per kind, used by the form (hints), the server action (truth)
// and the worker (payload check and request body).
// Keyed by the Prisma enum OrderKind; nothing here imports Node-only modules, so the form's
// client components may import it too.
import type { z } from "zod";
import { addFieldError, type FieldErrors } from "@/lib/forms/field-errors";
import { formDataToObject } from "./form-data";
import { type GrommunioDomainForm, type GrommunioDomainPayload, grommunioDomain } from "./grommunio-domain";
import { type GrommunioServerForm, type GrommunioServerPayload, grommunioServer } from "./grommunio-server";
import { type QboxmailDomainForm, type QboxmailDomainPayload, qboxmailDomain } from "./qboxmail-domain";
import { type QboxmailManagerForm, type QboxmailManagerPayload, qboxmailManager } from "./qboxmail-manager";
import type { FieldMeta, FieldSection, OrderKindDefinition, OrderKindName, Secrets, UpstreamRequest } from "./types";

export { toIdnaAscii, toUnicode } from "@/lib/forms/idna";
export type * from "./types";

/** What each kind's form submits and what its order stores, as its schema module defines them. */
type KindTypes = {
  qboxmail_domain: { form: QboxmailDomainForm; payload: QboxmailDomainPayload };
  qboxmail_manager: { form: QboxmailManagerForm; payload: QboxmailManagerPayload };
  grommunio_domain: { form: GrommunioDomainForm; payload: GrommunioDomainPayload };
  grommunio_server: { form: GrommunioServerForm; payload: GrommunioServerPayload };
};
export type OrderPayloadOf<K extends OrderKindName> = KindTypes[K]["payload"];
export type KindSpec<K extends OrderKindName> = OrderKindDefinition<K, KindTypes[K]["form"], OrderPayloadOf<K>>;

/**
 * Indexed by a kind K, the registry gives that kind's own definition (`KindSpec<K>`), so code
 * written once for every kind stays typed: a function generic in K passes the form its schema
 * parsed to that same kind's split(), and the stored payload to its toUpstream(). With a plain
 * union of kinds (not a generic K), only the fields common to all kinds can be used.
 */
export const orderKinds: { [K in OrderKindName]: KindSpec<K> } = {
  qboxmail_domain: qboxmailDomain,
  qboxmail_manager: qboxmailManager,
  grommunio_domain: grommunioDomain,
  grommunio_server: grommunioServer,
};

export const ORDER_KINDS = Object.keys(orderKinds) as OrderKindName[];

export function isOrderKind(value: unknown): value is OrderKindName {
  return typeof value === "string" && Object.hasOwn(orderKinds, value);
}

export type { FieldErrors } from "@/lib/forms/field-errors";

/** Field errors keyed by the form field's name; nested fields by dotted path ("syncPolicy.allowwifi"). */
export function fieldErrorsOf(error: z.ZodError): { fieldErrors: FieldErrors; formErrors: string[] } {
  const fieldErrors: FieldErrors = {};
  const formErrors: string[] = [];
  for (const issue of error.issues) {
    if (issue.path.length === 0) {
      formErrors.push(issue.message);
      continue;
    }
    const key = issue.path
      .filter((p) => typeof p !== "number")
      .map(String)
      .join(".");
    addFieldError(fieldErrors, key, issue.message);
  }
  return { fieldErrors, formErrors };
}

export type ParsedOrder<K extends OrderKindName = OrderKindName> =
  | { ok: true; payload: OrderPayloadOf<K>; secrets: Secrets; naturalKey: string; displayName: string }
  | { ok: false; fieldErrors: FieldErrors; formErrors: string[] };

/**
 * Validate a submitted form (JSON or formDataToInput output) and split it into the payload to
 * store and the secrets to seal, with the name the order is looked up and shown by. `options`
 * carries a form's language for zod's own messages (lib/i18n/zod-errors.ts); the API passes none.
 */
export function parseOrderForm<K extends OrderKindName>(
  kind: K,
  input: unknown,
  options?: z.core.ParseContext<z.core.$ZodIssue>,
): ParsedOrder<K> {
  const def: KindSpec<K> = orderKinds[kind];
  const parsed = def.formSchema.safeParse(input, options);
  if (!parsed.success) return { ok: false, ...fieldErrorsOf(parsed.error) };
  const { payload, secrets } = def.split(parsed.data);
  return { ok: true, payload, secrets, naturalKey: def.naturalKey(payload), displayName: def.displayName(payload) };
}

export type PreparedPayload =
  | { ready: true; request: (secrets: Secrets) => UpstreamRequest }
  | { ready: false; reason: "invalid" | "waiting" };

/**
 * The worker's view of a stored payload: parsed again (it may predate a schema change), with the
 * order it waits for resolved through `awaitedUpstreamRef` (that order's upstream ID once it
 * has succeeded, else undefined), and the function that builds the upstream request once the
 * secrets are opened.
 */
export function prepareStoredPayload<K extends OrderKindName>(
  kind: K,
  stored: unknown,
  awaitedUpstreamRef: (orderId: string) => number | undefined,
): PreparedPayload {
  const def: KindSpec<K> = orderKinds[kind];
  const parsed = def.payloadSchema.safeParse(stored);
  if (!parsed.success) return { ready: false, reason: "invalid" };
  let payload = parsed.data;
  const awaited = def.dependency?.awaitedOrderId(payload);
  if (def.dependency && awaited !== undefined) {
    const ref = awaitedUpstreamRef(awaited);
    if (ref === undefined) return { ready: false, reason: "waiting" };
    payload = def.dependency.resolve(payload, ref);
  }
  const ready = payload;
  return { ready: true, request: (secrets) => def.toUpstream(ready, secrets) };
}

/** A submitted FormData as the plain object the kind's formSchema expects (see form-data.ts). */
export function formDataToInput(kind: OrderKindName, formData: FormData): Record<string, unknown> {
  return formDataToObject(orderKinds[kind], formData);
}

/**
 * The field names a kind's form takes: its form schema's keys (an object schema; its cross-field
 * rules are checks on it). The API refuses any other name (lib/api/unknown-fields.ts).
 */
export function formFieldNames(kind: OrderKindName): ReadonlySet<string> {
  const schema = orderKinds[kind].formSchema as unknown as { shape?: Record<string, unknown> };
  return new Set(Object.keys(schema.shape ?? {}));
}

// The upstream identifiers an administrator sets for a reseller and placing writes into the
// payload (applyAccountIds in lib/orders/order-checks.ts): no form shows them, so a provider's
// refusal of one is named for who can fix it.
const ADMIN_SET: Partial<Record<OrderKindName, FieldMeta[]>> = {
  grommunio_domain: [{ name: "orgID", label: "Organisation (set by your provider's administrator)", input: "number" }],
  qboxmail_domain: [
    { name: "customer_code", label: "Customer code (set by your provider's administrator)", input: "text" },
    { name: "outbound_limit_id", label: "Outbound limit (set by your provider's administrator)", input: "number" },
  ],
};

/**
 * Every field a kind's orders can carry a problem on: the order form's sections, the fields only a
 * change takes (a manager's Delivery limits) and those an administrator sets, so "Problems by
 * field" names each by its label.
 */
export function labelledFieldSections(kind: unknown): FieldSection[] {
  if (!isOrderKind(kind)) return [];
  const def = orderKinds[kind];
  // The change-only fields are limits (the service page shows them with the others).
  return [
    ...def.fieldSections,
    { id: "limits", title: "", fields: def.changeOnlyFields ?? [] },
    { id: "basics", title: "", fields: ADMIN_SET[kind] ?? [] },
  ];
}
