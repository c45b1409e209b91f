import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { currentUser, homePath } from "@/lib/auth/session";
import { LoginForm } from "./login-form";
import { authErrorMessage, safeCallbackPath } from "./messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("login"))("title") };
}
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ error?: string; callbackUrl?: string }> };

export default async function LoginPage({ searchParams }: Props) {
  const user = await currentUser();
  const params = await searchParams;
  if (user) redirect(safeCallbackPath(params.callbackUrl) ?? homePath(user));
  const [t, common] = await Promise.all([getTranslations("login"), getTranslations("common")]);

  return (
    <ClientMessages namespaces={["login"]}>
      <main id="main" className="flex min-h-screen items-center justify-center px-4 py-12">
        <div className="w-full max-w-sm">
          <div className="mb-8 text-center">
            <p className="text-sm font-semibold uppercase tracking-wide text-sky-700">{common("appName")}</p>
            <h1 className="mt-2 text-2xl font-semibold text-slate-900">{t("heading")}</h1>
          </div>
          <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <LoginForm
              initialError={params.error ? authErrorMessage(params.error) : null}
              callbackPath={safeCallbackPath(params.callbackUrl)}
            />
          </div>
        </div>
      </main>
    </ClientMessages>
  );
}
