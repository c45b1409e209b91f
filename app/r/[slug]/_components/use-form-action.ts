"use client";
// Submits a form through a server action after checking it with the same zod schema the server
// uses (hints here, truth there). Submitting from onSubmit instead of <form action> avoids React's
// automatic form reset, so nothing the person typed is lost when the server says no.
import { useTranslations } from "next-intl";
import { type FormEvent, startTransition, useActionState, useEffect, useRef, useState } from "react";
import { localizeFieldErrors } from "@/lib/forms/field-errors";
import type { FieldErrors, FormResult } from "@/lib/forms/result";

export type FormAction<T> = (prev: FormResult<T>, formData: FormData) => Promise<FormResult<T>>;

const hasErrors = (r: FormResult<unknown>) => !r.ok && (Boolean(r.formError) || Object.keys(r.fieldErrors).length > 0);

export function useFormAction<T>(action: FormAction<T>, validate?: (formData: FormData) => FieldErrors | null) {
  const [state, dispatch, pending] = useActionState(action, { ok: false, fieldErrors: {} } as FormResult<T>);
  const [clientErrors, setClientErrors] = useState<FieldErrors | null>(null);
  // The browser's own check speaks the person's language too (the server's answer already does).
  const translate = useTranslations("validation");
  const summaryRef = useRef<HTMLDivElement>(null);
  // `pending` is stale inside a second click's handler; the ref is not.
  const inFlight = useRef(false);

  useEffect(() => {
    inFlight.current = false;
    if (hasErrors(state)) summaryRef.current?.focus();
  }, [state]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current) return;
    const formData = new FormData(event.currentTarget);
    const errors = validate?.(formData) ?? null;
    if (errors && Object.keys(errors).length > 0) {
      setClientErrors(localizeFieldErrors(errors, translate));
      queueMicrotask(() => summaryRef.current?.focus());
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
