"use client";
// "Check now": asks Qboxmail to verify the ownership record and shows what it found.
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { SubmitButton } from "@/app/ui/submit-button";
import type { FormResult } from "@/lib/forms/result";

const STATES = new Set([
  "active",
  "ownership_check",
  "suspended",
  "disabled",
  "soft_deleted",
  "deleting",
  "missing",
  "in_progress",
]);

type Props = { action: (prev: FormResult<unknown>, fd: FormData) => Promise<FormResult<unknown>> };

export function CheckNowForm({ action }: Props) {
  const [state, formAction, pending] = useActionState(action, { ok: false, fieldErrors: {} } as FormResult<unknown>);
  const t = useTranslations("services");
  const found = state.ok ? (state.data as { state: string }).state : undefined;
  const stateText = (s: string) => (STATES.has(s) ? t(`states.${s}`) : s);
  return (
    <form action={formAction} className="space-y-2">
      <SubmitButton pending={pending} pendingLabel={t("activation.checking")}>
        {t("activation.checkNow")}
      </SubmitButton>
      <p role="status" className="text-sm">
        {found === "active"
          ? t("activation.verified")
          : found
            ? t("activation.stillReports", { state: stateText(found) })
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
