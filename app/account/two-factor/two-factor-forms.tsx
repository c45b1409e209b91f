"use client";
// Enrolment (QR code, typed secret, first code, then the recovery codes shown once), new
// recovery codes, and turning two-factor sign-in off.
import { useActionState } from "react";
import { FormMessage } from "@/app/support/_components/form-message";
import { ButtonLink } from "@/app/ui/button";
import { Field, Input } from "@/app/ui/field";
import { SubmitButton } from "@/app/ui/submit-button";
import { type FormResult, initialFormResult } from "@/lib/forms/result";
import { confirmEnrolmentAction, disableTwoFactorAction, regenerateRecoveryCodesAction } from "../actions";

function CodeField({ errors }: { errors?: string[] }) {
  return (
    <Field id="code" label="Code from the app" errors={errors} required>
      <Input
        id="code"
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
  return (
    <section aria-labelledby="recovery-title" className="space-y-3 rounded-md border border-slate-200 bg-white p-4">
      <h2 id="recovery-title" className="font-semibold">
        Your recovery codes
      </h2>
      <p className="text-sm text-slate-700">
        Each code signs you in once if you lose your phone. Save them somewhere safe now: they are not shown again.
      </p>
      <ul className="grid grid-cols-2 gap-2 font-mono text-base" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      {continueTo ? (
        <ButtonLink href={continueTo} variant="primary">
          I have saved them, continue
        </ButtonLink>
      ) : null}
    </section>
  );
}

export function EnrolForm({ qrSvg, secret, continueTo }: { qrSvg: string; secret: string; continueTo: string }) {
  const [state, action] = useActionState(confirmEnrolmentAction, initialFormResult as FormResult<string[]>);
  if (state.ok && state.data) {
    return (
      <div className="space-y-4">
        <FormMessage state={state} />
        <RecoveryCodes codes={state.data} continueTo={continueTo} />
      </div>
    );
  }
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form
      action={action}
      aria-label="Set up two-factor sign-in"
      className="space-y-4 rounded-md border border-slate-200 bg-white p-4"
    >
      <ol className="list-decimal space-y-2 pl-5 text-sm text-slate-700">
        <li>Open an authenticator app (for example FreeOTP, Aegis, Google Authenticator or 1Password).</li>
        <li>Scan this QR code, or type the key below into the app.</li>
        <li>Type the 6-digit code the app shows.</li>
      </ol>
      {/* The SVG comes from the qrcode library on the server, from our own otpauth:// address. */}
      <div
        className="h-48 w-48"
        role="img"
        aria-label="QR code for your authenticator app"
        // biome-ignore lint/security/noDangerouslySetInnerHtml: server-made SVG of our own address, no user text in it
        dangerouslySetInnerHTML={{ __html: qrSvg }}
      />
      <p className="text-sm text-slate-700">
        Key:{" "}
        <code className="break-all font-mono" data-testid="totp-secret">
          {secret}
        </code>
      </p>
      <CodeField errors={errors.code} />
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Checking…">Turn on two-factor sign-in</SubmitButton>
    </form>
  );
}

export function RegenerateForm() {
  const [state, action] = useActionState(regenerateRecoveryCodesAction, initialFormResult as FormResult<string[]>);
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
      action={action}
      aria-label="New recovery codes"
      className="space-y-3 rounded-md border border-slate-200 bg-white p-4"
    >
      <h2 className="font-semibold">New recovery codes</h2>
      <p className="text-sm text-slate-700">Makes ten new codes; the old ones stop working.</p>
      <CodeField errors={errors.code} />
      <FormMessage state={state} />
      <SubmitButton variant="secondary">Make new recovery codes</SubmitButton>
    </form>
  );
}

export function DisableForm() {
  const [state, action] = useActionState(disableTwoFactorAction, initialFormResult as FormResult);
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form
      action={action}
      aria-label="Turn off two-factor sign-in"
      className="space-y-3 rounded-md border border-slate-200 bg-white p-4"
    >
      <h2 className="font-semibold">Turn off two-factor sign-in</h2>
      <p className="text-sm text-slate-700">
        Sign-in will ask for your password only. Your recovery codes are deleted.
      </p>
      <CodeField errors={errors.code} />
      <FormMessage state={state} />
      <SubmitButton variant="danger">Turn off</SubmitButton>
    </form>
  );
}
