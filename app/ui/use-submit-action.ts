"use client";
// A form's server action, submitted from onSubmit. React resets a form after every submission
// it runs through <form action>, so a refusal emptied what the person had typed (a reason, an
// e-mail address, a reference) and they typed it again to correct one field. Here a refusal
// keeps every field as it was; a success resets the form, as <form action> did, so the next
// action starts empty. The form still names the action (`action={formAction}`): the server
// renders its reference, so a submit before the page's script has loaded still reaches it, and
// once loaded React leaves a submit that onSubmit prevented to us (it only shows it as pending).
// The reseller's forms submit from onSubmit too, with the schema's check in the browser
// (app/r/[slug]/_components/use-form-action.ts); this hook has no check and no messages, so
// support's and the admin's forms, whose words come as props, can use it.
import { type FormEvent, startTransition, useActionState, useEffect, useRef } from "react";
import type { FormResult } from "@/lib/forms/result";
import { focusFirstInvalid } from "./focus-first-invalid";

export function useSubmitAction<T>(
  action: (prev: FormResult<T>, formData: FormData) => Promise<FormResult<T>>,
  initial: FormResult<T>,
) {
  const [state, dispatch, pending] = useActionState(action, initial);
  const form = useRef<HTMLFormElement | null>(null);
  // `pending` is stale inside a second click's handler; the ref is not.
  const inFlight = useRef(false);

  // Each answer once: a re-render with the same answer must not reset what was typed since.
  const answered = useRef(state);
  useEffect(() => {
    if (answered.current === state) return;
    answered.current = state;
    inFlight.current = false;
    if (state.ok) form.current?.reset();
    else focusFirstInvalid(form.current);
  }, [state]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current) return;
    inFlight.current = true;
    form.current = event.currentTarget;
    // The button that sent the form carries its name and value, as with <form action>.
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const formData = new FormData(event.currentTarget, submitter);
    startTransition(() => dispatch(formData));
  }

  return { state, pending, onSubmit, formAction: dispatch };
}
