"use client";
// Submits a form through a server action after checking it with the same zod schema the server
// uses (hints here, truth there). Submitting from onSubmit instead of <form action> avoids React's
// automatic form reset, so nothing the person typed is lost when the server says no.
import { useTranslations } from "next-intl";
import { type FormEvent, startTransition, useActionState, useCallback, useEffect, useRef, useState } from "react";
import { focusFirstInvalid } from "@/app/ui/focus-first-invalid";
import { addFieldError, localizeFieldErrors } from "@/lib/forms/field-errors";
import type { FieldErrors, FormResult } from "@/lib/forms/result";
import { v } from "@/lib/i18n/validation";
import { answerLost } from "./answer-lost";

/**
 * The fields the browser holds as typed in part: a date box with the day and month but no year
 * sends "", which a change form takes for "clear the date" (and an order for "no date"). Refused
 * here, in the field, before anything is sent.
 */
function unfinishedFields(form: HTMLFormElement): FieldErrors {
  const errors: FieldErrors = {};
  for (const element of Array.from(form.elements)) {
    if (element instanceof HTMLInputElement && element.name && element.validity.badInput)
      addFieldError(errors, element.name, v("unfinishedDate"));
  }
  return errors;
}

export type FormAction<T> = (prev: FormResult<T>, formData: FormData) => Promise<FormResult<T>>;

const hasErrors = (r: FormResult<unknown>) => !r.ok && (Boolean(r.formError) || Object.keys(r.fieldErrors).length > 0);

/** Focus on the error summary when the form has one, else on the first invalid field. */
function showProblems(summary: HTMLDivElement | null, form: HTMLFormElement | null): void {
  if (summary) summary.focus();
  else focusFirstInvalid(form);
}

/**
 * What the form says when the server's answer never arrived (`answerLost`), or, for a form that
 * places an order with the idempotency key its page was made with (`orderAnswerLost`), that
 * sending the same form again is safe.
 */
export type LostAnswerWords = "answerLost" | "orderAnswerLost";

export function useFormAction<T>(
  action: FormAction<T>,
  validate?: (formData: FormData) => FieldErrors | null,
  lostAnswer: LostAnswerWords = "answerLost",
) {
  // The browser's own check speaks the person's language too (the server's answer already does).
  const translate = useTranslations("validation");
  // A connection that dropped before the answer came (the request may or may not have reached the
  // server) rejects the action's promise: shown in the form, which keeps everything typed (and an
  // order form its idempotency key), instead of the error page, whose Try again makes the page,
  // and so a new key, anew. Anything else goes on to Next as before: its own signals (a redirect,
  // a not-found), a failure the server reported, an action this page's version no longer has
  // (after a deploy), an answer that is no answer of the portal's (a sign-in page): sending the
  // same form again would not help those, and the error page's Try again loads the page anew.
  const guarded = useCallback(
    async (prev: FormResult<T>, formData: FormData): Promise<FormResult<T>> => {
      try {
        return await action(prev, formData);
      } catch (err) {
        if (!answerLost(err)) throw err;
        return { ok: false, fieldErrors: {}, formError: translate(lostAnswer) };
      }
    },
    [action, translate, lostAnswer],
  );
  const [state, dispatch, pending] = useActionState(guarded, { ok: false, fieldErrors: {} } as FormResult<T>);
  const [clientErrors, setClientErrors] = useState<FieldErrors | null>(null);
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
    const errors = { ...validate?.(formData), ...unfinishedFields(event.currentTarget) };
    if (Object.keys(errors).length > 0) {
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
