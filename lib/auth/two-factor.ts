// Second factor: TOTP plus single-use recovery codes. TOTP secrets are sealed at rest with
// SECRETS_KEY (lib/crypto/seal.ts) under the user's id, so a sealed value copied onto another
// user does not open; they never reach logs, audit rows or error messages. Recovery codes are
// shown once and stored as HMAC-SHA256 under a key derived from SECRETS_KEY, behind a mark of
// that key (recovery-codes.ts). Every change writes an audit event in the same transaction.
// Support and admin users must have a second factor (lib/auth/session.ts sends them to
// enrolment until they do).
import { randomInt } from "node:crypto";
import { recordAudit } from "@/lib/audit/record-audit";
import { open, seal } from "@/lib/crypto/seal";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { v } from "@/lib/i18n/validation";
import { verifyPassword } from "./password";
import { normalizeRecoveryCode, storedRecoveryCode, storedRecoveryCodeForms } from "./recovery-codes";
import { checkOwnSecret } from "./self-check";
import { rotateSession } from "./sessions";
import { newTotpSecret, totpQrSvg, totpUri, verifyTotp } from "./totp";

const RECOVERY_CODE_COUNT = 10;
// No 0/O, 1/I/L: codes are read off paper and typed by hand.
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

export class TwoFactorError extends Error {
  /** The form field the refusal belongs to. */
  constructor(
    message: string,
    readonly field: "code" | "currentPassword" = "code",
  ) {
    super(message);
  }
}

export const requiresTwoFactor = (role: Role): boolean => role === "support" || role === "admin";

const aad = (userId: string) => `totp:${userId}`;
const sealSecret = (secret: string, userId: string) => new Uint8Array(seal({ totp: secret }, aad(userId)));
const openSecret = (sealed: Uint8Array, userId: string) => open(sealed, aad(userId)).totp ?? null;

/**
 * A pending secret belongs to the session that started the enrolment: it is sealed with that
 * session's id beside it. Another session (a copied cookie, a borrowed browser) that read the key
 * on the page gets its own, and the owner's enrolment later starts from a fresh one, so a key read
 * by someone else never becomes the account's second factor.
 */
const pendingSid = (sessionId: string | null | undefined) => sessionId ?? "";
const sealPending = (secret: string, user: WhoInSession) =>
  new Uint8Array(seal({ totp: secret, sid: pendingSid(user.sessionId) }, aad(user.id)));

function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

type Who = { id: string; email: string; resellerId: string | null };
type WhoInSession = Who & { sessionId?: string | null };
const self = (u: Who) => ({ type: "user" as const, id: u.id, label: u.email });

export type Enrolment = { secret: string; uri: string; qrSvg: string };

/**
 * Starts (or continues) enrolment: a pending secret is kept until the first code confirms it,
 * so reloading the page shows the same QR code the app may have scanned already; in this session
 * only (sealPending).
 */
export async function beginEnrolment(user: WhoInSession): Promise<Enrolment> {
  const row = await db().user.findUniqueOrThrow({
    where: { id: user.id },
    select: { totpPendingSecret: true, totpEnabledAt: true },
  });
  if (row.totpEnabledAt) throw new TwoFactorError(v("twoFactorOnAlready"));
  let secret = row.totpPendingSecret ? openPending(row.totpPendingSecret, user) : null;
  if (!secret) {
    secret = newTotpSecret();
    await db().user.update({ where: { id: user.id }, data: { totpPendingSecret: sealPending(secret, user) } });
  }
  const uri = totpUri(secret, user.email);
  return { secret, uri, qrSvg: await totpQrSvg(uri) };
}

/** The account's secret; null when it cannot be opened (sealed under a key no longer held). */
function safeOpen(sealed: Uint8Array, userId: string): string | null {
  try {
    return openSecret(sealed, userId);
  } catch {
    return null;
  }
}

/**
 * The pending secret, if this session started it. One sealed under an older SECRETS_KEY, by
 * another session, or before secrets named their session is simply replaced by a new one.
 */
function openPending(sealed: Uint8Array, user: WhoInSession): string | null {
  try {
    const opened = open(sealed, aad(user.id));
    return opened.sid === pendingSid(user.sessionId) ? (opened.totp ?? null) : null;
  } catch {
    return null;
  }
}

/**
 * Confirms enrolment with a code from the app and the current password; returns the recovery
 * codes, to show once. The code only proves the app holds the pending key, which anyone signed
 * in can read on the page: without the password, a stolen session could enrol its own app, keep
 * the recovery codes and lock the owner out. The password is counted as on the other account
 * pages (self-check.ts). Turning it on ends the user's other sessions in the same transaction,
 * and the one in use goes on under a new id (returned; the action gives the browser its cookie),
 * so a copy of its cookie, which could have read the pending key, ends too. All of them end when
 * `sessionId` is null.
 */
export async function confirmEnrolment(
  user: Who & { sessionId: string | null },
  input: { code: string; currentPassword: string },
): Promise<{ recoveryCodes: string[]; sessionId: string | null }> {
  const row = await db().user.findUniqueOrThrow({
    where: { id: user.id },
    select: { totpPendingSecret: true, totpEnabledAt: true, passwordHash: true },
  });
  if (row.totpEnabledAt) throw new TwoFactorError(v("twoFactorOnAlready"));
  const secret = row.totpPendingSecret ? openPending(row.totpPendingSecret, user) : null;
  if (!secret) throw new TwoFactorError(v("enrolmentExpired"));
  const step = await verifyTotp(secret, input.code, null);
  if (step === null) {
    throw new TwoFactorError(v("enrolmentCodeWrong"));
  }
  const password = await checkOwnSecret(
    user,
    "password",
    () => verifyPassword(row.passwordHash, input.currentPassword),
    v("currentPasswordWrong"),
  );
  if (!password.ok) throw new TwoFactorError(password.message, "currentPassword");
  const codes = newRecoveryCodes();
  const sessionId = await db().$transaction(async (tx) => {
    // Conditional on the pending secret and password checked above: a password changed meanwhile
    // dropped that secret (change-password.ts), and an enrolment elsewhere has set the factor.
    const done = await tx.user.updateMany({
      where: {
        id: user.id,
        totpEnabledAt: null,
        totpPendingSecret: row.totpPendingSecret,
        passwordHash: row.passwordHash,
      },
      data: {
        // Sealed again without the session: the factor is the account's now.
        totpSecret: sealSecret(secret, user.id),
        totpPendingSecret: null,
        totpEnabledAt: new Date(),
        totpLastStep: step,
      },
    });
    if (done.count !== 1) {
      const now = await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpEnabledAt: true } });
      throw new TwoFactorError(v(now.totpEnabledAt ? "twoFactorOnAlready" : "enrolmentExpired"));
    }
    await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    await tx.recoveryCode.createMany({
      data: codes.map((c) => ({ userId: user.id, codeHash: storedRecoveryCode(user.id, c) })),
    });
    const rotated = await rotateSession(user.id, user.sessionId, tx);
    await recordAudit(tx, {
      actor: self(user),
      action: "auth.2fa.enable",
      resellerId: user.resellerId,
      after: {
        userId: user.id,
        method: "totp",
        recoveryCodes: RECOVERY_CODE_COUNT,
        otherSessionsEnded: rotated.othersEnded,
        sessionId: rotated.sessionId,
      },
    });
    return rotated.sessionId;
  });
  return { recoveryCodes: codes, sessionId };
}

export type SecondFactorResult = { ok: true; method: "totp" | "recovery_code" } | { ok: false };

/**
 * Checks the code typed at sign-in: six digits are a TOTP code (accepted once), anything else is
 * tried as a recovery code (used up on success).
 */
export async function verifySecondFactor(user: Who, code: string): Promise<SecondFactorResult> {
  const trimmed = code.trim();
  if (!trimmed) return { ok: false };
  if (/^\d[\d\s]*$/.test(trimmed)) {
    return (await acceptTotp(user.id, trimmed)) ? { ok: true, method: "totp" } : { ok: false };
  }
  return (await spendRecoveryCode(user, trimmed)) ? { ok: true, method: "recovery_code" } : { ok: false };
}

async function acceptTotp(userId: string, code: string): Promise<boolean> {
  const row = await db().user.findUnique({ where: { id: userId }, select: { totpSecret: true, totpLastStep: true } });
  if (!row?.totpSecret) return false;
  const secret = safeOpen(row.totpSecret, userId);
  if (!secret) return false;
  const step = await verifyTotp(secret, code, row.totpLastStep);
  if (step === null) return false;
  // Conditional on the step, so two sign-ins racing with the same code cannot both pass.
  const r = await db().$executeRaw`
    UPDATE app_user SET totp_last_step = ${step}
    WHERE id = ${userId}::uuid AND (totp_last_step IS NULL OR totp_last_step < ${step})`;
  return r === 1;
}

async function spendRecoveryCode(user: Who, code: string): Promise<boolean> {
  if (normalizeRecoveryCode(code).length !== 10) return false;
  return db().$transaction(async (tx) => {
    const used = await tx.recoveryCode.updateMany({
      where: { userId: user.id, codeHash: { in: storedRecoveryCodeForms(user.id, code) }, usedAt: null },
      data: { usedAt: new Date() },
    });
    if (used.count === 0) return false;
    const left = await tx.recoveryCode.count({ where: { userId: user.id, usedAt: null } });
    await recordAudit(tx, {
      actor: self(user),
      action: "auth.2fa.recovery_code_used",
      resellerId: user.resellerId,
      after: { userId: user.id, recoveryCodesLeft: left },
    });
    return true;
  });
}

export async function twoFactorStatus(userId: string): Promise<{ enabled: boolean; recoveryCodesLeft: number }> {
  const [row, left] = await Promise.all([
    db().user.findUniqueOrThrow({ where: { id: userId }, select: { totpEnabledAt: true } }),
    db().recoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  return { enabled: row.totpEnabledAt !== null, recoveryCodesLeft: row.totpEnabledAt ? left : 0 };
}

/** New recovery codes (the old ones stop working); a current TOTP code proves the phone is there. */
export async function regenerateRecoveryCodes(user: Who, code: string): Promise<string[]> {
  const answer = await checkOwnSecret(user, "code", () => acceptTotp(user.id, code), v("totpCodeWrong"));
  if (!answer.ok) throw new TwoFactorError(answer.message);
  const codes = newRecoveryCodes();
  await db().$transaction(async (tx) => {
    await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    await tx.recoveryCode.createMany({
      data: codes.map((c) => ({ userId: user.id, codeHash: storedRecoveryCode(user.id, c) })),
    });
    await recordAudit(tx, {
      actor: self(user),
      action: "auth.2fa.recovery_codes_regenerated",
      resellerId: user.resellerId,
      after: { userId: user.id, recoveryCodes: RECOVERY_CODE_COUNT },
    });
  });
  return codes;
}

/** Turns the second factor off for oneself; not allowed where the role requires it. */
export async function disableOwnTwoFactor(user: Who & { role: Role }, code: string): Promise<void> {
  if (requiresTwoFactor(user.role)) {
    throw new TwoFactorError(v("twoFactorKept"));
  }
  const answer = await checkOwnSecret(user, "code", () => acceptTotp(user.id, code), v("totpCodeWrong"));
  if (!answer.ok) throw new TwoFactorError(answer.message);
  await db().$transaction(async (tx) => {
    await clearSecondFactor(tx, user.id);
    await recordAudit(tx, {
      actor: self(user),
      action: "auth.2fa.disable",
      resellerId: user.resellerId,
      after: { userId: user.id },
    });
  });
}

type Tx = Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0];

/** Removes secret, pending secret and recovery codes (admin reset and own disable use it). */
export async function clearSecondFactor(tx: Tx, userId: string): Promise<void> {
  await tx.user.update({
    where: { id: userId },
    data: { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null },
  });
  await tx.recoveryCode.deleteMany({ where: { userId } });
}

/** When the user's second factor was turned on (sign-in must ask for a code), or null when it is off. */
export async function secondFactorEnabledAt(userId: string): Promise<Date | null> {
  const row = await db().user.findUnique({ where: { id: userId }, select: { totpEnabledAt: true } });
  return row?.totpEnabledAt ?? null;
}
