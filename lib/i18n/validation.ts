// Validation messages in the user's language, with the API keeping English (docs/i18n.md
// "Validation messages"). A schema writes `v("tooLong", { max: 120 })`: that returns the English
// text from messages/en.json (so zod, the API and the logs see plain English) and remembers which
// key and values made it. At a form's boundary, localizeFieldErrors() (lib/forms/field-errors.ts) turns each remembered text
// back into its key and translates it; a text not made by v() (zod's own, an upstream's) stays
// as it is. Client-safe: the browser checks forms with the same schemas.
import { createTranslator } from "next-intl";
import en from "@/messages/en.json";

type Values = Record<string, string | number>;
/** A validation message's key: a typo fails the type check. */
export type ValidationKey = keyof (typeof en)["validation"];
export type Translate = (key: ValidationKey, values?: Values) => string;

const english = createTranslator({ locale: "en", messages: en, namespace: "validation" });
// Messages without values are few and made once per schema: kept for good. Messages with values
// can carry what a person typed ("xn--bad" is not a valid label), so they live in a bounded
// memory like said()'s: the oldest are forgotten first, and a forgotten one is shown in English.
const fixed = new Map<string, ValidationKey>();
const LIMIT = 5000;
const withValues = new Map<string, { key: ValidationKey; values: Values }>();

/** The English text of validation message `key`, remembered for translation at the form. */
export function v(key: ValidationKey, values?: Values): string {
  const text = english(key, values);
  if (!values || Object.keys(values).length === 0) {
    fixed.set(text, key);
    return text;
  }
  withValues.delete(text);
  withValues.set(text, { key, values });
  if (withValues.size > LIMIT) {
    const oldest = withValues.keys().next().value;
    if (oldest !== undefined) withValues.delete(oldest);
  }
  return text;
}

/** One message in the language `translate` speaks (a translator of the `validation` namespace). */
export function localizeMessage(message: string, translate: Translate): string {
  const key = fixed.get(message);
  if (key) return translate(key);
  const entry = withValues.get(message);
  return entry ? translate(entry.key, entry.values) : message;
}
