import Link from "next/link";
import { getLocale, getMessages, getTimeZone, getTranslations } from "next-intl/server";
import { currentUser, homePath } from "@/lib/auth/session";
import { BASE_CLIENT_NAMESPACES, clientCatalogue } from "@/lib/i18n/client-messages";
import { findResellerForUser } from "@/lib/users/reseller-access";
import { AdminNav } from "./admin/_components/admin-nav";
import { AppHeader } from "./components/app-header";
import { IntlClientProvider } from "./components/intl-client-provider";
import { ResellerNav } from "./r/[slug]/_components/reseller-nav";
import { SupportNav } from "./support/_components/support-nav";

// Shown for unknown pages and for pages the signed-in user may not see: the two look the same,
// so nothing tells a reseller that another tenant's page exists. A signed-in user keeps their own
// header and section links (never the ones of the page they tried), so they can go on working.
export default async function NotFound() {
  const [t, user] = await Promise.all([getTranslations("notFound"), currentUser()]);
  const reseller =
    user?.role === "reseller" && user.resellerId && user.resellerSlug
      ? await findResellerForUser(user.resellerSlug, user.resellerId)
      : null;
  const body = (
    <main id="main" className="flex items-center justify-center px-4 py-16">
      <div className="text-center">
        <p className="text-sm font-semibold text-sky-700">404</p>
        <h1 className="mt-2 text-2xl font-semibold text-slate-900">{t("title")}</h1>
        <p className="mt-2 text-slate-600">{t("body")}</p>
        <Link
          href={user ? homePath(user) : "/login"}
          className="mt-6 inline-block font-medium text-sky-700 hover:text-sky-800"
        >
          {t("back")}
        </Link>
      </div>
    </main>
  );
  if (!user) return <div className="flex min-h-screen items-center justify-center">{body}</div>;
  const [ct, locale, timeZone, messages] = await Promise.all([
    getTranslations("common.contexts"),
    getLocale(),
    getTimeZone(),
    getMessages(),
  ]);
  // Its own provider: when a server action answers "not found", Next renders this page without
  // the root layout's provider, and the header's client parts need the messages.
  return (
    <IntlClientProvider
      locale={locale}
      timeZone={timeZone}
      catalogue={clientCatalogue(messages, BASE_CLIENT_NAMESPACES)}
    >
      <AppHeader
        user={user}
        context={
          reseller?.name ?? (user.role === "reseller" ? undefined : ct(user.role === "admin" ? "admin" : "support"))
        }
      />
      <div className="mx-auto max-w-6xl px-4 py-8">
        {reseller ? <ResellerNav slug={reseller.slug} /> : null}
        {user.role === "support" ? <SupportNav role={user.role} current="" /> : null}
        {user.role === "admin" ? <AdminNav current="" /> : null}
        {body}
      </div>
    </IntlClientProvider>
  );
}
