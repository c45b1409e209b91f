"use client";
// Submitted from onSubmit (app/ui/use-submit-action.ts), so a refusal does not empty the whole
// form. A password field shows only dots: one the server refused is retyped, not corrected, so
// that one is cleared (with the new password, its repetition too) and the others are kept.
import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import { ButtonLink } from "@/app/ui/button";
import { InputField } from "@/app/ui/field";
import { FormMessage } from "@/app/ui/form-message";
import { SubmitButton } from "@/app/ui/submit-button";
import { useSubmitAction } from "@/app/ui/use-submit-action";
import { type FormResult, initialFormResult } from "@/lib/forms/result";
import { changePasswordAction } from "../actions";

/** The fields to empty after a refusal: each one refused, and the repetition of a refused new password. */
function refusedFields(fieldErrors: Record<string, unknown>): string[] {
  const names = Object.keys(fieldErrors);
  return names.includes("newPassword") ? [...names, "confirmPassword"] : names;
}

/** A box for something the change may do too, posted as `name=true` when ticked, with its hint. */
function AlsoBox({ name, label, hint }: { name: string; label: string; hint: string }) {
  return (
    <div className="space-y-1">
      <label htmlFor={name} className="flex items-start gap-2 text-sm">
        <input
          id={name}
          type="checkbox"
          name={name}
          value="true"
          aria-describedby={`${name}-hint`}
          className="mt-0.5 h-4 w-4"
        />
        <span>{label}</span>
      </label>
      <p id={`${name}-hint`} className="text-xs text-slate-600">
        {hint}
      </p>
    </div>
  );
}

export function PasswordForm({
  hint,
  continueTo,
  offerTokenRevocation,
}: {
  hint: string;
  continueTo: string;
  /**
   * A reseller user may have made API tokens and webhook endpoints: offer to revoke the one and
   * turn the other off with the change.
   */
  offerTokenRevocation: boolean;
}) {
  const t = useTranslations("account.password");
  const { state, pending, onSubmit, formAction } = useSubmitAction(
    changePasswordAction,
    initialFormResult as FormResult,
  );
  const form = useRef<HTMLFormElement>(null);
  // Once per answer: `state` is a new object for each one.
  useEffect(() => {
    if (state.ok) return;
    for (const name of refusedFields(state.fieldErrors)) {
      const input = form.current?.elements.namedItem(name);
      if (input instanceof HTMLInputElement) input.value = "";
    }
  }, [state]);
  const errors = state.ok ? {} : state.fieldErrors;
  // What sets the three password fields apart; each is required and named by its id.
  const fields = [
    { name: "currentPassword", label: t("current"), autoComplete: "current-password" },
    { name: "newPassword", label: t("new"), autoComplete: "new-password", minLength: 12, hint },
    { name: "confirmPassword", label: t("again"), autoComplete: "new-password" },
  ];
  return (
    <form
      noValidate
      ref={form}
      action={formAction}
      onSubmit={onSubmit}
      aria-label={t("title")}
      className="space-y-4 rounded-md border border-slate-200 bg-white p-4"
    >
      {fields.map(({ name, ...field }) => (
        <InputField key={name} id={name} name={name} type="password" required errors={errors[name]} {...field} />
      ))}
      {offerTokenRevocation ? (
        <div className="space-y-3">
          <AlsoBox name="revokeApiTokens" label={t("revokeTokens")} hint={t("revokeTokensHint")} />
          <AlsoBox name="disableWebhooks" label={t("disableWebhooks")} hint={t("disableWebhooksHint")} />
        </div>
      ) : null}
      <FormMessage state={state} />
      <div className="flex flex-wrap gap-3">
        <SubmitButton pending={pending} pendingLabel={t("submitting")}>
          {t("submit")}
        </SubmitButton>
        {state.ok ? <ButtonLink href={continueTo}>{t("continue")}</ButtonLink> : null}
      </div>
    </form>
  );
}
