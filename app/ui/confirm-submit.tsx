"use client";
// A destructive action in two steps: the first button only opens a panel that says what will
// happen; the submit button inside it sends the form. Nothing is posted by a stray click, and the
// consequence is read before, not after. Without JavaScript the form cannot be sent at all (the
// forms that use this are client forms anyway). Labels come translated from the caller. Escape
// backs out, as "keep" does.
import { useEffect, useId, useRef, useState } from "react";
import { Button, type ButtonVariant } from "./button";
import { SubmitButton } from "./submit-button";

type Props = {
  /** The first button, e.g. "Cancel order". */
  label: string;
  /** The first button's accessible name when its label alone is ambiguous ("Revoke" in a table). */
  accessibleName?: string;
  /** What happens, in one or two sentences. */
  consequence: string;
  /** The button that sends the form, e.g. "Yes, cancel the order". */
  confirmLabel: string;
  /** The button that closes the panel, e.g. "Keep the order". */
  keepLabel: string;
  pendingLabel?: string;
  variant?: ButtonVariant;
  pending?: boolean;
};

export function ConfirmSubmit({
  label,
  accessibleName,
  consequence,
  confirmLabel,
  keepLabel,
  pendingLabel,
  variant = "danger",
  pending,
}: Props) {
  const [open, setOpen] = useState(false);
  const id = useId();
  // The button pressed goes away with each step, so focus follows the person: onto the
  // consequence (read out first) when the panel opens, back onto the first button when they keep.
  const trigger = useRef<HTMLButtonElement>(null);
  const said = useRef<HTMLParagraphElement>(null);
  const toggled = useRef(false);
  useEffect(() => {
    if (!toggled.current) return;
    (open ? said.current : trigger.current)?.focus();
  }, [open]);
  const show = (next: boolean) => {
    toggled.current = true;
    setOpen(next);
  };
  // False on the server and in the first render in the browser, true once the page's script runs.
  const [scripted, setScripted] = useState(false);
  useEffect(() => setScripted(true), []);
  if (!open)
    return (
      <>
        {/* Enter in a text field sends a form through its first submit button, and a form with
            none and a single text field is sent anyway: Enter in "Upstream reference" would skip
            the panel. This hidden button is that first submit button while the panel is closed:
            it opens the panel instead, and before the script runs it is disabled, which makes
            Enter send nothing. */}
        <button
          type="submit"
          // Out of sight but rendered (not `hidden`): no browser may skip it as the default button.
          className="sr-only"
          tabIndex={-1}
          aria-hidden
          disabled={!scripted}
          data-testid="confirm-enter"
          onClick={(event) => {
            event.preventDefault();
            show(true);
          }}
        />
        <Button
          ref={trigger}
          variant={variant}
          aria-label={accessibleName}
          aria-expanded={false}
          aria-controls={id}
          onClick={() => show(true)}
        >
          {label}
        </Button>
      </>
    );
  return (
    <fieldset
      id={id}
      className="space-y-2 rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950"
      onKeyDown={(e) => {
        if (e.key === "Escape") show(false);
      }}
    >
      <legend className="sr-only">{accessibleName ?? label}</legend>
      <p ref={said} tabIndex={-1} data-testid="confirm-consequence" className="focus:outline-none">
        {consequence}
      </p>
      <div className="flex flex-wrap gap-2">
        <SubmitButton variant={variant} pending={pending} pendingLabel={pendingLabel}>
          {confirmLabel}
        </SubmitButton>
        <Button variant="secondary" onClick={() => show(false)}>
          {keepLabel}
        </Button>
      </div>
    </fieldset>
  );
}

/** For a destructive action: what happens, the button that does it, the one that backs out. */
export type Confirmation = { consequence: string; confirmLabel: string; keepLabel: string };

/** A form's submit: one button, or with `confirm` the two steps above. */
export function SubmitOrConfirm({
  label,
  confirm,
  variant = "primary",
  confirmVariant = variant,
  pending,
  pendingLabel,
  needsScript,
}: {
  label: string;
  confirm?: Confirmation;
  variant?: ButtonVariant;
  /** The first button's look when asking first (a danger only once confirmed, say). */
  confirmVariant?: ButtonVariant;
  pending?: boolean;
  pendingLabel?: string;
  /** See SubmitButton: the form is sent by its script only. */
  needsScript?: boolean;
}) {
  if (confirm)
    return (
      <ConfirmSubmit
        label={label}
        {...confirm}
        variant={confirmVariant}
        pending={pending}
        pendingLabel={pendingLabel}
      />
    );
  return (
    <SubmitButton variant={variant} pending={pending} pendingLabel={pendingLabel} needsScript={needsScript}>
      {label}
    </SubmitButton>
  );
}
