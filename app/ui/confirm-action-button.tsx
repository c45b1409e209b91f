"use client";
// A server action that cannot be undone behind one button in a form of its own, asked first as
// ConfirmSubmit asks: revoking an API token, deleting a webhook endpoint. A stray click or Enter
// on the wrong row must not end a reseller's integration.
import type { ComponentProps } from "react";
import { ConfirmSubmit } from "./confirm-submit";

type Props = {
  action: NonNullable<ComponentProps<"form">["action"]>;
  label: string;
  /** The first button's accessible name when its label alone is ambiguous ("Revoke" in a table). */
  accessibleName?: string;
  consequence: string;
  confirmLabel: string;
  keepLabel: string;
};

export function ConfirmActionButton({ action, ...confirm }: Props) {
  return (
    <form action={action}>
      <ConfirmSubmit {...confirm} />
    </form>
  );
}
