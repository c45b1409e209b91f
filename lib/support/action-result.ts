// The one result shape of the support and admin forms (docs/design.md#conventions). Client-safe: the
// forms import it; the server-side helpers live in action-failure.ts.
import type { FieldErrors } from "@/lib/forms/field-errors";

export type { FieldErrors };
export type ActionResult<T = undefined> =
  | { ok: true; message: string; data?: T }
  | { ok: false; formError?: string; fieldErrors: FieldErrors };

export const initialResult: ActionResult<never> = { ok: false, fieldErrors: {} };
