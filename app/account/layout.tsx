import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AppHeader } from "@/app/components/app-header";
import { requireSignedIn } from "@/lib/auth/session";

// Guards the header only; each account page and action calls requireSignedIn() itself. These
// pages stay reachable while a new password or two-factor enrolment is pending.
export default async function AccountLayout({ children }: { children: React.ReactNode }) {
  const user = await requireSignedIn();
  const [t, common] = await Promise.all([getTranslations("account.nav"), getTranslations("common")]);
  const links = [
    ["/account/password", t("password")],
    ["/account/two-factor", t("twoFactor")],
    ["/account/sessions", t("sessions")],
  ] as const;
  return (
    <>
      <AppHeader user={user} context={common("myAccount")} />
      <div className="mx-auto max-w-3xl px-4 py-8">
        <nav aria-label={common("myAccount")} className="mb-6 flex flex-wrap gap-4 text-sm">
          {links.map(([href, label]) => (
            <Link key={href} href={href} className="font-medium text-blue-800 underline-offset-2 hover:underline">
              {label}
            </Link>
          ))}
        </nav>
        <main id="main">{children}</main>
      </div>
    </>
  );
}
