"use client";
// A submit button that knows its form is in flight: disabled while pending so a double click
// cannot post twice from this page (the server still dedupes by idempotency key). Forms that
// submit from onSubmit (not <form action>) pass `pending` themselves: useFormStatus cannot see them.
import { useEffect, useState } from "react";
import { useFormStatus } from "react-dom";
import { Button, type ButtonVariant } from "./button";

type Props = {
  children: React.ReactNode;
  pendingLabel?: string;
  pending?: boolean;
  variant?: ButtonVariant;
  className?: string;
  /**
   * The form is sent by its script only (onSubmit, no server action as its `action`): disabled until
   * the page's script runs. Sent before that, the browser would post the form to the page itself,
   * which saves nothing, says nothing and loses what was typed.
   */
  needsScript?: boolean;
};

export function SubmitButton({
  children,
  pendingLabel,
  pending: pendingProp,
  variant = "primary",
  className,
  needsScript = false,
}: Props) {
  const status = useFormStatus();
  const pending = pendingProp ?? status.pending;
  // False on the server and in the first render in the browser, true once the page's script runs.
  const [scripted, setScripted] = useState(false);
  useEffect(() => setScripted(true), []);
  return (
    <Button
      type="submit"
      variant={variant}
      className={className}
      aria-disabled={pending || undefined}
      disabled={(needsScript && !scripted) || undefined}
    >
      {pending ? (pendingLabel ?? children) : children}
    </Button>
  );
}
