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
import { type FormEvent, startTransition, useActionState, useEffect, useRef, useState, useTransition } from "react";
import type { FormResult } from "@/lib/forms/result";
import { useAnnounce } from "./announcer";
import { focusFirstInvalid } from "./focus-first-invalid";

/**
 * For a form that its own success removes (a session's row signed out, two-factor turned off, a
 * user disabled, whose form gives way to the enable form): a message shown in the form would go
 * with it, and focus with it to the page's body. The success is said in the page's one live
 * region (./announcer.tsx) instead, and once the form is gone, focus moves to `focusId`, a heading
 * that stays (with tabIndex -1), unless the person has put it somewhere meanwhile.
 */
export type RemovedOnSuccess = { focusId?: string };

export function useSubmitAction<T>(
  action: (prev: FormResult<T>, formData: FormData) => Promise<FormResult<T>>,
  initial: FormResult<T>,
  removedOnSuccess?: RemovedOnSuccess,
) {
  const [actionState, dispatch, dispatching] = useActionState(action, initial);
  // The answer of an action called directly (removedOnSuccess), which useActionState does not see.
  const [answer, setAnswer] = useState<FormResult<T> | null>(null);
  const [calling, startCalling] = useTransition();
  const announce = useAnnounce();
  const state = answer ?? actionState;
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
    const sent = event.currentTarget;
    form.current = sent;
    // The button that sent the form carries its name and value, as with <form action>.
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const formData = new FormData(sent, submitter);
    if (!removedOnSuccess) {
      startTransition(() => dispatch(formData));
      return;
    }
    // Called directly, not through useActionState: what follows the answer must run even when
    // the same answer unmounts this component (the page rendered again without the form).
    startCalling(async () => {
      const result = await action(state, formData).catch((err: unknown) => {
        inFlight.current = false;
        throw err;
      });
      if (result.ok) {
        if (result.message) announce(result.message);
        if (removedOnSuccess.focusId) focusOnceRemoved(sent, removedOnSuccess.focusId);
      }
      // The success is said once, in the page's live region: the form, should it still be shown
      // for a moment before the page drops it, does not say it again.
      setAnswer(result.ok && result.message ? { ...result, message: undefined } : result);
    });
  }

  return { state, pending: dispatching || calling, onSubmit, formAction: dispatch };
}

/** How long to wait for the page to drop the form before leaving focus where it is. */
const REMOVAL_WAIT_MS = 10_000;

/**
 * Focuses the element `id` once `form` has left the page and focus has fallen to the body with
 * it; if the form stays (the page was not rendered again), focus stays where it is.
 */
function focusOnceRemoved(form: HTMLFormElement, id: string) {
  const until = Date.now() + REMOVAL_WAIT_MS;
  const look = () => {
    if (form.isConnected) {
      if (Date.now() < until) requestAnimationFrame(look);
      return;
    }
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (lost) document.getElementById(id)?.focus();
  };
  requestAnimationFrame(look);
}
