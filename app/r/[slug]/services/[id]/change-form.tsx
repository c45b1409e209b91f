"use client";
// One change of a service as a form: fields prefilled from the provider (blank = leave as is),
// or just a button (suspend, resume), or a typed name (delete). Submitting places a change order
// and opens its live order page; a refusal is shown here, next to the field it is about.
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { type Confirmation, SubmitOrConfirm } from "@/app/ui/confirm-submit";
import { Input } from "@/app/ui/field";
import { FormErrorAlert } from "@/app/ui/form-message";
import { type FormResult, initialFormResult } from "@/lib/forms/result";
import type { ChangeField } from "@/lib/services/change-fields";

type Props = {
  action: (prev: FormResult<unknown>, fd: FormData) => Promise<FormResult<unknown>>;
  idempotencyKey: string;
  submitLabel: string;
  fields?: ChangeField[];
  confirmName?: string;
  danger?: boolean;
  idPrefix: string;
  /** Ask before placing the order, saying what it does (suspend/disable). */
  confirm?: Confirmation;
};

const textareaClass =
  "block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-sm text-slate-900 focus:border-blue-700 focus:outline-2 focus:outline-blue-700";

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
            const errs = errors[f.name];
            return (
              <div key={f.name} className="space-y-1">
                <label htmlFor={id} className="block text-sm font-medium">
                  {f.label}
                </label>
                {f.input === "yesno" || f.input === "select" ? (
                  <select
                    id={id}
                    name={f.name}
                    defaultValue={f.value}
                    className={textareaClass}
                    aria-invalid={errs ? true : undefined}
                  >
                    <option value="">{t("leaveAsIs")}</option>
                    {(
                      f.options ?? [
                        { value: "true", label: t("yes") },
                        { value: "false", label: t("no") },
                      ]
                    ).map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                ) : f.input === "list" ? (
                  <textarea id={id} name={f.name} defaultValue={f.value} rows={2} className={textareaClass} />
                ) : (
                  <Input
                    id={id}
                    name={f.name}
                    type={f.input === "number" ? "text" : "text"}
                    inputMode={f.input === "number" ? "numeric" : undefined}
                    defaultValue={f.value}
                    aria-invalid={errs ? true : undefined}
                  />
                )}
                {errs?.map((e) => (
                  <p key={e} className="text-sm text-red-800">
                    {e}
                  </p>
                ))}
              </div>
            );
          })}
        </div>
      ) : null}
      {confirmName !== undefined ? (
        <div className="space-y-1">
          <label htmlFor={`${idPrefix}-confirm`} className="block text-sm font-medium">
            {t("typeToConfirm", { name: confirmName })}
          </label>
          <Input
            id={`${idPrefix}-confirm`}
            name="confirmName"
            autoComplete="off"
            aria-invalid={errors.confirmName ? true : undefined}
          />
          {errors.confirmName?.map((e) => (
            <p key={e} className="text-sm text-red-800">
              {e}
            </p>
          ))}
        </div>
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
