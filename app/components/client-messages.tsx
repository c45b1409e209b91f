// Sends the named namespaces' messages to the client components inside, on top of the ones every
// page gets from the root layout (lib/i18n/client-messages.ts). Name the namespaces as a literal
// list: tests/unit/client-messages.test.ts reads it to check each page sends what its client
// components translate.
import { getLocale, getMessages, getTimeZone } from "next-intl/server";
import { type ClientNamespace, clientCatalogue } from "@/lib/i18n/client-messages";
import { IntlClientProvider } from "./intl-client-provider";

type Props = { namespaces: readonly ClientNamespace[]; children: React.ReactNode };

export async function ClientMessages({ namespaces, children }: Props) {
  const [locale, timeZone, messages] = await Promise.all([getLocale(), getTimeZone(), getMessages()]);
  return (
    <IntlClientProvider locale={locale} timeZone={timeZone} catalogue={clientCatalogue(messages, namespaces)}>
      {children}
    </IntlClientProvider>
  );
}
