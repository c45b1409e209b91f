"use client";
// Signing out one session, or every other one. The answer takes the row (and so the form and its
// message) away, or the "others" form once no other session is left: the success is said in the
// page's one live region (app/ui/announcer.tsx). The form still names the server action, so a
// submit before the page's script has loaded signs out all the same.
import { useTranslations } from "next-intl";
import { type FormEvent, useActionState, useState, useTransition } from "react";
import { useAnnounce } from "@/app/ui/announcer";
import { FormMessage } from "@/app/ui/form-message";
import { SubmitButton } from "@/app/ui/submit-button";
import { type FormResult, initialFormResult } from "@/lib/forms/result";
import { signOutOtherSessionsAction, signOutSessionAction } from "../actions";

type SessionAction = typeof signOutSessionAction;

/** The server action as the form's own (before the script loads), and called with the answer said once it has. */
function useAnnouncedAction(action: SessionAction) {
  const [state, formAction] = useActionState(action, initialFormResult as FormResult);
  const [answer, setAnswer] = useState<FormResult | null>(null);
  const [pending, startTransition] = useTransition();
  const announce = useAnnounce();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const formData = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await action(initialFormResult as FormResult, formData);
      if (result.ok && result.message) announce(result.message);
      setAnswer(result);
    });
  }
  return { state: answer ?? state, formAction, onSubmit, pending };
}

export function SignOutSessionForm({ sessionId, label }: { sessionId: string; label: string }) {
  const t = useTranslations("account.sessions");
  const { state, formAction, onSubmit, pending } = useAnnouncedAction(signOutSessionAction);
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

export function SignOutOthersForm() {
  const t = useTranslations("account.sessions");
  const { state, formAction, onSubmit, pending } = useAnnouncedAction(signOutOtherSessionsAction);
  return (
    <form action={formAction} onSubmit={onSubmit} aria-label={t("signOutOthers")} className="space-y-1">
      <SubmitButton variant="danger" pending={pending} pendingLabel={t("signingOut")}>
        {t("signOutOthers")}
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
