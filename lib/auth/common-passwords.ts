// Is this password one that attackers try first? Used for account passwords (lib/auth/
// password-policy.ts) and for the customer passwords of orders. Pure and synchronous, so the
// same check runs in the browser as a hint and on the server as the rule.
import { COMMON_PASSWORDS_TEXT } from "./common-passwords-list";

let list: Set<string> | undefined;
const common = () => {
  list ??= new Set(COMMON_PASSWORDS_TEXT.split("\n"));
  return list;
};

// Digits and symbols around a word are what people add to satisfy rules ("Summer2026!"): they
// make the password longer but hardly harder to guess, so the word itself is checked too.
const DECORATION = /^[\p{N}\p{P}\p{S}\s]+|[\p{N}\p{P}\p{S}\s]+$/gu;

/**
 * True when the password (case-insensitive) is on the common list, is a common password with
 * digits or symbols added before or after it, or is one character repeated.
 */
export function isCommonPassword(password: string): boolean {
  const p = password.normalize("NFKC").toLowerCase();
  if (p.length === 0) return false;
  if (common().has(p) || common().has(p.trim())) return true;
  if (/^(.)\1*$/su.test(p)) return true;
  const core = p.replace(DECORATION, "");
  return core.length >= 4 && core !== p && common().has(core);
}
