"use client";
// One guarded order action: a required reason, the version the page showed, and for "resolve"
// the upstream reference. Destructive ones (cancel, resolve) ask first, saying what will happen.
// The server checks everything again. Words come translated from the page (the support console's
// messages are not sent to every browser).
import { useActionState } from "react";
import type { ButtonVariant } from "@/app/ui/button";
import { ConfirmSubmit } from "@/app/ui/confirm-submit";
import { Field, FieldErrors, Input, Textarea } from "@/app/ui/field";
import { SubmitButton } from "@/app/ui/submit-button";
import { type FormResult, initialFormResult } from "@/lib/forms/result";
import { FormMessage } from "./form-message";

export type OrderActionLabels = {
  upstreamRef: string;
  upstreamRefHint: string;
  reason: string;
  reasonHint: string;
  reasonVisible: string;
};

/** For a destructive action: what happens, the button that does it, the one that backs out. */
export type OrderActionConfirm = { consequence: string; confirmLabel: string; keepLabel: string };

type Props = {
  id: string;
  title: string;
  submitLabel: string;
  variant?: ButtonVariant;
  orderId: string;
  version: number;
  withUpstreamRef?: boolean;
  labels: OrderActionLabels;
  confirm?: OrderActionConfirm;
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
  const [state, formAction] = useActionState(action, initialFormResult as FormResult);
  const errors = state.ok ? {} : state.fieldErrors;
  if (!allowed) return state.ok ? <FormMessage state={state} /> : null;
  return (
    <form
      action={formAction}
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
      {confirm ? (
        <ConfirmSubmit
          label={submitLabel}
          consequence={confirm.consequence}
          confirmLabel={confirm.confirmLabel}
          keepLabel={confirm.keepLabel}
          variant={variant}
        />
      ) : (
        <SubmitButton variant={variant}>{submitLabel}</SubmitButton>
      )}
    </form>
  );
}
