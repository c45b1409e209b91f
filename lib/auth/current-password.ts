// The current password asked again before an account step whose effect outlives the session that
// takes it: an API token, a webhook endpoint, a new signing secret (docs/security.md "API tokens
// and webhooks"). Counted like the other account checks (self-check.ts), so a stolen session
// cannot guess it; the answer names the form's `currentPassword` field.
import { z } from "zod";
import { db } from "@/lib/db";
import { v } from "@/lib/i18n/validation";
import { verifyPassword } from "./password";
import { checkOwnSecret } from "./self-check";

const currentPasswordSchema = z
  .string()
  .min(1, v("currentPasswordMissing"))
  .max(200, v("tooLong", { max: 200 }));

/** The typed password's form problem, if any, before anything is counted. */
export function currentPasswordProblem(raw: unknown): string | undefined {
  const parsed = currentPasswordSchema.safeParse(typeof raw === "string" ? raw : "");
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
}

/**
 * Checks the person's current password (counted). When right, the hash it was verified against:
 * the write that follows passes it on, and is made only while the account still has it
 * (still-as-checked.ts); a password changed meanwhile must not let the write through.
 */
export async function checkCurrentPassword(
  user: { id: string; resellerId: string | null },
  raw: unknown,
): Promise<{ ok: true; passwordHash: string } | { ok: false; refused: string }> {
  const problem = currentPasswordProblem(raw);
  if (problem) return { ok: false, refused: problem };
  const row = await db().user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
  const checked = await checkOwnSecret(
    user,
    "password",
    async () => (row ? verifyPassword(row.passwordHash, String(raw)) : false),
    v("currentPasswordWrong"),
  );
  if (!checked.ok) return { ok: false, refused: checked.message };
  return row ? { ok: true, passwordHash: row.passwordHash } : { ok: false, refused: v("currentPasswordWrong") };
}
