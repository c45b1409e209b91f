"use client";
// Runs the chain verification from the page; the answer stays beside the button.
import { useActionState } from "react";
import { FormMessage } from "@/app/ui/form-message";
import { SubmitButton } from "@/app/ui/submit-button";
import { type FormResult, initialFormResult } from "@/lib/forms/result";

type Props = {
  label: string;
  pendingLabel: string;
  action: (prev: FormResult, fd: FormData) => Promise<FormResult>;
};

export function VerifyChainForm({ label, pendingLabel, action }: Props) {
  const [state, formAction] = useActionState(action, initialFormResult as FormResult);
  return (
    <form action={formAction} className="mt-2 flex flex-wrap items-center gap-3">
      <SubmitButton variant="secondary" pendingLabel={pendingLabel}>
        {label}
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
