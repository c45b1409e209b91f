// The one result shape of every form action here (docs/design.md#conventions). `values` echoes what was
// submitted (never passwords) so the form can show it again after a rejection.
import type { FieldErrors } from "@/lib/forms/field-errors";

export type { FieldErrors };

export type FormResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; fieldErrors: FieldErrors; formError?: string; values?: Record<string, string> };

export const idle = { ok: false, fieldErrors: {} } as const satisfies FormResult<never>;
