import type { Metadata } from "next";
import { PageHeader } from "@/app/ui/page-header";
import { homePath, requireSignedIn } from "@/lib/auth/session";
import { beginEnrolment, requiresTwoFactor, twoFactorStatus } from "@/lib/auth/two-factor";
import { DisableForm, EnrolForm, RegenerateForm } from "./two-factor-forms";

export const metadata: Metadata = { title: "Two-factor sign-in" };
export const dynamic = "force-dynamic";

export default async function TwoFactorPage() {
  const user = await requireSignedIn();
  const status = await twoFactorStatus(user.id);
  const required = requiresTwoFactor(user.role);
  if (!status.enabled) {
    const enrolment = await beginEnrolment(user);
    return (
      <>
        <PageHeader
          title="Set up two-factor sign-in"
          description="After your password, sign-in will ask for a 6-digit code from an authenticator app on your phone."
        />
        {required ? (
          <p role="status" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
            Support and admin accounts need two-factor sign-in. Set it up to continue.
          </p>
        ) : null}
        <EnrolForm
          qrSvg={enrolment.qrSvg}
          secret={enrolment.secret}
          continueTo={user.mustChangePassword ? "/account/password" : homePath(user)}
        />
      </>
    );
  }
  return (
    <>
      <PageHeader title="Two-factor sign-in" description="On: sign-in asks for a code from your authenticator app." />
      <p className="mb-6 text-sm text-slate-700" data-testid="recovery-codes-left">
        Unused recovery codes: {status.recoveryCodesLeft}.
        {status.recoveryCodesLeft < 3 ? " Make new ones before you run out." : ""}
      </p>
      <div className="space-y-6">
        <RegenerateForm />
        {required ? (
          <p className="text-sm text-slate-600">
            Support and admin accounts keep two-factor sign-in. Lost your phone? An administrator can reset it.
          </p>
        ) : (
          <DisableForm />
        )}
      </div>
    </>
  );
}
