// Renders a component as a German (or English, Italian) viewer's page would (next-intl with that
// language's catalogue) and reads back what a person sees, so a test can say which English got
// through. A provider's words (<q lang="en">) are the English a page is meant to show, and are
// taken out first.
import { NextIntlClientProvider } from "next-intl";
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { PORTAL_TEXTS } from "@/lib/i18n/portal-texts";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import it from "@/messages/it.json";

const CATALOGUES = { en, de, it: it as typeof en };

export function renderIn(locale: "en" | "de" | "it", element: ReactElement): string {
  const messages = CATALOGUES[locale];
  return renderToStaticMarkup(
    <NextIntlClientProvider locale={locale} messages={messages} timeZone="UTC">
      {element}
    </NextIntlClientProvider>,
  );
}

/** The visible text of `html` without the provider's quoted words and without JSON views. */
export function visibleOwnText(html: string): string {
  return html
    .replace(/<q lang="en"[^>]*>[\s\S]*?<\/q>/g, " ")
    .replace(/<details[\s\S]*?<\/details>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

// The fixed wording of every stored portal text, in pieces long enough to be English and nothing
// else ("failed attempts", "exists upstream but does not match this order").
const ENGLISH_PIECES = [
  ...new Set(
    Object.values(PORTAL_TEXTS)
      .flatMap((t) => t.split(/\{\w+\}|[;:().,]/))
      .map((s) => s.trim())
      .filter((s) => s.length >= 12),
  ),
];

/** The pieces of the portal's English wording that appear in `text`. */
export function englishPortalWords(text: string): string[] {
  return ENGLISH_PIECES.filter((piece) => text.includes(piece));
}
