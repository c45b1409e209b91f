// The order kinds (docs/design.md invariant 8): one schema module per kind, used by the form
// (hints), the server action (truth) and the worker (payload check and request body).
// Keyed by the Prisma enum OrderKind; nothing here imports Node-only modules, so the form's
// client components may import it too.
import type { z } from "zod";
import { addFieldError, type FieldErrors } from "@/lib/forms/field-errors";
import { formDataToObject } from "./form-data";
import { grommunioDomain } from "./grommunio-domain";
import { grommunioServer } from "./grommunio-server";
import { qboxmailDomain } from "./qboxmail-domain";
import { qboxmailManager } from "./qboxmail-manager";
import type { OrderKindDefinition, OrderKindName, Secrets, UpstreamRequest } from "./types";

export { withResolvedHomeserver } from "./grommunio-domain";
export { toIdnaAscii, toUnicode } from "./idna";
export type * from "./types";

/** Loosely typed view for code that handles every kind (payloads are checked by the schemas). */
export type AnyOrderKind = OrderKindDefinition<Record<string, unknown>, Record<string, unknown>>;

export const orderKinds: Record<OrderKindName, AnyOrderKind> = {
  qboxmail_domain: qboxmailDomain as unknown as AnyOrderKind,
  qboxmail_manager: qboxmailManager as unknown as AnyOrderKind,
  grommunio_domain: grommunioDomain as unknown as AnyOrderKind,
  grommunio_server: grommunioServer as unknown as AnyOrderKind,
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

export type ParsedOrder =
  | { ok: true; payload: Record<string, unknown>; secrets: Secrets }
  | { ok: false; fieldErrors: FieldErrors; formErrors: string[] };

/** Validate a submitted form (JSON or formDataToInput output) and split it into payload and secrets. */
export function parseOrderForm(kind: OrderKindName, input: unknown): ParsedOrder {
  const def = orderKinds[kind];
  const parsed = def.formSchema.safeParse(input);
  if (!parsed.success) return { ok: false, ...fieldErrorsOf(parsed.error) };
  return { ok: true, ...def.split(parsed.data) };
}

/** The worker's check of a stored payload: throws a ZodError if it no longer satisfies the schema. */
export function parseStoredPayload(kind: OrderKindName, payload: unknown): Record<string, unknown> {
  return orderKinds[kind].payloadSchema.parse(payload);
}

/** Re-parse the stored payload and build the exact upstream request (secrets re-inserted). */
export function buildUpstreamRequest(kind: OrderKindName, payload: unknown, secrets: Secrets): UpstreamRequest {
  const def = orderKinds[kind];
  return def.toUpstream(def.payloadSchema.parse(payload), secrets);
}

/** A submitted FormData as the plain object the kind's formSchema expects (see form-data.ts). */
export function formDataToInput(kind: OrderKindName, formData: FormData): Record<string, unknown> {
  return formDataToObject(orderKinds[kind], formData);
}
