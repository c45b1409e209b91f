"use client";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { ButtonLink } from "@/app/ui/button";
import { Field, Input } from "@/app/ui/field";
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
      <Field id="currentPassword" label={t("current")} errors={errors.currentPassword} required>
        <Input
          id="currentPassword"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          errors={errors.currentPassword}
        />
      </Field>
      <Field id="newPassword" label={t("new")} hint={hint} errors={errors.newPassword} required>
        <Input
          id="newPassword"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          minLength={12}
          hint={hint}
          errors={errors.newPassword}
        />
      </Field>
      <Field id="confirmPassword" label={t("again")} errors={errors.confirmPassword} required>
        <Input
          id="confirmPassword"
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          required
          errors={errors.confirmPassword}
        />
      </Field>
      <FormMessage state={state} />
      <div className="flex flex-wrap gap-3">
        <SubmitButton pendingLabel={t("submitting")}>{t("submit")}</SubmitButton>
        {state.ok ? <ButtonLink href={continueTo}>{t("continue")}</ButtonLink> : null}
      </div>
    </form>
  );
}
