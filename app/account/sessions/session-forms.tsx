"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useAnnounce } from "@/app/ui/announcer";
import { FormMessage } from "@/app/ui/form-message";
import { SubmitButton } from "@/app/ui/submit-button";
import { type FormResult, initialFormResult } from "@/lib/forms/result";
import { signOutOtherSessionsAction, signOutSessionAction } from "../actions";

/**
 * The action, with its success said in the page's live region: the answer takes the row (and so
 * this form and its message) away with it, so a message shown here alone would never be read.
 */
function announcing(
  action: typeof signOutSessionAction,
  announce: (text: string) => void,
): typeof signOutSessionAction {
  return async (prev, formData) => {
    const result = await action(prev, formData);
    if (result.ok && result.message) announce(result.message);
    return result;
  };
}

export function SignOutSessionForm({ sessionId, label }: { sessionId: string; label: string }) {
  const t = useTranslations("account.sessions");
  const announce = useAnnounce();
  const [state, action] = useActionState(announcing(signOutSessionAction, announce), initialFormResult as FormResult);
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
  const announce = useAnnounce();
  const [state, action] = useActionState(
    announcing(signOutOtherSessionsAction, announce),
    initialFormResult as FormResult,
  );
  return (
    <form action={action} aria-label={t("signOutOthers")} className="space-y-1">
      <SubmitButton variant="danger" pendingLabel={t("signingOut")}>
        {t("signOutOthers")}
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
