"use client";

// next-intl's client provider, given the client components' messages as ONE JSON string. As an
// object, every one of the message strings is walked by React's flight encoder on the server, by
// its decoder again for the HTML render, and in the browser (about a tenth of a page's server CPU:
// docs/benchmarks/pages.md "Pages: the client messages as one string"); a long string travels as one
// opaque text chunk and is parsed here once per distinct text.
//
// Providers nest: the root layout's sends the namespaces every page needs, a page's
// <ClientMessages> adds its own, and this provider merges them (next-intl's own provider would
// replace the outer messages with the inner ones).
import { NextIntlClientProvider } from "next-intl";
import { createContext, useContext, useMemo } from "react";
import type { ClientCatalogue } from "@/lib/i18n/client-messages";

type Messages = Record<string, unknown>;
type Props = { locale: string; timeZone: string; catalogue: ClientCatalogue; children: React.ReactNode };

// Keyed by the text itself: the server decodes a new string for every request, with the same
// content per language and list. A handful of entries (three languages, a few lists; a deploy
// restarts the process).
const parsed = new Map<string, Messages>();

function messagesFrom(json: string): Messages {
  let messages = parsed.get(json);
  if (!messages) {
    messages = JSON.parse(json) as Messages;
    if (parsed.size >= 32) parsed.clear();
    parsed.set(json, messages);
  }
  return messages;
}

/** The messages of the providers above, merged. */
const OuterMessages = createContext<Messages>({});

export function IntlClientProvider({ locale, timeZone, catalogue, children }: Props) {
  const outer = useContext(OuterMessages);
  const own = messagesFrom(catalogue.json);
  const messages = useMemo(() => (Object.keys(outer).length === 0 ? own : { ...outer, ...own }), [outer, own]);
  return (
    <OuterMessages.Provider value={messages}>
      <NextIntlClientProvider locale={locale} timeZone={timeZone} messages={messages}>
        {children}
      </NextIntlClientProvider>
    </OuterMessages.Provider>
  );
}
