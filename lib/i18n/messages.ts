// Message catalogues, one JSON file per language in messages/. English is the reference: the
// unit test tests/unit/i18n-messages.test.ts fails when a key exists in one file but not another.
import type { Locale } from "./locales";

export async function loadMessages(locale: Locale): Promise<Record<string, unknown>> {
  switch (locale) {
    case "it":
      return (await import("@/messages/it.json")).default;
    case "de":
      return (await import("@/messages/de.json")).default;
    default:
      return (await import("@/messages/en.json")).default;
  }
}
