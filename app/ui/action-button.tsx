"use client";
// A server action behind one button, in a form of its own (it works before the page's script has
// loaded), with the action's answer beside the button: a refusal as an alert, a success's words as
// a status, as the forms show theirs (./form-message.tsx). Without it a refused Resend, Turn on or
// Revoke only reloaded the page and said nothing.
// A page that re-renders without the button (a token found revoked, an endpoint found turned off)
// passes `action` null at the same place: the button goes and its last answer stays, since that
// answer says why; focus, which was on the button, moves to it.
import { type ComponentProps, type ReactNode, useActionState, useEffect, useRef } from "react";
import { type FormResult, initialFormResult } from "@/lib/forms/result";
import { Button, type ButtonVariant } from "./button";

/** A button's server action (its ids bound), answering with the one form result. */
export type ButtonAction = (prev: FormResult<unknown>, formData: FormData) => Promise<FormResult<unknown>>;

// Never dispatched: there is no form while the action is withdrawn.
const withdrawn: ButtonAction = async (prev) => prev;

/** The action's state; `action` null keeps the last answer of the action it replaced. */
export function useButtonAction(action: ButtonAction | null) {
  const [state, dispatch, pending] = useActionState(action ?? withdrawn, initialFormResult as FormResult<unknown>);
  const answer = state.ok ? state.message : state.formError;
  return { state, answer, dispatch, pending };
}

/** The last answer beside its button; `buttonGone` when the page took the button away with it. */
export function ButtonAnswer({ state, buttonGone }: { state: FormResult<unknown>; buttonGone: boolean }) {
  const answer = state.ok ? state.message : state.formError;
  const said = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (!buttonGone || !answer) return;
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (lost) said.current?.focus();
  }, [buttonGone, answer]);
  if (!answer) return null;
  return (
    <p
      ref={said}
      tabIndex={-1}
      role={state.ok ? "status" : "alert"}
      className={`max-w-sm text-sm font-medium focus:outline-none ${state.ok ? "text-green-800" : "text-red-700"}`}
    >
      {answer}
    </p>
  );
}

type ActionButtonProps = Omit<ComponentProps<"button">, "type" | "children"> & {
  action: ButtonAction | null;
  variant?: ButtonVariant;
  children: ReactNode;
};

export function ActionButton({ action, children, ...button }: ActionButtonProps) {
  const { state, answer, dispatch, pending } = useButtonAction(action);
  if (!action && !answer) return null;
  return (
    <div className="space-y-1">
      {action ? (
        <form action={dispatch}>
          <Button
            type="submit"
            aria-disabled={pending || undefined}
            // One at a time: a second click while the first is on its way sends nothing.
            onClick={(e) => {
              if (pending) e.preventDefault();
            }}
            {...button}
          >
            {children}
          </Button>
        </form>
      ) : null}
      <ButtonAnswer state={state} buttonGone={!action} />
    </div>
  );
}
