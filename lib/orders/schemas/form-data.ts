// FormData → plain object for the order schemas. HTML quirks handled here, not in the schemas:
// - an unticked checkbox is absent, so every checkbox field of the kind that is absent becomes
//   false (render `<input type="hidden" name=X value="false">` before a checkbox if you like;
//   the last value of a name wins, so both styles work);
// - "syncPolicy.<key>" names become a nested object, and only when the form rendered at least
//   one policy field: a form without the policy section sends no policy at all;
// - list fields take every value of their name (multi-select or repeated inputs), or one
//   textarea value that the schema splits on newlines.
import type { OrderKindDefinition } from "./types";

type FormDataLike = { getAll(name: string): unknown[]; keys(): Iterable<string> };

export function formDataToObject(
  def: Pick<OrderKindDefinition, "fieldSections">,
  formData: FormDataLike,
): Record<string, unknown> {
  const fields = def.fieldSections.flatMap((s) => s.fields);
  const out: Record<string, unknown> = {};
  const names = new Set(formData.keys());
  const hasPolicy = [...names].some((n) => n.startsWith("syncPolicy."));
  for (const field of fields) {
    const values = formData.getAll(field.name).filter((v): v is string => typeof v === "string");
    let value: unknown;
    if (field.input === "list") value = values.length > 1 ? values : values[0];
    else if (values.length > 0) value = values[values.length - 1];
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
