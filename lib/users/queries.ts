// Reads of app_user for sign-in and session checks. Small selects: the password hash leaves
// this module only through findUserForLogin, which sign-in alone uses.
import { db } from "@/lib/db";
import { hasControlChars } from "@/lib/forms/control-chars";
import type { Role } from "@/lib/generated/prisma/enums";

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  resellerId: string | null;
  resellerSlug: string | null;
  /** Saved display preferences; null follows the browser (i18n/request.ts). */
  locale: string | null;
  timeZone: string | null;
};

/** The columns a SessionUser is built from (lib/auth/sessions.ts reads the same ones in plain SQL). */
const sessionSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  resellerId: true,
  sessionVersion: true,
  disabledAt: true,
  locale: true,
  timeZone: true,
  reseller: { select: { slug: true } },
} as const;

type Row = {
  id: string;
  email: string;
  name: string;
  role: Role;
  resellerId: string | null;
  locale: string | null;
  timeZone: string | null;
  reseller: { slug: string } | null;
};

export function toSessionUser(row: Row): SessionUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    resellerId: row.resellerId,
    resellerSlug: row.reseller?.slug ?? null,
    locale: row.locale,
    timeZone: row.timeZone,
  };
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserForLogin(email: string) {
  // No account's address holds a control character, and Postgres refuses U+0000 in a query.
  if (hasControlChars(email)) return null;
  const row = await db().user.findUnique({
    where: { email: normalizeEmail(email) },
    select: { ...sessionSelect, passwordHash: true },
  });
  if (!row) return null;
  return {
    user: toSessionUser(row),
    passwordHash: row.passwordHash,
    sessionVersion: row.sessionVersion,
    disabled: row.disabledAt !== null,
  };
}
