// The change form of each kind is built from the ORDER form's field metadata (lib/orders/schemas):
// one field has one label, help text, unit picker and "No limit" box everywhere, in the person's
// language (docs/order-form.md). The form is prefilled from the settings read at the provider; only
// the fields a person changed are sent, so a form left as it was changes nothing (docs/lifecycle.md).
import type { OrderKind } from "@/lib/generated/prisma/enums";
import { orderKinds } from "@/lib/orders/schemas";
import { formDataToObject, NO_LIMIT_SUFFIX } from "@/lib/orders/schemas/form-data";
import {
  isFeatureOff,
  PLAN_GATED_FIELDS,
  type PlanGatedField,
  planAllows,
  QBOX_PLANS,
} from "@/lib/orders/schemas/qboxmail-plans";
import { policyAsApplied } from "@/lib/orders/schemas/sync-policy";
import type { FieldMeta, FieldSection, QboxPlan } from "@/lib/orders/schemas/types";
import { changeableFields, PASSWORD_PAIRS, takesEmpty } from "./change-kinds";
import type { PlaceChangeInput } from "./place-change";

/** The name of the hidden input holding what the form showed, so unchanged fields are not sent. */
export const SHOWN_FIELD = "shownSettings";

/**
 * The hidden input of a grommunio domain's "use the default policy" form: its change sets
 * `syncPolicy` to null, which removes the domain's own policy (change-kinds.ts).
 */
export const POLICY_TO_DEFAULT_FIELD = "syncPolicyToDefault";

/** Whether a grommunio domain's reading shows a policy of its own (null or {}: it has none). */
export const hasOwnPolicy = (settings: Record<string, unknown>): boolean => {
  const p = settings.syncPolicy;
  return p !== null && typeof p === "object" && Object.keys(p).length > 0;
};

// The order form's fields, then those only a change takes (a Qboxmail manager's Delivery limits).
const orderFieldsOf = (kind: OrderKind): FieldMeta[] => [
  ...orderKinds[kind].fieldSections.flatMap((s) => s.fields),
  ...(orderKinds[kind].changeOnlyFields ?? []),
];

// A change leaves out what is not typed: nothing is required, and no order-form default applies.
const asChangeField =
  (kind: OrderKind) =>
  (f: FieldMeta): FieldMeta => ({
    ...f,
    required: false,
    default: undefined,
    plans: undefined,
    ...(takesEmpty(kind, f.name) ? {} : { keepsValue: true as const }),
  });

const passwordNames = (kind: OrderKind): string[] => {
  const pair = PASSWORD_PAIRS[kind];
  return pair ? [pair.password, pair.confirmation] : [];
};

/**
 * The change form's fields of a kind: the order form's metadata of each field the change schema
 * accepts (change-kinds.ts), in the order form's order. The ActiveSync policy and the password
 * have their own forms.
 */
export function changeFields(kind: OrderKind): FieldMeta[] {
  const accepted = changeableFields(kind);
  const password = passwordNames(kind);
  return orderFieldsOf(kind)
    .filter((f) => accepted.has(f.name) && !password.includes(f.name))
    .map(asChangeField(kind));
}

/**
 * The password form of a Qboxmail domain (its postmaster) or manager: the order form's password and
 * confirmation fields, both asked for. Empty for kinds without a password.
 */
export function passwordChangeFields(kind: OrderKind): FieldMeta[] {
  const password = passwordNames(kind);
  return orderFieldsOf(kind).filter((f) => password.includes(f.name));
}

/**
 * The ActiveSync policy form of a grommunio domain: the order form's five groups. Its on/off
 * settings are selects of Yes and No with "Not set" above them, not switches: a switch cannot
 * show a setting the domain's policy does not hold, nor take one out of it.
 */
export function policySections(): FieldSection[] {
  return orderKinds.grommunio_domain.fieldSections
    .filter((s) => s.id.startsWith("policy-"))
    .map((s) => ({ ...s, fields: s.fields.map(asChangeField("grommunio_domain")).map(asYesNo) }));
}

const asYesNo = (f: FieldMeta): FieldMeta =>
  f.input === "checkbox"
    ? {
        ...f,
        input: "select",
        yesNo: true,
        options: [
          { value: 1, label: "Yes" },
          { value: 0, label: "No" },
        ],
      }
    : f;

/**
 * The features a Qboxmail domain's plan, as last read, does not offer, with the plans that do: the
 * change form shows them greyed out, as the order form does, instead of letting the person switch
 * one on only to be refused (change-against-settings.ts refuses it all the same). A feature that
 * is on anyway (an adopted domain) stays usable, so it can be switched off. Unknown plan: none.
 */
export function planLockedFields(
  kind: OrderKind,
  settings: Record<string, unknown>,
): Record<string, readonly QboxPlan[]> {
  const plan = QBOX_PLANS.find((p) => p === settings.plan);
  if (kind !== "qboxmail_domain" || !plan) return {};
  const locked: Record<string, readonly QboxPlan[]> = {};
  for (const field of Object.keys(PLAN_GATED_FIELDS) as PlanGatedField[])
    if (!planAllows(plan, field) && isFeatureOff(settings[field])) locked[field] = PLAN_GATED_FIELDS[field];
  return locked;
}

/**
 * The settings a form starts from: the provider's. A grommunio domain's policy shows only the keys
 * the domain's own policy holds; the others show "Not set" or an empty box, not grommunio's spec
 * defaults: a domain follows the installation's policy for them, which may differ, and a key
 * shown at its default could not be set to that value (the form sends only what changed). The
 * keys it holds are read as grommunio applies them (policyAsApplied): a lock time over 9999 s
 * shows "Never lock" ticked, and the form, the check for changes since it was shown and the
 * settings version all compare that, so a form saved with that box left ticked sends no lock time.
 */
export function shownSettings(kind: OrderKind, settings: Record<string, unknown>): Record<string, unknown> {
  if (kind !== "grommunio_domain") return settings;
  const policy = settings.syncPolicy;
  return {
    ...settings,
    syncPolicy: policy && typeof policy === "object" ? policyAsApplied(policy as Record<string, unknown>) : {},
  };
}

function valueAt(source: Record<string, unknown>, name: string): unknown {
  const [head, key] = name.split(".", 2);
  if (key === undefined || !head) return source[name];
  const group = source[head];
  return group && typeof group === "object" ? (group as Record<string, unknown>)[key] : undefined;
}

/**
 * One value as the form would send it back, so what was shown and what was submitted compare:
 * switches as "true"/"false", lists one entry per line (a set's sorted), everything else as trimmed text.
 */
function comparable(field: FieldMeta, raw: unknown): string {
  if (field.input === "checkbox") return raw === true || raw === 1 || raw === "1" || raw === "true" ? "true" : "false";
  if (raw === undefined || raw === null) return "";
  // A setting read as "" where "No limit" is written so (a policy's maxattsize) is that value, not
  // an empty box: a domain whose policy lacks the key shows an unticked box, and ticking it is a
  // change. What a form posted is compared by postedComparable, which knows whether the box was ticked.
  if (field.noLimit === "" && raw === "") return NO_LIMIT_SHOWN;
  if (field.yesNo && typeof raw === "boolean") return raw ? "1" : "0";
  if (field.input === "list") {
    const items = Array.isArray(raw) ? raw.map(String) : String(raw).split(field.linesOnly ? /\n/ : /[\n,]/);
    const entries = items.map((s) => s.trim()).filter(Boolean);
    return (field.unordered ? entries.sort() : entries).join("\n");
  }
  return String(raw).trim();
}

/** How a "No limit" written as "" is shown in SHOWN_FIELD and compared: never the text of a typed value. */
const NO_LIMIT_SHOWN = "~no-limit";

/**
 * A size the page showed and the person emptied, where "No limit" is written as "" (a policy's
 * maxattsize): "No limit", as the provider reads an empty value. The form's conversion leaves an
 * empty box with the box unticked out (form-data.ts), which is right for a size never shown.
 */
function emptiedToNoLimit(field: FieldMeta, fd: FormData, shown: Record<string, string> | undefined) {
  if (field.noLimit !== "" || !fd.has(field.name) || String(fd.get(field.name)).trim() !== "") return undefined;
  const before = shown?.[field.name];
  return before && before !== NO_LIMIT_SHOWN ? "" : undefined;
}

/** A posted value as comparable: an empty amount box is "", only the ticked box is "No limit". */
function postedComparable(field: FieldMeta, value: unknown, fd: FormData): string {
  if (field.noLimit !== "") return comparable(field, value);
  return fd.getAll(field.name + NO_LIMIT_SUFFIX).at(-1) === "true" ? NO_LIMIT_SHOWN : String(value ?? "").trim();
}

/** What the form showed, per field name, for the hidden SHOWN_FIELD input. */
export function shownValues(fields: FieldMeta[], settings: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f.name, comparable(f, valueAt(settings, f.name))]));
}

function readShown(fd: FormData): Record<string, string> | undefined {
  const raw = fd.get(SHOWN_FIELD);
  if (typeof raw !== "string") return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed)
      ? (parsed as Record<string, string>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Every field of a kind's change forms: the settings, the ActiveSync policy, the password. */
export const allChangeFields = (kind: OrderKind): FieldMeta[] => [
  ...changeFields(kind),
  ...(kind === "grommunio_domain" ? policySections().flatMap((s) => s.fields) : []),
  ...passwordChangeFields(kind),
];

/**
 * A submitted change form → the object the change schema parses: the order form's conversion
 * (switches, units, "No limit" boxes, form-data.ts), then only the fields whose value differs from
 * what the form showed. Without a SHOWN_FIELD every field the form sent counts.
 */
function changeFormToObject(kind: OrderKind, fd: FormData): Record<string, unknown> {
  if (kind === "grommunio_domain" && fd.get(POLICY_TO_DEFAULT_FIELD) === "true") return { syncPolicy: null };
  const shown = readShown(fd);
  // Only the fields of the form that was sent (the settings form and the policy form are two).
  const fields = allChangeFields(kind).filter((f) => (shown ? f.name in shown : fd.has(f.name)));
  const object = formDataToObject({ fieldSections: [{ id: "basics", title: "", fields }] }, fd);
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const value = valueAt(object, f.name) ?? emptiedToNoLimit(f, fd, shown);
    if (value === undefined) continue;
    if (shown && postedComparable(f, value, fd) === shown[f.name]) continue;
    const [head, key] = f.name.split(".", 2);
    if (key !== undefined && head) out[head] = { ...((out[head] as object | undefined) ?? {}), [key]: value };
    else out[f.name] = value;
  }
  // A value the page showed and the person emptied is sent as "": a change to "" where the upstream
  // takes one (change-kinds.ts CLEARABLE_FIELDS), otherwise refused on its field (change-kinds.ts), never dropped
  // as if untouched. An address left behind by a catch-all being turned off is simply not sent.
  // The ActiveSync policy's numbers are left as they were: grommunio fills an absent one itself.
  const catchAll = fields.find((f) => f.name === "catch_all_enabled");
  const turningCatchAllOff =
    catchAll !== undefined && "catch_all_enabled" in out && comparable(catchAll, out.catch_all_enabled) === "false";
  for (const f of fields) {
    if (!shown?.[f.name] || f.input === "checkbox" || f.input === "list" || f.name.includes(".")) continue;
    // Only a field the form sent, empty: one it left out (or a disabled input) is not emptied.
    if (!fd.has(f.name) || String(fd.get(f.name)).trim() !== "") continue;
    // A "No limit" box ticked beside an empty number is a value, not an emptied field.
    const value = valueAt(object, f.name);
    if (value !== undefined && !(typeof value === "string" && value.trim() === "")) continue;
    if (f.name === "catch_all_destination" && turningCatchAllOff) delete out[f.name];
    else out[f.name] = "";
  }
  // Qboxmail checks the catch-all pair together on an update as on a create: turning catch-all
  // on sends the address the form shows with it, changed or not (docs/upstream/qboxmail-lifecycle.md).
  if (
    catchAll &&
    "catch_all_enabled" in out &&
    comparable(catchAll, out.catch_all_enabled) === "true" &&
    !("catch_all_destination" in out)
  ) {
    // A blank box is no address: left out, the change is refused as one without an address
    // (catchAllMissing), not as an emptied setting the domain never had.
    const destination = valueAt(object, "catch_all_destination");
    if (destination !== undefined && !(typeof destination === "string" && destination.trim() === ""))
      out.catch_all_destination = destination;
  }
  return out;
}

/**
 * The fields a change form's submission sends whose value at the provider now differs from what
 * the form showed: changed since the page was read (by another person, in another tab, or in the
 * provider's own panel). Sending them would overwrite that change unseen, and a list (a manager's
 * domains, allowed networks) is sent whole. What the person left alone is not sent, so it is not
 * judged. `current`: the provider's settings as read now.
 */
function changedSinceShown(kind: OrderKind, fd: FormData, current: Record<string, unknown>): string[] {
  const shown = readShown(fd);
  if (!shown) return [];
  const sent = changeFormToObject(kind, fd);
  const now = shownSettings(kind, current);
  return allChangeFields(kind)
    .filter((f) => f.name in shown && valueAt(sent, f.name) !== undefined)
    .filter((f) => comparable(f, valueAt(now, f.name)) !== shown[f.name])
    .map((f) => f.name);
}

/**
 * What the reseller's service page action asks placeChange for. A `purge` field is in none of
 * its forms: it is passed on so that a forged one is refused, not silently dropped.
 */
export function changeRequestFromForm(serviceId: string, action: string, fd: FormData): PlaceChangeInput {
  const confirmName = fd.get("confirmName");
  return {
    serviceId,
    action,
    idempotencyKey: String(fd.get("idempotencyKey") ?? ""),
    // The fields depend on the service's kind, which placeChange reads (tenant-scoped) first.
    form: action === "change" ? (kind: OrderKind) => changeFormToObject(kind, fd) : undefined,
    changedSince: action === "change" ? (kind, current) => changedSinceShown(kind, fd, current) : undefined,
    confirmName: typeof confirmName === "string" ? confirmName : undefined,
    purge: fd.get("purge") ?? undefined,
  };
}
