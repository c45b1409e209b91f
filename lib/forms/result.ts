// The one result of every form's server action, for reseller, support and admin pages alike
// (docs/design.md#conventions). Client-safe: forms import it. `values` echoes what was submitted
// (never passwords) so a form can show it again after a rejection.
import type { FieldErrors } from "./field-errors";

export type { FieldErrors };

export type FormResult<T = undefined> =
  | { ok: true; message?: string; data: T }
  | {
      ok: false;
      fieldErrors: FieldErrors;
      formError?: string;
      values?: Record<string, string>;
      /**
       * An edit refused because someone saved the record after the form was opened: the record as
       * saved then, and its version, which a second, deliberate save sends to replace it.
       */
      meanwhile?: { version: string; values: Record<string, string> };
    };

/** The state a form starts in: nothing submitted, nothing to show. */
export const initialFormResult: FormResult<never> = { ok: false, fieldErrors: {} };
