// What was ordered, in the form's words: each stored payload field with its label and a readable
// value (quotas as human sizes, options by their label). The payload never holds secrets.
import { formatBytes } from "@/lib/format/bytes";
import type { FieldMeta, FieldSection } from "@/lib/orders/schemas";

export type SummaryRow = { label: string; value: string };

function readable(field: FieldMeta, raw: unknown): string | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  if (field.input === "checkbox") return raw === true || raw === 1 ? "Yes" : "No";
  if (field.input === "quota" && typeof raw === "number") return formatBytes(raw);
  const option = field.options?.find((o) => String(o.value) === String(raw));
  if (option) return option.label;
  if (Array.isArray(raw)) return raw.length ? raw.join(", ") : undefined;
  if (field.input === "number" && raw === -1) return "No limit";
  return String(raw);
}

/** Summary rows for the basic, limit and company sections; the 43 sync-policy settings are counted, not listed. */
export function orderSummary(sections: FieldSection[], payload: Record<string, unknown>): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const field of sections.flatMap((s) => s.fields)) {
    if (field.name.includes(".")) continue;
    const value = readable(field, payload[field.name]);
    if (value !== undefined) rows.push({ label: field.label, value });
  }
  const policy = payload.syncPolicy;
  if (policy && typeof policy === "object")
    rows.push({ label: "ActiveSync policy", value: `${Object.keys(policy).length} settings` });
  return rows;
}

export function fieldLabels(sections: FieldSection[]): Record<string, string> {
  return Object.fromEntries(sections.flatMap((s) => s.fields).map((f) => [f.name, f.label]));
}

/** A change order: its action and the settings it sets, by their provider field names. */
export function changeSummary(action: string, payload: Record<string, unknown>): SummaryRow[] {
  const rows: SummaryRow[] = [{ label: "Action", value: action }];
  const set = (payload.set ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(set)) {
    if (k === "syncPolicy" && v && typeof v === "object") {
      rows.push({ label: "ActiveSync policy", value: `${Object.keys(v).length} settings` });
      continue;
    }
    rows.push({ label: k, value: Array.isArray(v) ? v.join(", ") : String(v) });
  }
  if (action === "delete") rows.push({ label: "Mode", value: payload.purge ? "Purge" : "Delete" });
  return rows;
}
