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
type Made = { key: ValidationKey; values: Values };
// Messages without values are few and made once per schema: kept for good, and so are messages
// whose values the code wrote ({ max: 120 }): a schema builds those once, when its module loads, and
// never again, so a forgotten one would be shown in English for good. Messages carrying what a
// person typed (vTyped: "xn--bad" is not a valid label) can be endless: they live in a bounded
// memory like said()'s, the oldest forgotten first, and a forgotten one is shown in English. The
// code's own have a bound too, far above what the schemas make, so a typed value passed to v() by
// mistake cannot grow the memory without end: past it they go to the bounded memory.
const fixed = new Map<string, ValidationKey>();
const CODE_LIMIT = 20_000;
const fromCode = new Map<string, Made>();
const TYPED_LIMIT = 5000;
const typed = new Map<string, Made>();

/** The English text of validation message `key`, remembered for translation at the form. */
export function v(key: ValidationKey, values?: Values): string {
  const text = english(key, values);
  if (!values || Object.keys(values).length === 0) fixed.set(text, key);
  else if (fromCode.has(text) || fromCode.size < CODE_LIMIT) fromCode.set(text, { key, values });
  else rememberTyped(text, { key, values });
  return text;
}

/** v() for a message whose values hold what a person typed or sent: remembered in a bounded memory. */
export function vTyped(key: ValidationKey, values: Values): string {
  const text = english(key, values);
  rememberTyped(text, { key, values });
  return text;
}

function rememberTyped(text: string, made: Made): void {
  typed.delete(text);
  typed.set(text, made);
  if (typed.size > TYPED_LIMIT) {
    const oldest = typed.keys().next().value;
    if (oldest !== undefined) typed.delete(oldest);
  }
}

/** One message in the language `translate` speaks (a translator of the `validation` namespace). */
export function localizeMessage(message: string, translate: Translate): string {
  const key = fixed.get(message);
  if (key) return translate(key);
  const entry = fromCode.get(message) ?? typed.get(message);
  return entry ? translate(entry.key, entry.values) : message;
}
