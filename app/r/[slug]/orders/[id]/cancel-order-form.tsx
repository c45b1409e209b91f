"use client";
// Cancel an order no worker has started, after a confirmation that says what cancelling does.
// The server re-checks the status; if the order started meanwhile, its answer is shown here.
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ConfirmSubmit } from "@/app/ui/confirm-submit";
import { FormErrorAlert } from "@/app/ui/form-message";
import { type FormResult, initialFormResult } from "@/lib/forms/result";

type Props = { action: (prev: FormResult<unknown>, fd: FormData) => Promise<FormResult<unknown>> };

export function CancelOrderForm({ action }: Props) {
  const t = useTranslations("orderPage");
  const [state, formAction, pending] = useActionState(action, initialFormResult as FormResult<unknown>);
  return (
    <form action={formAction} className="space-y-2">
      <ConfirmSubmit
        label={t("cancel")}
        consequence={t("cancelConsequence")}
        confirmLabel={t("cancelConfirm")}
        keepLabel={t("cancelKeep")}
        pendingLabel={t("cancelling")}
        pending={pending}
      />
      <FormErrorAlert state={state} />
    </form>
  );
}
