"use client";
// Wraps the order table: ticked failed orders are retried together with one reason. The result
// lists what was skipped and why (moved on since the page was loaded, no longer failed). Submitted
// from onSubmit (app/ui/use-submit-action.ts), so a refusal keeps the reason and the ticks.
import { Field, Textarea } from "@/app/ui/field";
import { FormMessage } from "@/app/ui/form-message";
import { SubmitButton } from "@/app/ui/submit-button";
import { useSubmitAction } from "@/app/ui/use-submit-action";
import type { FormResult } from "@/lib/forms/result";
import type { BulkRetryResult } from "@/lib/support/bulk-retry";

type Props = {
  action: (prev: FormResult<BulkRetryResult>, fd: FormData) => Promise<FormResult<BulkRetryResult>>;
  labels: Record<string, string>;
  /** Whether the page holds failed orders to tick; the form stays mounted either way so its
   * answer survives the re-render that follows the action (the retried rows are no longer failed). */
  selectable: boolean;
  /** The form's words, translated by the server page (the console's messages stay on the server). */
  words: {
    label: string;
    title: string;
    reason: string;
    reasonHint: string;
    visible: string;
    skipped: string;
    submit: string;
  };
  children: React.ReactNode;
};

export function BulkRetryForm({ action, labels, selectable, words, children }: Props) {
  const { state, pending, onSubmit, formAction } = useSubmitAction(action, {
    ok: false,
    fieldErrors: {},
  } as FormResult<BulkRetryResult>);
  const errors = state.ok ? {} : state.fieldErrors;
  const skipped = state.ok ? (state.data?.skipped ?? []) : [];
  const answered = state.ok || Boolean(state.formError);
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate aria-label={words.label}>
      {children}
      {!selectable && !answered ? null : (
        <div className="mt-4 space-y-3 rounded-md border border-slate-200 bg-white p-4">
          <h2 className="font-semibold">{words.title}</h2>
          {selectable ? (
            <Field id="bulk-reason" label={words.reason} required errors={errors.reason} hint={words.reasonHint}>
              <Textarea id="bulk-reason" name="reason" rows={2} errors={errors.reason} hint={words.reasonHint} />
            </Field>
          ) : null}
          {selectable ? (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="reasonVisible" id="bulk-visible" />
              {words.visible}
            </label>
          ) : null}
          {errors.items ? (
            <p role="alert" className="text-sm font-medium text-red-700">
              {errors.items.join(" ")}
            </p>
          ) : null}
          <FormMessage state={state} />
          {skipped.length ? (
            <ul className="list-disc pl-5 text-sm" aria-label={words.skipped}>
              {skipped.map((s) => (
                <li key={s.orderId}>
                  {s.label ?? labels[s.orderId] ?? s.orderId}: {s.why}
                </li>
              ))}
            </ul>
          ) : null}
          {selectable ? <SubmitButton pending={pending}>{words.submit}</SubmitButton> : null}
        </div>
      )}
    </form>
  );
}
