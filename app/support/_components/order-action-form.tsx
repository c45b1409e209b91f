"use client";
// One guarded order action: a required reason, the version the page showed, and for "resolve"
// the upstream reference. The server checks everything again.
import { useActionState } from "react";
import type { ButtonVariant } from "@/app/ui/button";
import { Field, FieldErrors, Input, Textarea } from "@/app/ui/field";
import { SubmitButton } from "@/app/ui/submit-button";
import { type FormResult, initialFormResult } from "@/lib/forms/result";
import { FormMessage } from "./form-message";

type Props = {
  id: string;
  title: string;
  submitLabel: string;
  variant?: ButtonVariant;
  orderId: string;
  version: number;
  withUpstreamRef?: boolean;
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
          label="Upstream reference"
          required
          errors={errors.upstreamRef}
          hint="The id of the resource at the provider"
        >
          <Input
            id={`${id}-ref`}
            name="upstreamRef"
            errors={errors.upstreamRef}
            hint="The id of the resource at the provider"
          />
        </Field>
      ) : null}
      <Field id={`${id}-reason`} label="Reason" required errors={errors.reason} hint="Kept in the audit log">
        <Textarea id={`${id}-reason`} name="reason" rows={2} errors={errors.reason} hint="Kept in the audit log" />
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="reasonVisible" id={`${id}-visible`} />
        Visible to the reseller (otherwise they see only that support acted)
      </label>
      <FieldErrors id={`${id}-version`} errors={errors.expectedVersion ?? errors.orderId} />
      <FormMessage state={state} />
      <SubmitButton variant={variant}>{submitLabel}</SubmitButton>
    </form>
  );
}
