// Password rule shared by the Qboxmail postmaster and manager passwords: the current
// reference says "at least 8 characters, at least one letter and one number" (docs/upstream/qboxmail.md §3),
// and the portal refuses the common passwords too (docs/order-form.md "Passwords").
import { z } from "zod";
import { isCommonPassword } from "@/lib/auth/common-passwords";
import { CONTROL_CHARS_MESSAGE, hasControlChars } from "@/lib/forms/control-chars";
import { v } from "@/lib/i18n/validation";
import { whenValid } from "./cross-field";
import type { FieldMeta } from "./types";

const PASSWORD_HINT = v("orderPasswordRule");

/** Longest password we accept; bounds the work of sealing and stops pasted garbage. */
const PASSWORD_MAX = 128;

function passwordProblem(value: string): string | undefined {
  // Characters, not UTF-16 units: "Ab1😀😀😀" has 6, though JavaScript's length says 9.
  const length = [...value].length;
  // ASCII digits only: whether the upstream counts other scripts' digits is not documented.
  if (length < 8 || !/\p{L}/u.test(value) || !/[0-9]/.test(value)) return PASSWORD_HINT;
  if (length > PASSWORD_MAX) return v("tooLong", { max: PASSWORD_MAX });
  // Nobody types one; pasted, it would be sent to the upstream as part of the mailbox password.
  if (hasControlChars(value)) return CONTROL_CHARS_MESSAGE;
  // The same list as the portal's own sign-in passwords: a mailbox is as exposed as an account.
  if (isCommonPassword(value)) return v("commonPassword");
  return undefined;
}

/** A password field. Never trimmed: spaces may be part of a password. */
export const passwordSchema = z
  .string({ error: v("passwordMissing") })
  .min(1, v("passwordMissing"))
  .superRefine((value, ctx) => {
    if (value === "") return; // "Enter a password" already says it
    const problem = passwordProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** The confirmation field: only required to be present; matching is a cross-field rule. */
export const confirmationSchema = z.string({ error: v("passwordAgain") }).min(1, v("passwordAgain"));

/**
 * A form schema whose password must equal its confirmation, reported on the confirmation. The
 * two are compared as soon as both were typed, even when the password itself is refused, so the
 * form says both things at once (docs/order-form.md).
 */
export function withConfirmedPassword<S extends z.ZodObject>(schema: S, password: string, confirmation: string): S {
  const bothTyped = z.object({ [password]: z.string().min(1), [confirmation]: z.string().min(1) });
  return schema.superRefine(
    (value: Record<string, unknown>, ctx) => {
      if (value[password] !== value[confirmation]) {
        ctx.addIssue({ code: "custom", path: [confirmation], message: v("orderPasswordsDiffer") });
      }
    },
    whenValid(bothTyped, [password, confirmation]),
  );
}

/**
 * The form fields of a password the reseller types twice. The upstream names the second
 * `<name>_confirmation`; it is rebuilt from the sealed password when the request is made.
 */
export function passwordFields(name: string, label: string): FieldMeta[] {
  return [
    { name, label, input: "password", required: true },
    { name: `${name}_confirmation`, label: "Repeat the password", input: "password", required: true },
  ];
}
