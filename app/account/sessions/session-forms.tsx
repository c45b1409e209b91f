"use client";
// Signing out one session, or every other one. The answer takes the row (and so the form and its
// message) away, or the "others" form once no other session is left: the success is said in the
// page's one live region and focus moves to the page's heading (app/ui/use-submit-action.ts). The
// form still names the server action, so a submit before the page's script has loaded signs out
// all the same.
import { useTranslations } from "next-intl";
import { FormMessage } from "@/app/ui/form-message";
import { SubmitButton } from "@/app/ui/submit-button";
import { useSubmitAction } from "@/app/ui/use-submit-action";
import { type FormResult, initialFormResult } from "@/lib/forms/result";
import { signOutOtherSessionsAction, signOutSessionAction } from "../actions";

/** `focusId`: the heading that stays when the form is gone. */
type Props = { focusId: string };

export function SignOutSessionForm({ sessionId, label, focusId }: Props & { sessionId: string; label: string }) {
  const t = useTranslations("account.sessions");
  const { state, formAction, onSubmit, pending } = useSubmitAction(
    signOutSessionAction,
    initialFormResult as FormResult,
    { focusId },
  );
  return (
    <form action={formAction} onSubmit={onSubmit} aria-label={t("signOutOne", { device: label })} className="space-y-1">
      <input type="hidden" name="sessionId" value={sessionId} />
      <SubmitButton variant="secondary" pending={pending} pendingLabel={t("signingOut")}>
        {t("signOut")}
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}

export function SignOutOthersForm({ focusId }: Props) {
  const t = useTranslations("account.sessions");
  const { state, formAction, onSubmit, pending } = useSubmitAction(
    signOutOtherSessionsAction,
    initialFormResult as FormResult,
    { focusId },
  );
  return (
    <form action={formAction} onSubmit={onSubmit} aria-label={t("signOutOthers")} className="space-y-1">
      <SubmitButton variant="danger" pending={pending} pendingLabel={t("signingOut")}>
        {t("signOutOthers")}
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
