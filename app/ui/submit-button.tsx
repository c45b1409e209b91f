"use client";
// A submit button that knows its form is in flight: disabled while pending so a double click
// cannot post twice from this page (the server still dedupes by idempotency key).
import { useFormStatus } from "react-dom";
import { Button, type ButtonVariant } from "./button";

type Props = { children: React.ReactNode; pendingLabel?: string; variant?: ButtonVariant; className?: string };

export function SubmitButton({ children, pendingLabel, variant = "primary", className }: Props) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant={variant} className={className} disabled={pending} aria-disabled={pending}>
      {pending ? (pendingLabel ?? children) : children}
    </Button>
  );
}
