"use client";
import { useActionState } from "react";
import { FormMessage } from "@/app/support/_components/form-message";
import { SubmitButton } from "@/app/ui/submit-button";
import { type FormResult, initialFormResult } from "@/lib/forms/result";
import { signOutOtherSessionsAction, signOutSessionAction } from "../actions";

export function SignOutSessionForm({ sessionId, label }: { sessionId: string; label: string }) {
  const [state, action] = useActionState(signOutSessionAction, initialFormResult as FormResult);
  return (
    <form action={action} aria-label={`Sign out ${label}`} className="space-y-1">
      <input type="hidden" name="sessionId" value={sessionId} />
      <SubmitButton variant="secondary" pendingLabel="Signing out…">
        Sign out
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}

export function SignOutOthersForm() {
  const [state, action] = useActionState(signOutOtherSessionsAction, initialFormResult as FormResult);
  return (
    <form action={action} aria-label="Sign out all other sessions" className="space-y-1">
      <SubmitButton variant="danger" pendingLabel="Signing out…">
        Sign out all other sessions
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
