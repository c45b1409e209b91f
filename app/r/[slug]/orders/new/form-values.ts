// Converting between what the order form shows and what is stored: flat field names (dotted for
// the sync policy), values as the inputs hold them. Used to pre-fill "edit and resubmit".
import { toUnicodeInput } from "@/lib/forms/idna";
import type { FieldMeta, FieldSection, OrderKindName } from "@/lib/orders/schemas";
import { SERVER_ORDER_PREFIX } from "@/lib/orders/schemas/form-data";

export type FormValue = string | boolean | string[];
export type FormValues = Record<string, FormValue>;

export const fieldId = (name: string) => `field-${name.replace(/\./g, "-")}`;

/** Each kind's domain name field, typed in Unicode or ASCII, and its longest encoded form. */
export const IDNA_FIELDS: Partial<Record<OrderKindName, { name: string; maxLength: number }>> = {
  grommunio_domain: { name: "domainname", maxLength: 64 },
  qboxmail_domain: { name: "name", maxLength: 253 },
};

function get(source: Record<string, unknown>, name: string): unknown {
  // The home-server picker holds one value for the two payload fields (form-data.ts).
  if (name === "homeserver" && typeof source.homeserverOrderId === "string")
    return `${SERVER_ORDER_PREFIX}${source.homeserverOrderId}`;
  const [head, key] = name.split(".", 2);
  if (key === undefined || !head) return source[name];
  const group = source[head];
  return group && typeof group === "object" ? (group as Record<string, unknown>)[key] : undefined;
}

function toFormValue(field: FieldMeta, raw: unknown): FormValue | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (field.input === "checkbox") return raw === true || raw === 1 || raw === "true";
  if (field.input === "list") return Array.isArray(raw) ? raw.map(String) : String(raw).split(/\n/);
  if (field.input === "password") return undefined;
  return String(raw);
}

/**
 * Form values from defaults overlaid with a source (a stored payload); passwords never included.
 * A key missing from a group the source holds (a setting of the domain's own ActiveSync policy
 * the reseller emptied, so it was not sent) stays empty: filled with its default, it would be
 * sent on resubmit as a setting nobody chose. A group the source lacks (the provider's policy)
 * starts from the defaults, for the person who switches to a policy of the domain's own.
 * `idnaField` names the domain name field: the payload holds its ASCII (xn--) form, and the form
 * shows it as the reseller typed it, in Unicode, the preview under the field adding the xn-- form,
 * as the order page names a domain with both (lib/orders/order-sentence.ts).
 */
export function formValuesFrom(
  sections: FieldSection[],
  defaults: Record<string, unknown>,
  source?: Record<string, unknown>,
  { idnaField }: { idnaField?: string } = {},
): FormValues {
  const out: FormValues = {};
  for (const field of sections.flatMap((s) => s.fields)) {
    const value = toFormValue(field, source ? fromSource(source, defaults, field.name) : get(defaults, field.name));
    if (value === undefined) continue;
    out[field.name] = field.name === idnaField && typeof value === "string" ? toUnicodeInput(value) : value;
  }
  return out;
}

function fromSource(source: Record<string, unknown>, defaults: Record<string, unknown>, name: string): unknown {
  const [head, key] = name.split(".", 2);
  const group = key !== undefined && head ? source[head] : undefined;
  if (group && typeof group === "object") return get(source, name);
  return get(source, name) ?? get(defaults, name);
}
