"use client";
// One guarded order action: a required reason, the version the page showed, and for "resolve"
// the upstream reference. Destructive ones (cancel, resolve) ask first, saying what will happen.
// The server checks everything again. Words come translated from the page (the support console's
// messages are not sent to every browser). Submitted from onSubmit (app/ui/use-submit-action.ts),
// so a refusal keeps the reason and reference typed.
import type { ButtonVariant } from "@/app/ui/button";
import { type Confirmation, SubmitOrConfirm } from "@/app/ui/confirm-submit";
import { Field, FieldErrors, Input, Textarea } from "@/app/ui/field";
import { FormMessage } from "@/app/ui/form-message";
import { useSubmitAction } from "@/app/ui/use-submit-action";
import { type FormResult, initialFormResult } from "@/lib/forms/result";

export type OrderActionLabels = {
  upstreamRef: string;
  upstreamRefHint: string;
  reason: string;
  reasonHint: string;
  reasonVisible: string;
};

type Props = {
  id: string;
  title: string;
  submitLabel: string;
  variant?: ButtonVariant;
  orderId: string;
  version: number;
  withUpstreamRef?: boolean;
  labels: OrderActionLabels;
  confirm?: Confirmation;
  /** Whether the order's status allows this action now. The form stays mounted when it does not,
   * so the answer to an action survives the re-render that follows it. */
  allowed: boolean;
  action: (prev: FormResult, fd: FormData) => Promise<FormResult>;
};

export function OrderActionForm({
  id,
  title,
  submitLabel,
  variant = "primary",
  orderId,
  version,
  withUpstreamRef,
  labels,
  confirm,
  allowed,
  action,
}: Props) {
  const { state, pending, onSubmit, formAction } = useSubmitAction(action, initialFormResult as FormResult);
  const errors = state.ok ? {} : state.fieldErrors;
  if (!allowed) return state.ok ? <FormMessage state={state} /> : null;
  return (
    <form
      noValidate
      action={formAction}
      onSubmit={onSubmit}
      className="space-y-3 rounded-md border border-slate-200 bg-white p-4"
      aria-labelledby={`${id}-title`}
    >
      <h3 id={`${id}-title`} className="font-semibold">
        {title}
      </h3>
      <input type="hidden" name="orderId" value={orderId} />
      <input type="hidden" name="expectedVersion" value={version} />
      {withUpstreamRef ? (
        <Field
          id={`${id}-ref`}
          label={labels.upstreamRef}
          required
          errors={errors.upstreamRef}
          hint={labels.upstreamRefHint}
        >
          <Input id={`${id}-ref`} name="upstreamRef" errors={errors.upstreamRef} hint={labels.upstreamRefHint} />
        </Field>
      ) : null}
      <Field id={`${id}-reason`} label={labels.reason} required errors={errors.reason} hint={labels.reasonHint}>
        <Textarea id={`${id}-reason`} name="reason" rows={2} errors={errors.reason} hint={labels.reasonHint} />
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="reasonVisible" id={`${id}-visible`} />
        {labels.reasonVisible}
      </label>
      <FieldErrors id={`${id}-version`} errors={errors.expectedVersion ?? errors.orderId} />
      <FormMessage state={state} />
      <SubmitOrConfirm label={submitLabel} confirm={confirm} variant={variant} pending={pending} />
    </form>
  );
}
