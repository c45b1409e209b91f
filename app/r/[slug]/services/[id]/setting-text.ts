// A service's settings as a person reads them: the order form's label of each field (one label
// per field everywhere), values in the viewer's language: sizes as "50 GB" with the language's
// separators, the upstream's "no limit" value as "No limit", switches as Yes/No, choices by their
// label, dates per locale (docs/i18n.md "Formats"). Fields the order form does not have (read-only
// facts such as a domain's active users) are named in services.settingLabels.

import { bytesParts } from "@/lib/format/bytes";
import type { OrderKind } from "@/lib/generated/prisma/enums";
import { orderKinds } from "@/lib/orders/schemas";
import { changedPolicySettings } from "@/lib/orders/schemas/policy-changes";
import type { FieldMeta } from "@/lib/orders/schemas/types";
import { isUpstreamState, stateOf } from "@/lib/services/upstream-state";

type Values = Record<string, string | number>;
type T = { (key: string, values?: Values): string; has(key: string): boolean };

export type SettingWords = {
  /** services namespace */
  services: T;
  /** orderFields namespace (the order form's labels and option names) */
  fields: T;
  /** orderForm namespace (units, "No limit") */
  form: T;
  /** orderPage namespace (the ActiveSync policy's count) */
  page: T;
  /** A number grouped per language, with at most `fractionDigits` decimals (0 unless given). */
  number: (n: number, fractionDigits?: number) => string;
  /** A calendar day ("31 December 2030", read as UTC), or an instant in the portal's one format. */
  date: (d: Date, what: "day" | "instant") => string;
};

const metaOf = (kind: OrderKind, key: string): FieldMeta | undefined =>
  [...orderKinds[kind].fieldSections.flatMap((s) => s.fields), ...(orderKinds[kind].changeOnlyFields ?? [])].find(
    (f) => f.name === key,
  );

/** Read-only facts and fields whose order-form label would not fit ("Start as" for a status). */
const OWN_LABELS = new Set([
  "ID",
  "displayname",
  "domainStatus",
  "activeUsers",
  "inactiveUsers",
  "syncPolicy",
  "users",
  "domains",
  "code",
  "status",
  "status_detail",
  "manager_code",
  "customer_code",
  "no_email_accounts",
  "possession_a_record",
  "ownership_verification_email_address",
  "activated_at",
]);

export function settingLabel(w: SettingWords, kind: OrderKind, key: string): string {
  if (OWN_LABELS.has(key)) return w.services(`settingLabels.${key}`);
  const label = `${kind}.${key}.label`;
  return w.fields.has(label) ? w.fields(label) : w.services("settingLabels.other");
}

/** A size in bytes in the largest binary unit, the number per language ("1,5 GB" in German). */
function sizeText(w: SettingWords, bytes: number): string {
  const { value, unit } = bytesParts(bytes);
  return `${w.number(value, 1)} ${unit}`;
}

function dateText(w: SettingWords, raw: string, withTime: boolean): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(raw);
  const at = new Date(day ? `${raw}T00:00:00Z` : raw);
  if (Number.isNaN(at.getTime())) return raw;
  return w.date(at, withTime && !day ? "instant" : "day");
}

function optionText(w: SettingWords, kind: OrderKind, field: FieldMeta, raw: unknown): string | undefined {
  const option = field.options?.find((o) => String(o.value) === String(raw));
  if (!option) return undefined;
  const key = `${kind}.${field.name}.options.${option.value}`;
  return w.fields.has(key) ? w.fields(key) : option.label;
}

function ownValue(
  w: SettingWords,
  kind: OrderKind,
  key: string,
  raw: unknown,
  all: Record<string, unknown>,
): string | undefined {
  if (key === "domainStatus" || key === "status") {
    // A Qboxmail status is read with its detail: `enabled` + not `ok` is "MX records to fix".
    const state = stateOf(kind, { [key]: raw, status_detail: all.status_detail });
    return state === "in_progress" || !isUpstreamState(state) ? String(raw) : w.services(`states.${state}`);
  }
  if (key === "syncPolicy") {
    const count = changedPolicySettings((raw ?? {}) as Record<string, unknown>).length;
    return w.page("policyChanged", { count });
  }
  if (key === "activated_at" && typeof raw === "string") return dateText(w, raw, true);
  // Qboxmail's detail words we know; another is the provider's word, shown as received.
  if (key === "status_detail" && w.services.has(`statusDetails.${String(raw)}`))
    return w.services(`statusDetails.${String(raw)}`);
  return undefined;
}

/** One setting's value in words; `all`: the other settings read with it (a status's detail). */
export function settingValue(
  w: SettingWords,
  kind: OrderKind,
  key: string,
  raw: unknown,
  all: Record<string, unknown> = {},
): string {
  const own = ownValue(w, kind, key, raw, all);
  if (own !== undefined) return own;
  if (raw === null || raw === undefined || raw === "") return "—";
  if (key === "ID") return String(raw); // an identifier, not a quantity: no grouping
  const field = metaOf(kind, key);
  if (field?.noLimit !== undefined && String(raw) === String(field.noLimit)) return w.form("noLimit");
  if (typeof raw === "boolean" || field?.input === "checkbox")
    return raw === true || raw === 1 ? w.services("yes") : w.services("no");
  if (field && (field.input === "quota" || field.input === "size") && typeof raw === "number")
    return sizeText(w, field.unit === "KB" ? raw * 1024 : raw);
  const option = field ? optionText(w, kind, field, raw) : undefined;
  if (option) return option;
  if (field?.input === "date" && typeof raw === "string") return dateText(w, raw, false);
  if (Array.isArray(raw)) return raw.length ? raw.join(", ") : w.services("none");
  if (typeof raw === "object") {
    const o = raw as Record<string, unknown>;
    if ("hostname" in o) return w.services("serverWithId", { hostname: String(o.hostname), id: String(o.ID) });
    return w.services("settingsCount", { count: Object.keys(o).length });
  }
  if (typeof raw === "number") return w.number(raw);
  return String(raw);
}
