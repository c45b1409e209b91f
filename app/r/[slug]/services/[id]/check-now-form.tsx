"use client";
// "Check now": asks Qboxmail to verify the ownership record and shows what it found.
import { useFormatter, useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormErrorAlert } from "@/app/ui/form-message";
import { SubmitButton } from "@/app/ui/submit-button";
import { type FormResult, initialFormResult } from "@/lib/forms/result";
import { TIME_ONLY } from "@/lib/i18n/formats";
import { isUpstreamState } from "@/lib/services/upstream-state";

type Props = { action: (prev: FormResult<unknown>, fd: FormData) => Promise<FormResult<unknown>> };

/** A check's answer (app/r/[slug]/services/actions.ts): the state read back and when it was asked. */
export type CheckAnswer = { state?: string; checkedAt?: string };

export function CheckNowForm({ action }: Props) {
  const [state, formAction, pending] = useActionState(action, initialFormResult as FormResult<unknown>);
  const t = useTranslations("services");
  const format = useFormatter();
  const { state: found, checkedAt } = state.ok ? (state.data as CheckAnswer) : {};
  // The time of this press: a second press with the same answer still shows that it checked again.
  const at = checkedAt ? format.dateTime(new Date(checkedAt), TIME_ONLY) : "";
  const stateText = (s: string) => (isUpstreamState(s) ? t(`states.${s}`) : s);
  return (
    <form action={formAction} className="space-y-2">
      <SubmitButton pending={pending} pendingLabel={t("activation.checking")}>
        {t("activation.checkNow")}
      </SubmitButton>
      <p role="status" className="text-sm">
        {found === "active"
          ? t("activation.verified")
          : found === "active_mx_to_fix"
            ? t("activation.verifiedMxToFix")
            : found
              ? t("activation.stillReports", { state: stateText(found), at })
              : null}
      </p>
      <FormErrorAlert state={state} />
    </form>
  );
}
