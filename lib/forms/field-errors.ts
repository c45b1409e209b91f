// Field name → messages: the one shape every form shows, whether the messages come from a zod
// schema, an upstream's answer or a domain rule (docs/design.md#conventions). Nested fields use
// a dotted path ("syncPolicy.allowwifi"); FORM_KEY holds messages about no single field.
// Client-safe: forms import it.
import { localizeMessage, type Translate } from "@/lib/i18n/validation";

export type FieldErrors = Partial<Record<string, string[]>>;

export const FORM_KEY = "_form";

/** Adds a message to a field; the same message twice on one field is shown once. */
export function addFieldError(errors: FieldErrors, field: string, message: string): void {
  const list = errors[field];
  if (list) {
    if (!list.includes(message)) list.push(message);
  } else errors[field] = [message];
}

/** Each field's messages in the language `translate` speaks (lib/i18n/validation.ts). */
export function localizeFieldErrors(errors: FieldErrors, translate: Translate): FieldErrors {
  return Object.fromEntries(
    Object.entries(errors).map(([field, messages]) => [field, messages?.map((m) => localizeMessage(m, translate))]),
  );
}
