"use client";
// The administrator's purge of a grommunio domain (docs/lifecycle.md "Purge"): the reseller's
// destroy form (typed name, a fresh idempotency key per page view, "delete the files too") with
// the reason support's order actions ask for, recorded in the purge order's audit event. The
// server checks everything again (lib/services/place-purge.ts).
import { useTranslations } from "next-intl";
import { useFormAction } from "@/app/r/[slug]/_components/use-form-action";
import type { ChangeAction } from "@/app/r/[slug]/services/[id]/change-form";
import { SubmitOrConfirm } from "@/app/ui/confirm-submit";
import { Field, InputField, Textarea } from "@/app/ui/field";
import { FormErrorAlert } from "@/app/ui/form-message";

type Props = {
  action: ChangeAction;
  /** The domain's name, typed back to confirm. */
  name: string;
  /** Made by the page on each view: a double submit places one order. */
  idempotencyKey: string;
  labels: { submit: string; deleteFiles: string; reason: string; reasonHint: string };
};

export function PurgeForm({ action, name, idempotencyKey, labels }: Props) {
  const t = useTranslations("services");
  const { state, pending, onSubmit, fieldErrors: errors } = useFormAction(action);
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="space-y-3">
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <label htmlFor="purge-deleteFiles" className="flex items-start gap-2 text-sm">
        <input id="purge-deleteFiles" type="checkbox" name="deleteFiles" value="true" className="mt-0.5 h-4 w-4" />
        <span>{labels.deleteFiles}</span>
      </label>
      <Field id="purge-reason" label={labels.reason} required errors={errors.reason} hint={labels.reasonHint}>
        <Textarea id="purge-reason" name="reason" rows={2} errors={errors.reason} hint={labels.reasonHint} />
      </Field>
      <InputField
        id="purge-confirm"
        name="confirmName"
        label={t("typeToConfirm", { name })}
        autoComplete="off"
        errors={errors.confirmName}
      />
      <SubmitOrConfirm
        needsScript
        label={labels.submit}
        variant="danger"
        confirmVariant="danger"
        pending={pending}
        pendingLabel={t("placing")}
      />
      <FormErrorAlert state={state} />
    </form>
  );
}
