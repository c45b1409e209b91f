// Client-side check of FormData with a zod schema, in the same field-error shape the server
// returns (z.flattenError), so both paths render identically.
import { z } from "zod";
import type { FieldErrors } from "@/lib/forms/result";
import { parseOptionsFor } from "@/lib/i18n/zod-errors";

/** zod's own wording comes in `locale` (lib/i18n/zod-errors.ts); the schema's v() texts are translated later. */
export function zodFieldErrors(schema: z.ZodType, input: unknown, locale: string): FieldErrors | null {
  const parsed = schema.safeParse(input, parseOptionsFor(locale));
  if (parsed.success) return null;
  const flat = z.flattenError(parsed.error);
  const errors: FieldErrors = { ...flat.fieldErrors };
  if (flat.formErrors.length) errors._form = flat.formErrors;
  return errors;
}

/** Summary items in the order of `fields`, skipping fields without errors. */
export function summaryItems(fields: readonly { id: string; name: string; label: string }[], errors: FieldErrors) {
  return fields
    .filter((f) => errors[f.name]?.length)
    .map((f) => ({ id: f.id, label: f.label, messages: errors[f.name] ?? [] }));
}
