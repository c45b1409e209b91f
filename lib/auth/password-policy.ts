// The rule for the passwords people sign in with (every role): 12 characters at least, not a
// common password. One schema for the admin forms, "change my password" and the forced change.
import { z } from "zod";
import { COMMON_PASSWORD_MESSAGE, isCommonPassword } from "./common-passwords";

const ACCOUNT_PASSWORD_MIN = 12;
const ACCOUNT_PASSWORD_MAX = 200;
export const ACCOUNT_PASSWORD_HINT = `At least ${ACCOUNT_PASSWORD_MIN} characters, not a common password`;

/** The problem with a new account password, or undefined when it is acceptable. */
export function accountPasswordProblem(value: string): string | undefined {
  if (value.length < ACCOUNT_PASSWORD_MIN) return `Use at least ${ACCOUNT_PASSWORD_MIN} characters`;
  if (value.length > ACCOUNT_PASSWORD_MAX) return `Use at most ${ACCOUNT_PASSWORD_MAX} characters`;
  if (isCommonPassword(value)) return COMMON_PASSWORD_MESSAGE;
  return undefined;
}

/** Never trimmed: spaces may be part of a password. */
export const accountPasswordSchema = z
  .string({ error: "Enter a password" })
  .min(1, "Enter a password")
  .superRefine((value, ctx) => {
    const problem = accountPasswordProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
