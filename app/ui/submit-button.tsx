"use client";
// A submit button that knows its form is in flight: disabled while pending so a double click
// cannot post twice from this page (the server still dedupes by idempotency key). Forms that
// submit from onSubmit (not <form action>) pass `pending` themselves: useFormStatus cannot see them.
import { useFormStatus } from "react-dom";
import { Button, type ButtonVariant } from "./button";

type Props = {
  children: React.ReactNode;
  pendingLabel?: string;
  pending?: boolean;
  variant?: ButtonVariant;
  className?: string;
};

export function SubmitButton({ children, pendingLabel, pending: pendingProp, variant = "primary", className }: Props) {
  const status = useFormStatus();
  const pending = pendingProp ?? status.pending;
  return (
    <Button type="submit" variant={variant} className={className} aria-disabled={pending || undefined}>
      {pending ? (pendingLabel ?? children) : children}
    </Button>
  );
}
