"use client";
// Submits a form through a server action after checking it with the same zod schema the server
// uses (hints here, truth there). Submitting from onSubmit instead of <form action> avoids React's
// automatic form reset, so nothing the person typed is lost when the server says no.
import { useTranslations } from "next-intl";
import { type FormEvent, startTransition, useActionState, useEffect, useRef, useState } from "react";
import { focusFirstInvalid } from "@/app/ui/focus-first-invalid";
import { localizeFieldErrors } from "@/lib/forms/field-errors";
import type { FieldErrors, FormResult } from "@/lib/forms/result";

export type FormAction<T> = (prev: FormResult<T>, formData: FormData) => Promise<FormResult<T>>;

const hasErrors = (r: FormResult<unknown>) => !r.ok && (Boolean(r.formError) || Object.keys(r.fieldErrors).length > 0);

/** Focus on the error summary when the form has one, else on the first invalid field. */
function showProblems(summary: HTMLDivElement | null, form: HTMLFormElement | null): void {
  if (summary) summary.focus();
  else focusFirstInvalid(form);
}

export function useFormAction<T>(action: FormAction<T>, validate?: (formData: FormData) => FieldErrors | null) {
  const [state, dispatch, pending] = useActionState(action, { ok: false, fieldErrors: {} } as FormResult<T>);
  const [clientErrors, setClientErrors] = useState<FieldErrors | null>(null);
  // The browser's own check speaks the person's language too (the server's answer already does).
  const translate = useTranslations("validation");
  const summaryRef = useRef<HTMLDivElement>(null);
  // `pending` is stale inside a second click's handler; the ref is not.
  const inFlight = useRef(false);

  // The form last submitted: a form without an error summary focuses its first invalid field.
  const form = useRef<HTMLFormElement | null>(null);

  useEffect(() => {
    inFlight.current = false;
    if (hasErrors(state)) showProblems(summaryRef.current, form.current);
  }, [state]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current) return;
    form.current = event.currentTarget;
    const formData = new FormData(event.currentTarget);
    const errors = validate?.(formData) ?? null;
    if (errors && Object.keys(errors).length > 0) {
      setClientErrors(localizeFieldErrors(errors, translate));
      // After React has rendered the messages (and the fields' aria-invalid).
      setTimeout(() => showProblems(summaryRef.current, form.current), 0);
      return;
    }
    setClientErrors(null);
    inFlight.current = true;
    startTransition(() => dispatch(formData));
  }

  // Client errors win while present; a submission clears them and the server's answer shows.
  const fieldErrors: FieldErrors = clientErrors ?? (state.ok ? {} : state.fieldErrors);
  const formError = clientErrors || state.ok ? undefined : state.formError;
  return { state, pending, onSubmit, fieldErrors, formError, summaryRef };
}
