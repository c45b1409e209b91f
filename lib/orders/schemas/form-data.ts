// FormData → plain object for the order schemas. HTML quirks handled here, not in the schemas:
// - an unticked checkbox is absent, so every checkbox field of the kind that is absent becomes
//   false (render `<input type="hidden" name=X value="false">` before a checkbox if you like;
//   the last value of a name wins, so both styles work);
// - "syncPolicy.<key>" names become a nested object, and only when the form rendered at least
//   one policy field: a form without the policy section sends no policy at all;
// - list fields take every value of their name (multi-select or repeated inputs), or one
//   textarea value that the schema splits on newlines;
// - a field with a "no limit" value (FieldMeta.noLimit) has a box named "<name>~none": ticked, the
//   field takes the upstream's no-limit value whatever the number box holds;
// - size and duration fields come as an amount and a unit ("<name>~unit"), converted here to the
//   field's base unit (units.ts);
// - the home-server picker sends one value, a server ID or "order:<order id>" for a server still
//   being ordered; it becomes `homeserver` or `homeserverOrderId`.
import type { OrderKindDefinition } from "./types";
import { fromDisplay } from "./units";

export const NO_LIMIT_SUFFIX = "~none";
export const UNIT_SUFFIX = "~unit";
export const SERVER_ORDER_PREFIX = "order:";
/** The order form's choice between the provider's ActiveSync policy and one of the domain's own. */
export const POLICY_CHOICE = "policyChoice";

type FormDataLike = { getAll(name: string): unknown[]; keys(): Iterable<string> };

export function formDataToObject(
  def: Pick<OrderKindDefinition, "fieldSections">,
  formData: FormDataLike,
): Record<string, unknown> {
  const fields = def.fieldSections.flatMap((s) => s.fields);
  const out: Record<string, unknown> = {};
  const names = new Set(formData.keys());
  // A grommunio domain's form sends its policy's settings only when the reseller chose a policy of
  // the domain's own; "provider" (the provider's policy) sends none, whatever else came along.
  const providerPolicy = formData.getAll(POLICY_CHOICE).at(-1) === "provider";
  const hasPolicy = !providerPolicy && [...names].some((n) => n.startsWith("syncPolicy."));
  for (const field of fields) {
    if (providerPolicy && field.name.startsWith("syncPolicy.")) continue;
    const values = formData.getAll(field.name).filter((v): v is string => typeof v === "string");
    let value: unknown;
    const last = (name: string) =>
      formData
        .getAll(name)
        .filter((v) => typeof v === "string")
        .at(-1);
    if (field.noLimit !== undefined && last(field.name + NO_LIMIT_SUFFIX) === "true") value = field.noLimit;
    else if (field.input === "list") value = values.length > 1 ? values : values[0];
    else if (field.input === "server") {
      const chosen = values.at(-1)?.trim();
      if (chosen?.startsWith(SERVER_ORDER_PREFIX)) out.homeserverOrderId = chosen.slice(SERVER_ORDER_PREFIX.length);
      else if (chosen) value = chosen;
    } else if ((field.input === "size" || field.input === "duration") && field.unit && values.length > 0) {
      const amount = values[values.length - 1] ?? "";
      // An empty box with "No limit" unticked is no value, even where "No limit" is written as ""
      // (a policy's maxattsize): sent as "", it would set the very "No limit" the box says it is not.
      if (amount.trim() !== "") value = fromDisplay(field.unit, amount, last(field.name + UNIT_SUFFIX));
      else if (field.noLimit !== "") value = amount;
    } else if (values.length > 0) value = values[values.length - 1];
    else if (field.input === "checkbox" && (!field.name.startsWith("syncPolicy.") || hasPolicy)) value = false;
    if (value === undefined) continue;
    const [head, key] = field.name.split(".", 2);
    if (key !== undefined && head) {
      const group = (out[head] ?? {}) as Record<string, unknown>;
      group[key] = value;
      out[head] = group;
    } else {
      out[field.name] = value;
    }
  }
  return out;
}
