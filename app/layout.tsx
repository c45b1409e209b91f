import type { Metadata } from "next";
import { getLocale, getMessages, getTimeZone, getTranslations } from "next-intl/server";
import { BASE_CLIENT_NAMESPACES, clientCatalogue } from "@/lib/i18n/client-messages";
import { BrowserTimeZone } from "./components/browser-time-zone";
import { IntlClientProvider } from "./components/intl-client-provider";
import "./globals.css";

// Every page renders per request: the Content-Security-Policy's nonce is new each time and Next
// can only put it on the scripts of a page it renders now (docs/security.md "Headers and cookies").
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("common");
  return {
    title: { default: t("appName"), template: `%s · ${t("appName")}` },
    description: t("appDescription"),
  };
}

// Language and time zone come from i18n/request.ts; the provider hands both, and the
// messages every page's client components use, to the browser (a page with client forms adds
// its own namespaces: app/components/client-messages.tsx).
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const [locale, timeZone, messages] = await Promise.all([getLocale(), getTimeZone(), getMessages()]);
  return (
    <html lang={locale}>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <IntlClientProvider
          locale={locale}
          timeZone={timeZone}
          catalogue={clientCatalogue(messages, BASE_CLIENT_NAMESPACES)}
        >
          <BrowserTimeZone />
          {children}
        </IntlClientProvider>
      </body>
    </html>
  );
}
