import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { SessionUser } from "@/lib/auth/session";
import { homePath } from "@/lib/auth/session";
import { SignOutButton } from "./sign-out-button";

type Props = { user: SessionUser; context?: string };

/** Top bar of every signed-in page: where you are, who you are, the profile and Sign out. */
export async function AppHeader({ user, context }: Props) {
  const t = await getTranslations("common");
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3">
        <div className="flex min-w-0 flex-wrap items-baseline gap-x-3">
          <Link href={homePath(user)} className="font-semibold text-slate-900 hover:text-sky-700">
            {t("appName")}
          </Link>
          {context ? (
            <span className="text-sm text-slate-500" data-testid="header-context">
              {context}
            </span>
          ) : null}
        </div>
        <div className="flex min-w-0 items-center gap-4">
          <div className="text-right text-sm leading-tight">
            <p className="break-words font-medium text-slate-900" data-testid="user-name">
              {user.name}
            </p>
            <p className="text-slate-600">
              <span data-testid="user-role">{t(`roles.${user.role}`)}</span>
              {" · "}
              <Link href="/profile" className="text-sky-800 underline-offset-2 hover:underline">
                {t("profile")}
              </Link>
            </p>
          </div>
          <Link
            href="/account/sessions"
            className="text-sm font-medium text-blue-800 underline-offset-2 hover:underline"
          >
            {t("myAccount")}
          </Link>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
