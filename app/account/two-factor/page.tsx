import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { PageHeader } from "@/app/ui/page-header";
import { homePath, requireSignedIn } from "@/lib/auth/session";
import { beginEnrolment, requiresTwoFactor, twoFactorStatus } from "@/lib/auth/two-factor";
import { DisableForm, EnrolForm, RegenerateForm } from "./two-factor-forms";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account.twoFactor"))("title") };
}
export const dynamic = "force-dynamic";

// Where focus goes when turning two-factor off takes its form away (two-factor-forms.tsx).
const TITLE_ID = "two-factor-title";

export default async function TwoFactorPage() {
  const user = await requireSignedIn();
  const [status, t] = await Promise.all([twoFactorStatus(user.id), getTranslations("account.twoFactor")]);
  const required = requiresTwoFactor(user.role);
  const continueTo = user.mustChangePassword ? "/account/password" : homePath(user);
  // Both states render EnrolForm at the same place (see there): the recovery codes shown after
  // turning it on survive the page being rendered again as "on".
  const enrolment = status.enabled ? null : await beginEnrolment(user);
  return (
    <ClientMessages namespaces={["account"]}>
      <PageHeader
        title={t(enrolment ? "setupTitle" : "title")}
        titleId={TITLE_ID}
        description={t(enrolment ? "setupIntro" : "onIntro")}
      />
      {enrolment && required ? (
        <p role="status" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {t("required")}
        </p>
      ) : null}
      <EnrolForm enrolment={enrolment && { qrSvg: enrolment.qrSvg, secret: enrolment.secret }} continueTo={continueTo}>
        <p className="mb-6 text-sm text-slate-700" data-testid="recovery-codes-left">
          {t("codesLeft", { count: status.recoveryCodesLeft })}
          {status.recoveryCodesLeft < 3 ? ` ${t("codesLow")}` : ""}
        </p>
        <div className="space-y-6">
          <RegenerateForm />
          {required ? (
            <p className="text-sm text-slate-600">{t("keepRequired")}</p>
          ) : (
            <DisableForm focusId={TITLE_ID} />
          )}
        </div>
      </EnrolForm>
    </ClientMessages>
  );
}
