import type { Metadata } from "next";
import { getLocale, getMessages, getTimeZone, getTranslations } from "next-intl/server";
import { BASE_CLIENT_NAMESPACES, clientCatalogue } from "@/lib/i18n/client-messages";
import { BrowserTimeZone } from "./components/browser-time-zone";
import { IntlClientProvider } from "./components/intl-client-provider";
import { AnnouncerProvider } from "./ui/announcer";
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
  const [locale, timeZone, messages, common] = await Promise.all([
    getLocale(),
    getTimeZone(),
    getMessages(),
    getTranslations("common"),
  ]);
  return (
    <html lang={locale}>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        {/* First on every page, shown when focused: past the header and the section links to the
            page's own content (each page's <main id="main">). */}
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-blue-800 focus:outline-2 focus:outline-blue-700"
        >
          {common("skipToContent")}
        </a>
        <IntlClientProvider
          locale={locale}
          timeZone={timeZone}
          catalogue={clientCatalogue(messages, BASE_CLIENT_NAMESPACES)}
        >
          <BrowserTimeZone />
          <AnnouncerProvider>{children}</AnnouncerProvider>
        </IntlClientProvider>
      </body>
    </html>
  );
}
