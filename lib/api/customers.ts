// /api/v1/customers handlers: the same lib/customers functions the reseller's pages use, scoped
// by the token's reseller.
import type { Actor } from "@/lib/audit/record-audit";
import { createCustomer, updateCustomer } from "@/lib/customers/mutations";
import { getCustomer, isUuid, listCustomers } from "@/lib/customers/queries";
import { CUSTOMER_FIELDS } from "@/lib/customers/schemas";
import { usableIdempotencyKey } from "@/lib/orders/idempotency-key";
import { fromCustomerCursor, toCustomerCursor } from "./customer-cursor";
import { apiFields } from "./fields";
import { type ApiContext, json, readJson } from "./handler";
import { ifMatchVersions } from "./if-match";
import { problem } from "./problem";
import { queryOf } from "./query";
import { customerListQuerySchema } from "./schemas";
import type { ApiPrincipal } from "./tokens";
import { unknownFields } from "./unknown-fields";
import { API_PARSE_OPTIONS } from "./zod-messages";

type Id = { id: string };

// The token's owner acts, through the named token: both show in the audit trail (the
// principal's e-mail already names the token, lib/api/tokens.ts).
const apiActor = (p: ApiPrincipal): Actor => ({ type: "user", id: p.user.id, label: p.user.email ?? p.user.id });

const CUSTOMER_FIELD_NAMES: ReadonlySet<string> = new Set(CUSTOMER_FIELDS);

/**
 * A customer body's shape, before the form schema reads it: an object, and only the fields a
 * customer has. The schema alone would drop an unknown name, and a PUT, which clears what it is
 * not sent, would then empty the field meant ("ref" for "reference").
 */
function bodyRefusal(body: unknown): Response | undefined {
  if (!body || typeof body !== "object" || Array.isArray(body))
    return problem(422, 'Send the customer as a JSON object: {"name": …, "email": …, "reference": …, "notes": …}.');
  const unknown = unknownFields(body, CUSTOMER_FIELD_NAMES, "");
  if (Object.keys(unknown).length) return problem(422, "Correct the fields listed in `errors`.", unknown);
  return undefined;
}

type CustomerSummarySource = {
  id: string;
  name: string;
  email: string | null;
  reference: string | null;
  createdAt: Date;
};

/** The documented CustomerSummary (a list row); a full customer adds its notes and last change. */
function customerSummaryOut(c: CustomerSummarySource) {
  return apiFields(c, ["id", "name", "email", "reference", "createdAt"]);
}

function customerOut(c: NonNullable<Awaited<ReturnType<typeof getCustomer>>>) {
  return { ...customerSummaryOut(c), ...apiFields(c, ["notes", "updatedAt"]) };
}

/**
 * A customer's version as an entity tag: its updatedAt in milliseconds. Strong, because If-Match
 * compares strongly (RFC 9110 §13.1.1) and every write gives the customer a new updatedAt. A PUT
 * with `If-Match` is refused with 412 once the customer has changed since (docs/api.md "Requests
 * and answers").
 */
const customerEtag = (updatedAt: Date) => `"${updatedAt.getTime()}"`;

/** 412: the customer changed since the client read it; the answer names its ETag now. */
function changedSince(updatedAt: Date): Response {
  const etag = customerEtag(updatedAt);
  return problem(
    412,
    `The customer is now at ETag ${etag}, not the one in If-Match: GET it again, apply your change ` +
      `to what it holds now, and send the PUT with \`If-Match: ${etag}\`.`,
    undefined,
    { ETag: etag },
  );
}

export async function listCustomersApi({ principal, request }: ApiContext<unknown>): Promise<Response> {
  const q = queryOf(request, customerListQuerySchema);
  if (!q.ok) return q.res;
  const page = await listCustomers(principal.resellerId, {
    q: q.data.q,
    after: q.data.cursor ? fromCustomerCursor(q.data.cursor) : undefined,
    limit: q.data.limit,
  });
  return json({
    data: page.rows.map(customerSummaryOut),
    nextCursor: page.nextAfter ? toCustomerCursor(page.nextAfter) : null,
  });
}

export async function getCustomerApi({ principal, params }: ApiContext<Id>): Promise<Response> {
  const c = await getCustomer(principal.resellerId, params.id);
  return c
    ? json(customerOut(c), 200, { ETag: customerEtag(c.updatedAt) })
    : problem(404, "No customer of yours has this id.");
}

export async function createCustomerApi({ principal, request }: ApiContext<unknown>): Promise<Response> {
  // Optional here (a customer's name is unique, so a blind repeat is refused, never doubled), but
  // with it a client that lost the answer gets the customer back instead of "name already used".
  const rawKey = request.headers.get("idempotency-key");
  const key = usableIdempotencyKey(rawKey);
  if (rawKey !== null && !key)
    return problem(400, "Send an `Idempotency-Key` header of 8–100 characters without control characters, or none.");
  const body = await readJson(request);
  if (!body.ok) return body.res;
  const refused = bodyRefusal(body.body);
  if (refused) return refused;
  const result = await createCustomer(principal.resellerId, body.body, apiActor(principal), key, API_PARSE_OPTIONS);
  if (!result.ok) return problem(422, result.formError ?? "Correct the fields listed in `errors`.", result.fieldErrors);
  const c = await getCustomer(principal.resellerId, result.data.id);
  if (!c) return problem(404, "No customer of yours has this id.");
  const etag = customerEtag(c.updatedAt);
  const location = `/api/v1/customers/${result.data.id}`;
  if (result.data.replayed)
    return json(customerOut(c), 200, { Location: location, "Idempotent-Replayed": "true", ETag: etag });
  return json(customerOut(c), 201, { Location: location, ETag: etag });
}

export async function updateCustomerApi({ principal, params, request }: ApiContext<Id>): Promise<Response> {
  if (!isUuid(params.id) || !(await getCustomer(principal.resellerId, params.id)))
    return problem(404, "No customer of yours has this id.");
  const body = await readJson(request);
  if (!body.ok) return body.res;
  const refused = bodyRefusal(body.body);
  if (refused) return refused;
  const versions = ifMatchVersions(request.headers.get("if-match"), /\d{1,16}/);
  const result = await updateCustomer(
    principal.resellerId,
    params.id,
    body.body,
    apiActor(principal),
    versions && { updatedAt: versions },
    API_PARSE_OPTIONS,
  );
  if (!result.ok) {
    if ("updatedAt" in result) return changedSince(result.updatedAt);
    if (Object.keys(result.fieldErrors).length === 0) return problem(404, "No customer of yours has this id.");
    return problem(422, "Correct the fields listed in `errors`.", result.fieldErrors);
  }
  const c = await getCustomer(principal.resellerId, params.id);
  return json(customerOut(c!), 200, { ETag: customerEtag(c!.updatedAt) });
}
