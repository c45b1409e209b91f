"use client";
// A form that creates something whose secret the server shows only once (an API token, a
// webhook endpoint's signing secret): the secret above the form after success, then the form's
// rows, each named once for both its control and the error summary that links to it.
import { type ComponentProps, type ReactNode, useEffect, useRef } from "react";
import { type CheckboxChoice, CheckboxFieldset } from "@/app/ui/checkbox-fieldset";
import { ErrorSummary } from "@/app/ui/error-summary";
import { InputField } from "@/app/ui/field";
import { SubmitButton } from "@/app/ui/submit-button";
import { summaryItems } from "./form-errors";
import { type FormAction, useFormAction } from "./use-form-action";

type Named = { id: string; name: string; label: string };
/** A text-like input; `input` holds its own attributes (type, maxLength). */
type InputRow = Named & { hint?: string; required?: boolean; input?: Omit<ComponentProps<"input">, "id" | "name"> };
/** A group of checkboxes sharing the row's name. */
type ChoicesRow = Named & { choices: readonly CheckboxChoice[] };
export type CreateFormRow = InputRow | ChoicesRow;

type Props<T> = {
  action: FormAction<T>;
  rows: readonly CreateFormRow[];
  submit: string;
  submitting: string;
  /** What the successful answer shows (the secret, once). */
  created: (data: T) => ReactNode;
};

export function CreateWithSecretForm<T>({ action, rows, submit, submitting, created }: Props<T>) {
  const { state, onSubmit, pending, fieldErrors, formError, summaryRef } = useFormAction(action);
  // Emptied once it created something: a second click on the same form would otherwise create a
  // second one, and the current password would stay typed in the page.
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.ok) form.current?.reset();
  }, [state]);
  return (
    <div className="space-y-4">
      {state.ok ? created(state.data) : null}
      <form ref={form} method="post" onSubmit={onSubmit} noValidate className="max-w-xl space-y-4">
        <ErrorSummary ref={summaryRef} formError={formError} items={summaryItems(rows, fieldErrors)} />
        {rows.map(({ label, ...row }) =>
          "choices" in row ? (
            <CheckboxFieldset key={row.name} legend={label} errors={fieldErrors[row.name]} {...row} />
          ) : (
            <InputField
              key={row.name}
              id={row.id}
              name={row.name}
              label={label}
              required={row.required}
              hint={row.hint}
              errors={fieldErrors[row.name]}
              {...row.input}
            />
          ),
        )}
        <SubmitButton needsScript pending={pending} pendingLabel={submitting}>
          {submit}
        </SubmitButton>
      </form>
    </div>
  );
}
