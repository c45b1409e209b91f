// How recovery codes are stored (docs/security.md "Two-factor sign-in (TOTP)"): an HMAC-SHA256 of
// the user id and the code under a key derived from SECRETS_KEY, behind a mark of that key. Only
// the owner knows a code, so nothing can move a stored code onto a new key; the mark is what lets
// `npm run secrets:reseal` tell which unused codes still need SECRETS_KEY_PREVIOUS
// (docs/operations.md "Rotate SECRETS_KEY").
import { createHash, createHmac } from "node:crypto";
import { derivedKeys, deriveKey } from "@/lib/crypto/derived-keys";
import { Prisma, sqlRows } from "@/lib/db";

const PURPOSE = "recovery codes v1";

export const normalizeRecoveryCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, "");
const macInput = (userId: string, code: string) => `${userId}:${normalizeRecoveryCode(code)}`;
const mac = (key: Buffer, userId: string, code: string) =>
  createHmac("sha256", key).update(macInput(userId, code)).digest("hex");

/**
 * The key's mark: a MAC of a fixed text under the derived key (never a code's input, which starts
 * with a user id), so it names the key without telling anything about it.
 */
const keyMark = (key: Buffer) => createHmac("sha256", key).update("key mark").digest("hex").slice(0, 16);
const marked = (key: Buffer, userId: string, code: string) => `${keyMark(key)}:${mac(key, userId, code)}`;

/**
 * How a new recovery code is stored: its HMAC under the current key, behind the key's mark. A code
 * carries about 50 random bits, few enough to try them all against a plain hash copied out of the
 * database; without the key a copy is worth nothing.
 */
export const storedRecoveryCode = (userId: string, code: string): string =>
  marked(derivedKeys(PURPOSE)[0]!, userId, code);

/**
 * Every form a typed code may be stored in: marked HMACs under the current key and, during a
 * rotation, the previous one; the same HMACs without a mark (codes made before marks were
 * stored); and the unkeyed SHA-256 codes were stored as before that. Nobody holding such codes is
 * locked out.
 */
export const storedRecoveryCodeForms = (userId: string, code: string): string[] => [
  ...derivedKeys(PURPOSE).flatMap((key) => [marked(key, userId, code), mac(key, userId, code)]),
  createHash("sha256").update(macInput(userId, code)).digest("hex"),
];

export type CodesHoldingPreviousKey = {
  email: string;
  /** Unused codes marked with a previous key's mark: they stop working when it is removed. */
  previousKey: number;
  /**
   * Unused codes without a mark, made before marks were stored: plain SHA-256 (which need no key)
   * or an HMAC under whichever key was current then. Nothing tells them apart without the code.
   */
  unmarked: number;
};

/**
 * Per account that can use them (second factor on, not disabled), the unused recovery codes that
 * may still need one of `previous`: those marked with its key and those without a mark.
 */
export async function recoveryCodesHoldingPreviousKey(keys: {
  current: Buffer;
  previous: readonly Buffer[];
}): Promise<CodesHoldingPreviousKey[]> {
  const currentMark = keyMark(deriveKey(keys.current, PURPOSE));
  const previousMarks = keys.previous.map((k) => keyMark(deriveKey(k, PURPOSE)));
  const rows = await sqlRows<{ email: string; previous_key: number; unmarked: number }>(Prisma.sql`
    SELECT u.email,
           count(*) FILTER (WHERE split_part(c.code_hash, ':', 1) = ANY(${previousMarks}::text[]))::int AS previous_key,
           count(*) FILTER (WHERE strpos(c.code_hash, ':') = 0)::int AS unmarked
    FROM recovery_code c JOIN app_user u ON u.id = c.user_id
    WHERE c.used_at IS NULL AND u.totp_enabled_at IS NOT NULL AND u.disabled_at IS NULL
      AND split_part(c.code_hash, ':', 1) <> ${currentMark}
    GROUP BY u.email ORDER BY u.email`);
  return rows
    .map((r) => ({ email: r.email, previousKey: r.previous_key, unmarked: r.unmarked }))
    .filter((r) => r.previousKey + r.unmarked > 0);
}
