// What was ordered, in the form's words: each stored payload field with its label and a readable
// value (quotas as human sizes, options by their label). The payload never holds secrets. The
// field labels are the order form's; the words around them come from the orderPage messages.
import { formatBytes } from "@/lib/format/bytes";
import { changedPolicyCount } from "@/lib/orders/order-sentence";
import type { FieldMeta, FieldSection } from "@/lib/orders/schemas";

export type SummaryRow = { label: string; value: string };
type T = (key: string, values?: Record<string, string | number>) => string;

function readable(t: T, field: FieldMeta, raw: unknown): string | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  if (field.input === "checkbox") return raw === true || raw === 1 ? t("yes") : t("no");
  if (field.input === "quota" && typeof raw === "number") return formatBytes(raw);
  const option = field.options?.find((o) => String(o.value) === String(raw));
  if (option) return option.label;
  if (Array.isArray(raw)) return raw.length ? raw.join(", ") : undefined;
  if (field.input === "number" && raw === -1) return t("noLimit");
  return String(raw);
}

function policyRow(t: T, policy: unknown): SummaryRow {
  // A change's key set to null is taken out of the domain's own policy (the provider's value applies).
  const entries = Object.entries(policy as Record<string, unknown>);
  const set = Object.fromEntries(entries.filter(([, v]) => v !== null));
  const total = Object.keys(set).length;
  const removed = entries.length - total;
  const parts = [
    ...(total || !removed
      ? [`${t("policySettings", { count: total })}, ${t("policyChanged", { count: changedPolicyCount(set) })}`]
      : []),
    ...(removed ? [t("policyToProvider", { count: removed })] : []),
  ];
  return { label: t("activeSyncPolicy"), value: parts.join("; ") };
}

/**
 * Summary rows for the basic, limit and company sections; the 43 sync-policy settings are counted,
 * not listed. `describe` words a field in the viewer's language (the service page's words: the
 * order form's label and the value per locale); without it, the English metadata.
 */
export function orderSummary(
  t: T,
  sections: FieldSection[],
  payload: Record<string, unknown>,
  describe?: (key: string, value: unknown) => SummaryRow,
): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const field of sections.flatMap((s) => s.fields)) {
    if (field.name.includes(".")) continue;
    const value = readable(t, field, payload[field.name]);
    if (value !== undefined)
      rows.push(describe ? describe(field.name, payload[field.name]) : { label: field.label, value });
  }
  const policy = payload.syncPolicy;
  if (policy && typeof policy === "object") rows.push(policyRow(t, policy));
  return rows;
}

/**
 * Each field's name as the order form labels it in the viewer's language (`fields`: the
 * orderFields translator), for "Problems by field" (docs/i18n.md "Problems by field"); the
 * English metadata only for a field the catalogue has no label for.
 */
export function fieldLabels(
  fields: T & { has(key: string): boolean },
  kind: string,
  sections: FieldSection[],
): Record<string, string> {
  return Object.fromEntries(
    sections
      .flatMap((s) => s.fields)
      .map((f) => {
        const key = `${kind}.${f.name}.label`;
        return [f.name, fields.has(key) ? fields(key) : f.label];
      }),
  );
}

const CHANGE_ACTIONS = new Set(["create", "change", "suspend", "resume", "delete"]);
const changeActionText = (t: T, action: string) => (CHANGE_ACTIONS.has(action) ? t(`changeActions.${action}`) : action);

/**
 * A change order: its action and the settings it sets, each named and worded by `describe` (the
 * service page's words: the order form's label, the value per language).
 */
export function changeSummary(
  t: T,
  action: string,
  payload: Record<string, unknown>,
  describe: (key: string, value: unknown) => SummaryRow,
): SummaryRow[] {
  const rows: SummaryRow[] = [{ label: t("actionLabel"), value: changeActionText(t, action) }];
  const set = (payload.set ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(set)) {
    if (k === "syncPolicy" && v && typeof v === "object") {
      rows.push(policyRow(t, v));
      continue;
    }
    if (k === "syncPolicy" && v === null) {
      rows.push({ label: t("activeSyncPolicy"), value: t("policyToDefault") });
      continue;
    }
    rows.push(describe(k, v));
  }
  // A new password is sealed on the order; the payload only says that there is one (docs/security.md).
  if (payload.password === true) rows.push({ label: t("newPassword"), value: t("passwordSealed") });
  if (action === "delete") rows.push({ label: t("mode"), value: payload.purge ? t("purge") : t("delete") });
  return rows;
}
