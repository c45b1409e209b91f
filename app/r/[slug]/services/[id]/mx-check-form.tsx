"use client";
// "Check MX now": asks Qboxmail to check the domain's MX records again and shows what it found.
// When the domain reads active, the page re-renders without this form (the badge says active).
import { useFormatter, useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormErrorAlert } from "@/app/ui/form-message";
import { SubmitButton } from "@/app/ui/submit-button";
import { type FormResult, initialFormResult } from "@/lib/forms/result";
import { TIME_ONLY } from "@/lib/i18n/formats";
import { isUpstreamState } from "@/lib/services/upstream-state";
import type { CheckAnswer } from "./check-now-form";

type Props = { action: (prev: FormResult<unknown>, fd: FormData) => Promise<FormResult<unknown>> };

export function MxCheckForm({ action }: Props) {
  const [state, formAction, pending] = useActionState(action, initialFormResult as FormResult<unknown>);
  const t = useTranslations("services");
  const answer: CheckAnswer = state.ok ? (state.data as CheckAnswer) : {};
  return (
    <form action={formAction} className="space-y-2">
      <SubmitButton pending={pending} pendingLabel={t("activation.checking")}>
        {t("activation.checkMxNow")}
      </SubmitButton>
      <MxCheckAnswer {...answer} />
      <FormErrorAlert state={state} />
    </form>
  );
}

/** What the check found, and when: active, still MX to fix (queued, and what to do), or another state. */
export function MxCheckAnswer({ state: found, checkedAt }: CheckAnswer) {
  const t = useTranslations("services");
  const format = useFormatter();
  const at = checkedAt ? format.dateTime(new Date(checkedAt), TIME_ONLY) : "";
  const stateText = (s: string) => (isUpstreamState(s) ? t(`states.${s}`) : s);
  return (
    <p role="status" className="text-sm" data-testid="mx-check-result">
      {found === "active"
        ? t("activation.mxVerified")
        : found === "active_mx_to_fix"
          ? t("activation.mxCheckQueued", { at })
          : found
            ? t("activation.stillReports", { state: stateText(found), at })
            : null}
    </p>
  );
}
