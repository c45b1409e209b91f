"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormMessage } from "@/app/ui/form-message";
import { SubmitButton } from "@/app/ui/submit-button";
import { type FormResult, initialFormResult } from "@/lib/forms/result";
import { signOutOtherSessionsAction, signOutSessionAction } from "../actions";

export function SignOutSessionForm({ sessionId, label }: { sessionId: string; label: string }) {
  const t = useTranslations("account.sessions");
  const [state, action] = useActionState(signOutSessionAction, initialFormResult as FormResult);
  return (
    <form action={action} aria-label={t("signOutOne", { device: label })} className="space-y-1">
      <input type="hidden" name="sessionId" value={sessionId} />
      <SubmitButton variant="secondary" pendingLabel={t("signingOut")}>
        {t("signOut")}
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}

export function SignOutOthersForm() {
  const t = useTranslations("account.sessions");
  const [state, action] = useActionState(signOutOtherSessionsAction, initialFormResult as FormResult);
  return (
    <form action={action} aria-label={t("signOutOthers")} className="space-y-1">
      <SubmitButton variant="danger" pendingLabel={t("signingOut")}>
        {t("signOutOthers")}
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
