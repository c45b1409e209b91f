// zod's own wording (a message no schema wrote, e.g. "Invalid input: expected string") in the
// language of the person at a form (docs/i18n.md "Validation messages"). zod 4 ships Italian and
// German; a per-parse `error` map yields to every message a schema wrote itself (v()), so only
// zod's defaults change. The API has words of its own (lib/api/zod-messages.ts). Client-safe.
import { z } from "zod";
import { isLocale, type Locale } from "./locales";

const LOCALE_ERRORS: Record<Locale, () => { localeError: z.core.$ZodErrorMap }> = {
  en: z.locales.en,
  it: z.locales.it,
  de: z.locales.de,
};
const cache = new Map<Locale, z.core.ParseContext<z.core.$ZodIssue>>();

/** safeParse's options for `locale`: zod's own messages in that language (English if unknown). */
export function parseOptionsFor(locale: string): z.core.ParseContext<z.core.$ZodIssue> {
  const known: Locale = isLocale(locale) ? locale : "en";
  let options = cache.get(known);
  if (!options) {
    options = { error: LOCALE_ERRORS[known]().localeError };
    cache.set(known, options);
  }
  return options;
}
