// What a failed sign-in's audit row keeps of an address that names no account: never the typed
// text, which may be a password typed into the wrong box (lib/auth/sign-in.ts).
import { createHmac } from "node:crypto";
import { Prisma, sqlRows } from "@/lib/db";
import { authSecretKey } from "./auth-secret-key";

// A domain of DNS labels ending in a top-level label of letters; "2024", "home" or "ssw0rd2024"
// (the part after "@" of many passwords) never are. Then kept only when an account of the portal
// has an address at it: a password such as "P@ssw0rd.com" still looks like a domain.
const PLAUSIBLE_DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$/;

// A key of its own, derived from the session secret (./auth-secret-key.ts): without the secret
// nobody can test guesses against the stored digests.
const key = () => authSecretKey("portal unknown sign-in address v1");

/**
 * `addressDigest`: the same for every try of the same (normalized) text, 16 hex digits;
 * `domain`: the part after the last "@", only when accounts of the portal use that domain (a
 * colleague's typo, a person who left).
 */
export async function unknownAddress(normalized: string): Promise<{ addressDigest: string; domain?: string }> {
  const addressDigest = createHmac("sha256", key()).update(normalized).digest("hex").slice(0, 16);
  const at = normalized.lastIndexOf("@");
  const domain = at > 0 ? normalized.slice(at + 1) : "";
  if (!PLAUSIBLE_DOMAIN.test(domain)) return { addressDigest };
  const [known] = await sqlRows<{ known: boolean }>(
    Prisma.sql`SELECT EXISTS (SELECT 1 FROM app_user WHERE lower(email) LIKE ${`%@${domain}`}) AS known`,
  );
  return known?.known ? { addressDigest, domain } : { addressDigest };
}
