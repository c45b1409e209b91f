import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser, homePath } from "@/lib/auth/session";
import { LoginForm } from "./login-form";
import { messageForAuthError, safeCallbackPath } from "./messages";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ error?: string; callbackUrl?: string }> };

export default async function LoginPage({ searchParams }: Props) {
  const user = await currentUser();
  const params = await searchParams;
  if (user) redirect(safeCallbackPath(params.callbackUrl) ?? homePath(user));

  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <p className="text-sm font-semibold uppercase tracking-wide text-sky-700">Mail reseller portal</p>
          <h1 className="mt-2 text-2xl font-semibold text-slate-900">Sign in to your account</h1>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <LoginForm
            initialError={params.error ? messageForAuthError(params.error) : null}
            callbackPath={safeCallbackPath(params.callbackUrl)}
          />
        </div>
      </div>
    </main>
  );
}
