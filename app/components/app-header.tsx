import Link from "next/link";
import type { SessionUser } from "@/lib/auth/session";
import { homePath } from "@/lib/auth/session";
import { SignOutButton } from "./sign-out-button";

const ROLE_LABEL = { reseller: "Reseller", support: "Support", admin: "Administrator" } as const;

type Props = { user: SessionUser; context?: string };

/** Top bar of every signed-in page: where you are, who you are, and Sign out. */
export function AppHeader({ user, context }: Props) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3">
        <div className="flex min-w-0 flex-wrap items-baseline gap-x-3">
          <Link href={homePath(user)} className="font-semibold text-slate-900 hover:text-sky-700">
            Mail reseller portal
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
            <p className="text-slate-500" data-testid="user-role">
              {ROLE_LABEL[user.role]}
            </p>
          </div>
          <Link
            href="/account/sessions"
            className="text-sm font-medium text-blue-800 underline-offset-2 hover:underline"
          >
            My account
          </Link>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
