import type { Metadata } from "next";
import { PageHeader } from "@/app/ui/page-header";
import { ACCOUNT_PASSWORD_HINT } from "@/lib/auth/password-policy";
import { homePath, requireSignedIn } from "@/lib/auth/session";
import { PasswordForm } from "./password-form";

export const metadata: Metadata = { title: "Change password" };
export const dynamic = "force-dynamic";

export default async function PasswordPage() {
  const user = await requireSignedIn();
  return (
    <>
      <PageHeader
        title="Change password"
        description="Changing your password signs you out everywhere else; this browser stays signed in."
      />
      {user.mustChangePassword ? (
        <p role="status" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          An administrator set your password. Choose your own before you continue.
        </p>
      ) : null}
      <PasswordForm hint={ACCOUNT_PASSWORD_HINT} continueTo={homePath(user)} />
    </>
  );
}
