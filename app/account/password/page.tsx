import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { PageHeader } from "@/app/ui/page-header";
import { ACCOUNT_PASSWORD_MIN } from "@/lib/auth/password-policy";
import { homePath, requireSignedIn } from "@/lib/auth/session";
import { PasswordForm } from "./password-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account.password"))("title") };
}
export const dynamic = "force-dynamic";

export default async function PasswordPage() {
  const user = await requireSignedIn();
  const t = await getTranslations("account.password");
  return (
    <ClientMessages namespaces={["account"]}>
      <PageHeader title={t("title")} description={t("intro")} />
      {user.mustChangePassword ? (
        <p role="status" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {t("mustChange")}
        </p>
      ) : null}
      <PasswordForm
        hint={t("hint", { min: ACCOUNT_PASSWORD_MIN })}
        continueTo={homePath(user)}
        offerTokenRevocation={user.role === "reseller"}
      />
    </ClientMessages>
  );
}
