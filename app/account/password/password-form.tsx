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
  // What sets the three password fields apart; each is required and named by its id.
  const fields = [
    { name: "currentPassword", label: t("current"), autoComplete: "current-password" },
    { name: "newPassword", label: t("new"), autoComplete: "new-password", minLength: 12, hint },
    { name: "confirmPassword", label: t("again"), autoComplete: "new-password" },
  ];
  return (
    <form action={action} aria-label={t("title")} className="space-y-4 rounded-md border border-slate-200 bg-white p-4">
      {fields.map(({ name, ...field }) => (
        <InputField key={name} id={name} name={name} type="password" required errors={errors[name]} {...field} />
      ))}
      <FormMessage state={state} />
      <div className="flex flex-wrap gap-3">
        <SubmitButton pendingLabel={t("submitting")}>{t("submit")}</SubmitButton>
        {state.ok ? <ButtonLink href={continueTo}>{t("continue")}</ButtonLink> : null}
      </div>
    </form>
  );
}
