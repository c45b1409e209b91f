// The rule for the passwords people sign in with (every role): 12 characters at least, not a
// common password. One schema for the admin forms, "change my password" and the forced change.
import { z } from "zod";
import { v } from "@/lib/i18n/validation";
import { isCommonPassword } from "./common-passwords";

export const ACCOUNT_PASSWORD_MIN = 12;
const ACCOUNT_PASSWORD_MAX = 200;

/** The problem with a new account password, or undefined when it is acceptable. */
export function accountPasswordProblem(value: string): string | undefined {
  if (value.length < ACCOUNT_PASSWORD_MIN) return v("tooShort", { min: ACCOUNT_PASSWORD_MIN });
  if (value.length > ACCOUNT_PASSWORD_MAX) return v("tooLong", { max: ACCOUNT_PASSWORD_MAX });
  if (isCommonPassword(value)) return v("commonPassword");
  return undefined;
}

/** Never trimmed: spaces may be part of a password. */
export const accountPasswordSchema = z
  .string({ error: v("passwordMissing") })
  .min(1, v("passwordMissing"))
  .superRefine((value, ctx) => {
    const problem = accountPasswordProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
