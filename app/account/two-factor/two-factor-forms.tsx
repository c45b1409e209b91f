"use client";
// Enrolment (QR code, typed secret, first code and the current password, then the recovery codes
// shown once), new recovery codes, and turning two-factor sign-in off. Each submits from onSubmit
// (app/ui/use-submit-action.ts), so a refused code stays in its field, to be corrected or typed over.
import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import { ButtonLink } from "@/app/ui/button";
import { Field, Input, InputField } from "@/app/ui/field";
import { FormMessage } from "@/app/ui/form-message";
import { SubmitButton } from "@/app/ui/submit-button";
import { useSubmitAction } from "@/app/ui/use-submit-action";
import { type FormResult, initialFormResult } from "@/lib/forms/result";
import { confirmEnrolmentAction, disableTwoFactorAction, regenerateRecoveryCodesAction } from "../actions";

// The page that has two-factor on shows two code fields (new recovery codes, turn off): each
// needs its own id, or both labels name the first field. Enrolment keeps "code", which
// tests/support/e2e/browser.ts fills.
function CodeField({ id = "code", errors }: { id?: string; errors?: string[] }) {
  const t = useTranslations("account.twoFactor");
  return (
    <Field id={id} label={t("codeLabel")} errors={errors} required>
      <Input
        id={id}
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        required
        maxLength={20}
        className="max-w-40"
        errors={errors}
      />
    </Field>
  );
}

function RecoveryCodes({ codes, continueTo }: { codes: string[]; continueTo?: string }) {
  const t = useTranslations("account.twoFactor");
  return (
    <section aria-labelledby="recovery-title" className="space-y-3 rounded-md border border-slate-200 bg-white p-4">
      <h2 id="recovery-title" className="font-semibold">
        {t("recoveryTitle")}
      </h2>
      <p className="text-sm text-slate-700">{t("recoveryIntro")}</p>
      <ul className="grid grid-cols-2 gap-2 font-mono text-base" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      {continueTo ? (
        <ButtonLink href={continueTo} variant="primary" data-testid="recovery-codes-saved">
          {t("savedContinue")}
        </ButtonLink>
      ) : null}
    </section>
  );
}

/**
 * The enrolment form, or (`enrolment` null: two-factor is on) `children`, the page's view of a
 * factor that is on. One component for both, at the same place on the page: turning it on gives
 * the browser a new session cookie, which makes Next render the page again, now as "on"; the
 * recovery codes, held only in this component's state, stay on screen through that.
 */
export function EnrolForm({
  enrolment,
  continueTo,
  children,
}: {
  enrolment: { qrSvg: string; secret: string } | null;
  continueTo: string;
  children?: React.ReactNode;
}) {
  const t = useTranslations("account.twoFactor");
  const { state, pending, onSubmit, formAction } = useSubmitAction(
    confirmEnrolmentAction,
    initialFormResult as FormResult<string[]>,
  );
  const form = useRef<HTMLFormElement>(null);
  // A refused password is retyped, not corrected (dots): empty it, keep the code.
  useEffect(() => {
    if (state.ok || !state.fieldErrors.currentPassword) return;
    const input = form.current?.elements.namedItem("currentPassword");
    if (input instanceof HTMLInputElement) input.value = "";
  }, [state]);
  if (state.ok && state.data) {
    return (
      <div className="space-y-4">
        <FormMessage state={state} />
        <RecoveryCodes codes={state.data} continueTo={continueTo} />
      </div>
    );
  }
  if (!enrolment) return <>{children}</>;
  const { qrSvg, secret } = enrolment;
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form
      noValidate
      ref={form}
      action={formAction}
      onSubmit={onSubmit}
      aria-label={t("setupTitle")}
      className="space-y-4 rounded-md border border-slate-200 bg-white p-4"
    >
      <ol className="list-decimal space-y-2 pl-5 text-sm text-slate-700">
        <li>{t("step1")}</li>
        <li>{t("step2")}</li>
        <li>{t("step3")}</li>
      </ol>
      {/* The SVG comes from the qrcode library on the server, from our own otpauth:// address. */}
      <div
        className="h-48 w-48"
        role="img"
        aria-label={t("qrLabel")}
        // biome-ignore lint/security/noDangerouslySetInnerHtml: server-made SVG of our own address, no user text in it
        dangerouslySetInnerHTML={{ __html: qrSvg }}
      />
      <p className="text-sm text-slate-700">
        {t("key")}{" "}
        <code className="break-all font-mono" data-testid="totp-secret">
          {secret}
        </code>
      </p>
      <CodeField errors={errors.code} />
      <InputField
        id="currentPassword"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        label={t("passwordLabel")}
        hint={t("passwordHint")}
        required
        className="max-w-sm"
        errors={errors.currentPassword}
      />
      <FormMessage state={state} />
      <SubmitButton pending={pending} pendingLabel={t("checking")}>
        {t("turnOn")}
      </SubmitButton>
    </form>
  );
}

export function RegenerateForm() {
  const t = useTranslations("account.twoFactor");
  const { state, pending, onSubmit, formAction } = useSubmitAction(
    regenerateRecoveryCodesAction,
    initialFormResult as FormResult<string[]>,
  );
  if (state.ok && state.data) {
    return (
      <div className="space-y-4">
        <FormMessage state={state} />
        <RecoveryCodes codes={state.data} />
      </div>
    );
  }
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form
      noValidate
      action={formAction}
      onSubmit={onSubmit}
      aria-label={t("regenTitle")}
      className="space-y-3 rounded-md border border-slate-200 bg-white p-4"
    >
      <h2 className="font-semibold">{t("regenTitle")}</h2>
      <p className="text-sm text-slate-700">{t("regenIntro")}</p>
      <CodeField id="regen-code" errors={errors.code} />
      <FormMessage state={state} />
      <SubmitButton variant="secondary" pending={pending}>
        {t("regenSubmit")}
      </SubmitButton>
    </form>
  );
}

/**
 * Turning it off: the page is then rendered again as the enrolment form, without this one. The
 * success is said in the page's live region, and focus moves to `focusId`, the page's heading.
 */
export function DisableForm({ focusId }: { focusId: string }) {
  const t = useTranslations("account.twoFactor");
  const { state, pending, onSubmit, formAction } = useSubmitAction(
    disableTwoFactorAction,
    initialFormResult as FormResult,
    { focusId },
  );
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form
      noValidate
      action={formAction}
      onSubmit={onSubmit}
      aria-label={t("offTitle")}
      className="space-y-3 rounded-md border border-slate-200 bg-white p-4"
    >
      <h2 className="font-semibold">{t("offTitle")}</h2>
      <p className="text-sm text-slate-700">{t("offIntro")}</p>
      <CodeField id="off-code" errors={errors.code} />
      <FormMessage state={state} />
      <SubmitButton variant="danger" pending={pending}>
        {t("offSubmit")}
      </SubmitButton>
    </form>
  );
}
