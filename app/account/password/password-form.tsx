"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ButtonLink } from "@/app/ui/button";
import { InputField } from "@/app/ui/field";
import { FormMessage } from "@/app/ui/form-message";
import { SubmitButton } from "@/app/ui/submit-button";
import { type FormResult, initialFormResult } from "@/lib/forms/result";
import { changePasswordAction } from "../actions";

export function PasswordForm({ hint, continueTo }: { hint: string; continueTo: string }) {
  const t = useTranslations("account.password");
  const [state, action] = useActionState(changePasswordAction, initialFormResult as FormResult);
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form action={action} aria-label={t("title")} className="space-y-4 rounded-md border border-slate-200 bg-white p-4">
      <InputField
        label={t("current")}
        id="currentPassword"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        errors={errors.currentPassword}
      />
      <InputField
        label={t("new")}
        id="newPassword"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        minLength={12}
        hint={hint}
        errors={errors.newPassword}
      />
      <InputField
        label={t("again")}
        id="confirmPassword"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        required
        errors={errors.confirmPassword}
      />
      <FormMessage state={state} />
      <div className="flex flex-wrap gap-3">
        <SubmitButton pendingLabel={t("submitting")}>{t("submit")}</SubmitButton>
        {state.ok ? <ButtonLink href={continueTo}>{t("continue")}</ButtonLink> : null}
      </div>
    </form>
  );
}
