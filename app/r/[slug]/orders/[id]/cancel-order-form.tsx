"use client";
// Cancel an order no worker has started. The server re-checks the status; if the order started
// meanwhile, its answer is shown here.
import { useActionState } from "react";
import { SubmitButton } from "@/app/ui/submit-button";
import type { FormResult } from "@/lib/forms/result";

type Props = { action: (prev: FormResult<unknown>, fd: FormData) => Promise<FormResult<unknown>> };

export function CancelOrderForm({ action }: Props) {
  const [state, formAction, pending] = useActionState(action, { ok: false, fieldErrors: {} } as FormResult<unknown>);
  return (
    <form action={formAction} className="space-y-2">
      <SubmitButton variant="danger" pending={pending} pendingLabel="Cancelling…">
        Cancel order
      </SubmitButton>
      {!state.ok && state.formError ? (
        <p role="alert" className="text-sm text-red-800">
          {state.formError}
        </p>
      ) : null}
    </form>
  );
}
