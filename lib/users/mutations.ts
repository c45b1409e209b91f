// Changes to users that affect sign-in. Every change that must end existing sessions bumps
// session_version in the same statement, so no JWT issued before it is accepted afterwards.

import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { normalizeEmail } from "./queries";

export type NewUser = { email: string; name: string; role: Role; resellerId?: string | null; password: string };

export async function createUser(input: NewUser): Promise<{ id: string }> {
  if ((input.role === "reseller") !== Boolean(input.resellerId)) {
    throw new Error("a reseller user needs a reseller; support and admin users have none");
  }
  return db().user.create({
    data: {
      email: normalizeEmail(input.email),
      name: input.name,
      role: input.role,
      resellerId: input.resellerId ?? null,
      passwordHash: await hashPassword(input.password),
    },
    select: { id: true },
  });
}

export async function disableUser(userId: string): Promise<void> {
  await db().user.update({
    where: { id: userId },
    data: { disabledAt: new Date(), sessionVersion: { increment: 1 } },
  });
}

export async function enableUser(userId: string): Promise<void> {
  await db().user.update({ where: { id: userId }, data: { disabledAt: null } });
}

export async function changePassword(userId: string, password: string): Promise<void> {
  await db().user.update({
    where: { id: userId },
    data: { passwordHash: await hashPassword(password), sessionVersion: { increment: 1 } },
  });
}

/** Ends every session of a user (e.g. "sign out everywhere"). */
export async function revokeSessions(userId: string): Promise<void> {
  await db().user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}
