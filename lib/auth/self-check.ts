// A secret asked for again on a signed-in person's own account pages: the current password to
// change it, a TOTP code for new recovery codes or to turn two-factor off (docs/security.md
// "Sign-in"). Whoever holds a stolen session could otherwise guess them without limit, then take
// the account over. Each answer is counted before it is checked (throttle.ts `self`), a wrong one
// is audited as a sign-in failure is, and a right one forgets the count.
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { v } from "@/lib/i18n/validation";
import { reserveSelfCheck } from "./throttle";

export type SelfCheckOutcome = { ok: true } | { ok: false; message: string };

export async function checkOwnSecret(
  user: { id: string; resellerId: string | null },
  what: "password" | "code",
  check: () => Promise<boolean>,
  wrongMessage: string,
): Promise<SelfCheckOutcome> {
  const reserved = await reserveSelfCheck(user.id);
  if (!reserved.ok)
    return { ok: false, message: v("tooManyWrongAnswers", { minutes: Math.ceil(reserved.retryAfterSeconds / 60) }) };
  if (await check()) {
    await reserved.right();
    return { ok: true };
  }
  await recordAudit(db(), {
    actor: { type: "system", label: "account check" },
    action: "auth.self_check_failed",
    resellerId: user.resellerId,
    after: { userId: user.id, asked: what },
  });
  return { ok: false, message: wrongMessage };
}
