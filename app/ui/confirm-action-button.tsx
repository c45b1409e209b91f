"use client";
// A server action that cannot be undone behind one button in a form of its own, asked first as
// ConfirmSubmit asks: revoking an API token, deleting a webhook endpoint. A stray click or Enter
// on the wrong row must not end a reseller's integration. The action's answer shows beside it, and
// stays when the page re-renders without the button (`action` null: ./action-button.tsx).
import { type ButtonAction, ButtonAnswer, useButtonAction } from "./action-button";
import { ConfirmSubmit } from "./confirm-submit";

type Props = {
  action: ButtonAction | null;
  label: string;
  /** The first button's accessible name when its label alone is ambiguous ("Revoke" in a table). */
  accessibleName?: string;
  consequence: string;
  confirmLabel: string;
  keepLabel: string;
};

export function ConfirmActionButton({ action, ...confirm }: Props) {
  const { state, answer, dispatch, pending } = useButtonAction(action);
  if (!action && !answer) return null;
  return (
    <div className="space-y-1">
      {action ? (
        <form action={dispatch}>
          <ConfirmSubmit {...confirm} pending={pending} />
        </form>
      ) : null}
      <ButtonAnswer state={state} buttonGone={!action} />
    </div>
  );
}
