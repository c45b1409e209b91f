"use client";
import { ErrorSummary } from "@/app/ui/error-summary";
// "New signing secret" on an endpoint's page: the new secret is shown once, and the page says
// until when the one before it still signs (lib/webhooks/endpoints.ts rotateWebhookSecret).
import { SubmitButton } from "@/app/ui/submit-button";
import { ShownOnce } from "../../../_components/shown-once";
import { type FormAction, useFormAction } from "../../../_components/use-form-action";

export type RotateWords = {
  submit: string;
  submitting: string;
  explain: string;
  shownTitle: string;
  shownLabel: string;
  password: string;
  passwordHint: string;
};

/** `until` comes back as the previous secret's end, already written out in the person's words. */
export function RotateSecretForm({
  action,
  words,
}: {
  action: FormAction<{ secret: string; until: string }>;
  words: RotateWords;
}) {
  const { state, onSubmit, pending, formError, summaryRef } = useFormAction(action);
  return (
    <div className="space-y-3">
      {state.ok ? (
        <ShownOnce id="rotated-secret" title={words.shownTitle} label={words.shownLabel} value={state.data.secret}>
          <p className="mt-2">{state.data.until}</p>
        </ShownOnce>
      ) : null}
      <form method="post" onSubmit={onSubmit} noValidate className="space-y-2">
        <ErrorSummary ref={summaryRef} formError={formError} items={[]} />
        <p className="text-sm text-slate-700">{words.explain}</p>
        <div>
          <label htmlFor="rotate-password" className="block text-sm font-medium">
            {words.password}
          </label>
          <p id="rotate-password-hint" className="text-sm text-slate-600">
            {words.passwordHint}
          </p>
          <input
            id="rotate-password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            aria-describedby="rotate-password-hint"
            className="mt-1 w-full max-w-sm rounded-md border border-slate-500 px-3 py-2 text-sm"
          />
        </div>
        <SubmitButton needsScript pending={pending} pendingLabel={words.submitting} variant="secondary">
          {words.submit}
        </SubmitButton>
      </form>
    </div>
  );
}
