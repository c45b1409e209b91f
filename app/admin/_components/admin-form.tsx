"use client";
// A small admin form: fields described as data, a required reason, the answer below. Submitted
// from onSubmit (app/ui/use-submit-action.ts), so a refusal keeps what the admin typed.
import { cloneElement, type ReactElement } from "react";
import type { ButtonVariant } from "@/app/ui/button";
import { type Confirmation, SubmitOrConfirm } from "@/app/ui/confirm-submit";
import { Field, Input, Textarea } from "@/app/ui/field";
import { FormMessage } from "@/app/ui/form-message";
import { Select } from "@/app/ui/select";
import { type RemovedOnSuccess, useSubmitAction } from "@/app/ui/use-submit-action";
import { type FormResult, initialFormResult } from "@/lib/forms/result";

export type AdminField =
  | { name: string; label: string; type: "hidden"; value: string }
  | {
      name: string;
      label: string;
      // No type="number": on this noValidate form a browser sends "" for what it cannot read as a
      // number ("1,000", "1 000"), which would clear an identifier, and reads "1e3" as 1000. A
      // number is a text box with the numeric keyboard, and the schema says what it refuses.
      type: "text" | "email" | "password";
      inputMode?: "numeric";
      defaultValue?: string | number;
      hint?: string;
      autoComplete?: string;
    }
  | {
      name: string;
      label: string;
      type: "select";
      options: Array<{ value: string; label: string }>;
      placeholder?: string;
      hint?: string;
    }
  | {
      // A control the page builds (a search picker, which labels itself and shows its own hint):
      // the form gives it the field's errors. The page sends the picker's words itself
      // (app/components/picker-messages.tsx), so a form without one sends none.
      name: string;
      type: "control";
      control: ReactElement<{ errors?: string[] }>;
    };

type Props = {
  id: string;
  title?: string;
  /** The title's heading level: 3 inside a section of the page (a user's), 2 right under the page's h1. */
  titleLevel?: 2 | 3;
  submitLabel: string;
  variant?: ButtonVariant;
  fields: AdminField[];
  action: (prev: FormResult, fd: FormData) => Promise<FormResult>;
  inline?: boolean;
  /** The reason field's label and hint, translated by the page (no English default to fall back on). */
  reason: { label: string; hint: string };
  /** For a destructive action: ask first, saying what will happen. */
  confirm?: Confirmation;
  /** The page replaces this form once it succeeds (a user's enable and disable): see the hook. */
  removedOnSuccess?: RemovedOnSuccess;
};

export function AdminForm({
  id,
  title,
  titleLevel = 3,
  submitLabel,
  variant = "primary",
  fields,
  action,
  inline,
  reason,
  confirm,
  removedOnSuccess,
}: Props) {
  const { state, pending, onSubmit, formAction } = useSubmitAction(
    action,
    initialFormResult as FormResult,
    removedOnSuccess,
  );
  const errors = state.ok ? {} : state.fieldErrors;
  return (
    <form
      noValidate
      action={formAction}
      onSubmit={onSubmit}
      aria-label={title ?? submitLabel}
      className={inline ? "space-y-2" : "space-y-3 rounded-md border border-slate-200 bg-white p-4"}
    >
      {title ? (
        titleLevel === 2 ? (
          <h2 className="font-semibold">{title}</h2>
        ) : (
          <h3 className="font-semibold">{title}</h3>
        )
      ) : null}
      <div className={inline ? "grid gap-2 sm:grid-cols-4" : "grid gap-3 sm:grid-cols-2"}>
        {fields.map((f) => {
          const fid = `${id}-${f.name}`;
          if (f.type === "hidden") return <input key={f.name} type="hidden" name={f.name} value={f.value} />;
          if (f.type === "control") return cloneElement(f.control, { key: f.name, errors: errors[f.name] });
          // What both kinds of control share; each adds only its own props.
          const control = { id: fid, name: f.name, errors: errors[f.name], hint: f.hint };
          return (
            <Field key={f.name} id={fid} label={f.label} errors={control.errors} hint={f.hint}>
              {f.type === "select" ? (
                <Select {...control} options={f.options} placeholder={f.placeholder} />
              ) : (
                <Input
                  {...control}
                  type={f.type}
                  inputMode={f.inputMode}
                  defaultValue={f.defaultValue}
                  autoComplete={f.autoComplete}
                />
              )}
            </Field>
          );
        })}
        <Field id={`${id}-reason`} label={reason.label} errors={errors.reason} hint={reason.hint}>
          <Textarea id={`${id}-reason`} name="reason" rows={1} errors={errors.reason} hint={reason.hint} />
        </Field>
      </div>
      <FormMessage state={state} />
      <SubmitOrConfirm
        label={submitLabel}
        confirm={confirm}
        variant={variant}
        confirmVariant={variant === "danger" ? "danger" : "secondary"}
        pending={pending}
      />
    </form>
  );
}
