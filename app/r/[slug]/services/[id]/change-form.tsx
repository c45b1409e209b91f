"use client";
// One change of a service as a form: fields prefilled from the provider (blank = leave as is),
// or just a button (suspend, resume), or a typed name (delete). Submitting places a change order
// and opens its live order page; a refusal is shown here, next to the field it is about.
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { type Confirmation, SubmitOrConfirm } from "@/app/ui/confirm-submit";
import { Field, Input, InputField, Textarea } from "@/app/ui/field";
import { FormErrorAlert } from "@/app/ui/form-message";
import { Select } from "@/app/ui/select";
import { type FormResult, initialFormResult } from "@/lib/forms/result";
import type { ChangeField } from "@/lib/services/change-fields";

/** The server action a change form posts to: it places the change order. */
export type ChangeAction = (prev: FormResult<unknown>, fd: FormData) => Promise<FormResult<unknown>>;

type Props = {
  action: ChangeAction;
  idempotencyKey: string;
  submitLabel: string;
  fields?: ChangeField[];
  confirmName?: string;
  danger?: boolean;
  idPrefix: string;
  /** Ask before placing the order, saying what it does (suspend/disable). */
  confirm?: Confirmation;
};

/** A field's control: blank (or "leave as is") means the setting stays as the provider has it. */
function ChangeControl({ id, field, errors }: { id: string; field: ChangeField; errors?: readonly string[] }) {
  const t = useTranslations("services");
  const common = { id, name: field.name, defaultValue: field.value, errors };
  if (field.input === "yesno" || field.input === "select") {
    const yesNo = [
      { value: "true", label: t("yes") },
      { value: "false", label: t("no") },
    ];
    return <Select {...common} placeholder={t("leaveAsIs")} options={field.options ?? yesNo} />;
  }
  if (field.input === "list") return <Textarea {...common} rows={2} />;
  // Numbers and dates stay plain text, prefilled as the provider stored them (a date's label
  // gives its format); the server checks what was typed.
  return <Input {...common} type="text" inputMode={field.input === "number" ? "numeric" : undefined} />;
}

export function ChangeForm({
  action,
  idempotencyKey,
  submitLabel,
  fields = [],
  confirmName,
  danger,
  idPrefix,
  confirm,
}: Props) {
  const t = useTranslations("services");
  const [state, formAction, pending] = useActionState(action, initialFormResult as FormResult<unknown>);
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      {fields.length ? (
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {fields.map((f) => {
            const id = `${idPrefix}-${f.name}`;
            return (
              <Field key={f.name} id={id} label={f.label} errors={errors[f.name]}>
                <ChangeControl id={id} field={f} errors={errors[f.name]} />
              </Field>
            );
          })}
        </div>
      ) : null}
      {confirmName !== undefined ? (
        <InputField
          id={`${idPrefix}-confirm`}
          name="confirmName"
          label={t("typeToConfirm", { name: confirmName })}
          autoComplete="off"
          errors={errors.confirmName}
        />
      ) : null}
      <SubmitOrConfirm
        label={submitLabel}
        confirm={confirm}
        variant={danger ? "danger" : "primary"}
        confirmVariant="danger"
        pending={pending}
        pendingLabel={t("placing")}
      />
      <FormErrorAlert state={state} />
    </form>
  );
}
