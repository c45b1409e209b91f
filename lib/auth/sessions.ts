// Server-side sessions (table user_session). Each sign-in creates a row; the next-auth JWT
// carries its id, and every request checks the row together with the user (lib/auth/options.ts).
// Signing out, "sign out" on the My sessions page, a password change and admin actions mark
// rows revoked, so a cookie copied before then no longer opens anything.
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { type SessionUser as AccountUser, sessionSelect, toSessionUser } from "@/lib/users/queries";

/** A session unused for this long is over (the JWT cookie expires after the same idle time). */
export const SESSION_IDLE_SECONDS = 12 * 60 * 60;
// Writing last_seen on every request would cost a write per page; a minute is precise enough
// for "last seen" and for the idle limit.
const TOUCH_AFTER_MS = 60_000;

/** The signed-in user of a request, as every guard hands it out. */
export type SessionUser = AccountUser & {
  /** The user_session row of this request. */
  sessionId: string;
  /** An admin set the password: choose a new one before anything else. */
  mustChangePassword: boolean;
  twoFactorEnabled: boolean;
};

export type SessionClient = { userAgent: string; ip: string };

type Tx = Pick<Prisma.TransactionClient, "userSession">;

export async function createSession(userId: string, client: SessionClient, tx: Tx = db()): Promise<string> {
  const row = await tx.userSession.create({
    data: { userId, userAgent: client.userAgent.slice(0, 512), ip: client.ip.slice(0, 64) },
    select: { id: true },
  });
  return row.id;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The user behind a session, or null when the session must end: unknown or revoked row, idle
 * too long, another user's row, the user gone or disabled, or the user's session version moved
 * on (disable, password reset: those end every session at once).
 */
export async function findLiveSession(
  sessionId: string,
  userId: string,
  sessionVersion: number,
  now = new Date(),
): Promise<SessionUser | null> {
  if (!UUID.test(sessionId) || !UUID.test(userId)) return null;
  const row = await db().userSession.findUnique({
    where: { id: sessionId },
    select: {
      userId: true,
      lastSeenAt: true,
      revokedAt: true,
      user: { select: { ...sessionSelect, mustChangePassword: true, totpEnabledAt: true } },
    },
  });
  if (!row || row.revokedAt || row.userId !== userId) return null;
  const idleMs = now.getTime() - row.lastSeenAt.getTime();
  if (idleMs > SESSION_IDLE_SECONDS * 1000) return null;
  const u = row.user;
  if (u.disabledAt !== null || u.sessionVersion !== sessionVersion) return null;
  if (idleMs > TOUCH_AFTER_MS) {
    await db().userSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { lastSeenAt: now } });
  }
  return {
    ...toSessionUser(u),
    sessionId,
    mustChangePassword: u.mustChangePassword,
    twoFactorEnabled: u.totpEnabledAt !== null,
  };
}

export type ActiveSession = { id: string; userAgent: string; ip: string; createdAt: Date; lastSeenAt: Date };

/** The user's sessions that still work, most recently used first. */
export function listActiveSessions(userId: string, now = new Date()): Promise<ActiveSession[]> {
  return db().userSession.findMany({
    where: { userId, revokedAt: null, lastSeenAt: { gt: new Date(now.getTime() - SESSION_IDLE_SECONDS * 1000) } },
    orderBy: { lastSeenAt: "desc" },
    take: 100,
    select: { id: true, userAgent: true, ip: true, createdAt: true, lastSeenAt: true },
  });
}

/** Ends one session of this user; another user's session id changes nothing. */
export async function revokeSession(userId: string, sessionId: string, tx: Tx = db()): Promise<boolean> {
  if (!UUID.test(sessionId)) return false;
  const r = await tx.userSession.updateMany({
    where: { id: sessionId, userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return r.count === 1;
}

/** Ends every session of the user except `keep` (none kept when it is null). Returns how many. */
export async function revokeOtherSessions(userId: string, keep: string | null, tx: Tx = db()): Promise<number> {
  const r = await tx.userSession.updateMany({
    where: { userId, revokedAt: null, ...(keep ? { id: { not: keep } } : {}) },
    data: { revokedAt: new Date() },
  });
  return r.count;
}
