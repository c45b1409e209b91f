// Users and roles, for admins. Disabling a user and resetting a password bump
// session_version, which ends every session they hold (lib/auth checks it on each request).
// Each change and its audit event commit together; no password or hash reaches the audit row.

import { forgetApiPrincipals } from "@/lib/api/principal-cache";
import { type Actor, recordAudit } from "@/lib/audit/record-audit";
import { hashPassword } from "@/lib/auth/password";
import { assertAdmin, userActor, type Viewer } from "@/lib/auth/session";
import { revokeApiTokensCreatedBy, revokeOtherSessions } from "@/lib/auth/sessions";
import { clearSecondFactor } from "@/lib/auth/two-factor";
import { db } from "@/lib/db";
import { searchText } from "@/lib/forms/control-chars";
import type { Prisma } from "@/lib/generated/prisma/client";
import { said } from "@/lib/i18n/sentences";
import { cleanTextKeys, textKeysetPage, textKeysetQuery } from "@/lib/pagination/text-keyset";
import { containsText } from "@/lib/search/like-pattern";
import type { CreateUserInput, EnableUserInput, ResetPasswordInput, UserActionInput } from "./schemas";

/** A refusal of an admin action, in words for the admin; `field` when it is about one form field. */
export class AdminActionError extends Error {
  constructor(
    message: string,
    readonly field?: string,
    /**
     * The record changed since the page was drawn: the page is drawn again (lib/forms/action.ts
     * formAction), so it holds the new version, and a second, deliberate save goes through.
     */
    readonly refreshPage = false,
  ) {
    super(message);
  }
}

const USER_PAGE_SIZE = 50;

/**
 * The users by e-mail, a page at a time (keyset on the unique e-mail: lib/pagination/text-keyset.ts),
 * with `q` matching a fragment of the e-mail, the name or the reseller's name in any case. A search
 * with control characters (a hand-edited address) is ignored, as on the customers list.
 */
export async function listUsers(
  viewer: Viewer,
  { q, after, before, limit = USER_PAGE_SIZE }: { q?: string; after?: string; before?: string; limit?: number } = {},
) {
  assertAdmin(viewer);
  const search = searchText(q);
  const contains = containsText(search);
  const keys = cleanTextKeys({ after, before });
  const { bound, order } = textKeysetQuery(keys);
  const rows = await db().user.findMany({
    where: {
      ...(search ? { OR: [{ email: contains }, { name: contains }, { reseller: { name: contains } }] } : {}),
      ...(bound ? { email: bound } : {}),
    },
    orderBy: { email: order },
    take: limit + 1,
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      disabledAt: true,
      mustChangePassword: true,
      totpEnabledAt: true,
      createdAt: true,
      reseller: { select: { id: true, name: true } },
    },
  });
  return textKeysetPage(rows, (u) => u.email, limit, keys);
}

type Tx = Prisma.TransactionClient;

export async function createUserAsAdmin(viewer: Viewer, input: CreateUserInput): Promise<{ id: string }> {
  assertAdmin(viewer);
  return createUserAudited(userActor(viewer), input);
}

/**
 * The one way a user is created: the row and its "admin.user.create" audit event in one
 * transaction. Admins reach it through createUserAsAdmin; scripts/create-admin.ts, which has no
 * admin yet to act as, passes a system actor.
 */
export async function createUserAudited(
  actor: Actor,
  input: Omit<CreateUserInput, "resellerId"> & { resellerId?: string | null },
): Promise<{ id: string }> {
  const passwordHash = await hashPassword(input.password);
  const resellerId = input.role === "reseller" ? (input.resellerId ?? null) : null;
  if (input.role === "reseller" && !resellerId) throw new AdminActionError(said("resellerUserNeedsReseller"));
  const email = input.email.trim().toLowerCase();
  try {
    return await db().$transaction(async (tx) => {
      // A reseller id that names no reseller (a stale picker, a hand-made post) is refused beside
      // the reseller field, not by the foreign key as a generic failure (docs/security.md "Hostile input").
      if (resellerId && !(await tx.reseller.findUnique({ where: { id: resellerId }, select: { id: true } })))
        throw new AdminActionError(said("resellerGone"), "resellerId");
      const user = await tx.user.create({
        // The password was chosen for the user (admin form, create-admin script): they replace it
        // at their first sign-in.
        data: { email, name: input.name, role: input.role, resellerId, passwordHash, mustChangePassword: true },
        select: { id: true },
      });
      await recordAudit(tx, {
        actor,
        action: "admin.user.create",
        resellerId,
        after: { userId: user.id, email, role: input.role },
        reason: input.reason,
      });
      return user;
    });
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") throw new AdminActionError(said("emailTaken"), "email");
    throw err;
  }
}

async function changeUser(
  viewer: Viewer,
  input: UserActionInput,
  action: string,
  apply: (
    tx: Tx,
    user: { id: string; role: string; disabledAt: Date | null },
  ) => Promise<{ before: Prisma.InputJsonObject; after: Prisma.InputJsonObject }>,
): Promise<void> {
  assertAdmin(viewer);
  await db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { id: input.userId },
      select: { id: true, email: true, role: true, resellerId: true, disabledAt: true },
    });
    if (!user) throw new AdminActionError(said("userNotFound"));
    const { before, after } = await apply(tx, user);
    await recordAudit(tx, {
      actor: userActor(viewer),
      action,
      resellerId: user.resellerId,
      before: { userId: user.id, email: user.email, ...before },
      after,
      reason: input.reason,
    });
  });
  // A disabled user's API tokens, and revoked ones, stop at once in this process (lib/api/principal-cache.ts).
  forgetApiPrincipals();
}

/**
 * Refuses to disable the last active admin. The active admins' rows are locked first, so two
 * admins disabling each other at the same moment run one after the other and the second sees
 * the first's change (docs/security.md "Admins").
 */
async function assertAnotherActiveAdmin(tx: Tx, userId: string): Promise<void> {
  const admins = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM app_user WHERE role = 'admin' AND disabled_at IS NULL ORDER BY id FOR UPDATE`;
  if (admins.some((a) => a.id === userId) && admins.length <= 1) throw new AdminActionError(said("lastAdmin"));
}

export async function disableUserAsAdmin(viewer: Viewer, input: UserActionInput): Promise<void> {
  await changeUser(viewer, input, "admin.user.disable", async (tx, user) => {
    // user.id comes from the database, so it is the canonical (lower-case) form of whatever
    // spelling of the UUID the form sent.
    if (user.id === viewer.id.toLowerCase()) throw new AdminActionError(said("notYourself"));
    if (user.role === "admin") await assertAnotherActiveAdmin(tx, user.id);
    const u = await tx.user.update({
      where: { id: user.id },
      data: { disabledAt: new Date(), sessionVersion: { increment: 1 } },
      select: { sessionVersion: true },
    });
    // The version bump already ends them; the rows say so too, so "My sessions" does not list
    // them as live after the user is enabled again.
    await revokeOtherSessions(user.id, null, tx);
    return {
      before: { disabled: user.disabledAt !== null },
      after: { disabled: true, sessionVersion: u.sessionVersion },
    };
  });
}

export async function enableUserAsAdmin(viewer: Viewer, input: EnableUserInput): Promise<void> {
  await changeUser(viewer, input, "admin.user.enable", async (tx, user) => {
    await tx.user.update({ where: { id: user.id }, data: { disabledAt: null } });
    const revoked = input.tokens === "revoke" ? await revokeApiTokensCreatedBy(user.id, tx) : 0;
    return { before: { disabled: user.disabledAt !== null }, after: { disabled: false, apiTokensRevoked: revoked } };
  });
}

/**
 * An admin's own password and second factor change on their account pages, which ask for the
 * current password (and a code): an admin session left open must not be enough to replace them.
 */
function refuseOwnAccount(viewer: Viewer, user: { id: string }): void {
  if (user.id === viewer.id.toLowerCase()) throw new AdminActionError(said("notYourselfReset"));
}

export async function resetPasswordAsAdmin(viewer: Viewer, input: ResetPasswordInput): Promise<void> {
  // Checked here as well as in changeUser: the hash below costs a good part of a core, which no
  // one but an admin may make the web process spend.
  assertAdmin(viewer);
  const passwordHash = await hashPassword(input.password);
  await changeUser(viewer, input, "admin.user.password_reset", async (tx, user) => {
    refuseOwnAccount(viewer, user);
    const u = await tx.user.update({
      where: { id: user.id },
      // An enrolment begun under the old password starts over (change-password.ts says why).
      data: { passwordHash, mustChangePassword: true, sessionVersion: { increment: 1 }, totpPendingSecret: null },
      select: { sessionVersion: true },
    });
    await revokeOtherSessions(user.id, null, tx);
    const revoked = input.tokens === "revoke" ? await revokeApiTokensCreatedBy(user.id, tx) : 0;
    return {
      before: {},
      after: {
        passwordChanged: true,
        mustChangePassword: true,
        sessionVersion: u.sessionVersion,
        apiTokensRevoked: revoked,
      },
    };
  });
}

/**
 * For a user who lost their phone and recovery codes: removes the second factor and ends their
 * sessions. Support and admin users set up a new one at their next sign-in.
 */
export async function resetTwoFactorAsAdmin(viewer: Viewer, input: UserActionInput): Promise<void> {
  await changeUser(viewer, input, "admin.user.2fa_reset", async (tx, user) => {
    refuseOwnAccount(viewer, user);
    const before = await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpEnabledAt: true } });
    await clearSecondFactor(tx, user.id);
    const u = await tx.user.update({
      where: { id: user.id },
      data: { sessionVersion: { increment: 1 } },
      select: { sessionVersion: true },
    });
    await revokeOtherSessions(user.id, null, tx);
    return {
      before: { twoFactor: before.totpEnabledAt !== null },
      after: { twoFactor: false, sessionVersion: u.sessionVersion },
    };
  });
}
