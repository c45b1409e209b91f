"use client";
// "Check now": asks Qboxmail to verify the ownership record and shows what it found.
import { useActionState } from "react";
import { SubmitButton } from "@/app/ui/submit-button";
import type { FormResult } from "@/lib/forms/result";
import { upstreamStateLabel } from "@/lib/services/upstream-state";

type Props = { action: (prev: FormResult<unknown>, fd: FormData) => Promise<FormResult<unknown>> };

export function CheckNowForm({ action }: Props) {
  const [state, formAction, pending] = useActionState(action, { ok: false, fieldErrors: {} } as FormResult<unknown>);
  const found = state.ok ? (state.data as { state: string }).state : undefined;
  return (
    <form action={formAction} className="space-y-2">
      <SubmitButton pending={pending} pendingLabel="Checking…">
        Check now
      </SubmitButton>
      <p role="status" className="text-sm">
        {found === "active"
          ? "Verified: the domain is active."
          : found
            ? `Checked. Qboxmail still reports: ${upstreamStateLabel(found)}. DNS changes can take up to an hour to be visible.`
            : null}
      </p>
      {!state.ok && state.formError ? (
        <p role="alert" className="text-sm text-red-800">
          {state.formError}
        </p>
      ) : null}
    </form>
  );
}
