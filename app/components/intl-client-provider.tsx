"use client";

// next-intl's client provider, given the client components' messages as ONE JSON string. As an
// object, every one of the ~1,500 message strings is walked by React's flight encoder on the
// server, by its decoder again for the HTML render, and in the browser (about a tenth of a page's
// server CPU: docs/benchmarks.md "Pages: the client messages as one string"); a long string
// travels as one opaque text chunk and is parsed here once per distinct text.
import { NextIntlClientProvider } from "next-intl";
import type { ClientCatalogue } from "@/lib/i18n/client-messages";

type Messages = Record<string, unknown>;
type Props = { locale: string; timeZone: string; catalogue: ClientCatalogue; children: React.ReactNode };

// Keyed by the text itself: the server decodes a new string for every request, with the same
// content per language. A handful of entries (three languages; a deploy restarts the process).
const parsed = new Map<string, Messages>();

function messagesFrom(json: string): Messages {
  let messages = parsed.get(json);
  if (!messages) {
    messages = JSON.parse(json) as Messages;
    if (parsed.size >= 8) parsed.clear();
    parsed.set(json, messages);
  }
  return messages;
}

export function IntlClientProvider({ locale, timeZone, catalogue, children }: Props) {
  return (
    <NextIntlClientProvider locale={locale} timeZone={timeZone} messages={messagesFrom(catalogue.json)}>
      {children}
    </NextIntlClientProvider>
  );
}
