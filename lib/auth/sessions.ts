// Server-side sessions (table user_session). Each sign-in creates a row; the next-auth JWT
// carries its id, and every request checks the row together with the user (lib/auth/options.ts).
// Signing out, "sign out" on the My sessions page, a password change and admin actions mark
// rows revoked, so a cookie copied before then no longer opens anything.
import { db, Prisma, sqlRows } from "@/lib/db";
import { env } from "@/lib/env";
import type { Role } from "@/lib/generated/prisma/enums";
import { type SessionUser as AccountUser, toSessionUser } from "@/lib/users/queries";

/**
 * A session unused for this long is over. The row's last_seen_at is what counts (written by
 * findLiveSession, which every guard runs): the JWT cookie lives as long as the absolute cap
 * (sessionMaxSeconds), so it cannot stand for activity (docs/security.md "Server-side sessions").
 */
export const SESSION_IDLE_SECONDS = 12 * 60 * 60;

/**
 * However busy, a session ends this long after its sign-in (SESSION_MAX_HOURS; docs/security.md
 * "Server-side sessions"): a stolen cookie kept alive by its requests ends with it. The session
 * cookie is issued for this long too (lib/auth/options.ts), so that the row's idle and absolute
 * checks decide, not an earlier expiry of the cookie.
 */
export const sessionMaxSeconds = (): number => env().SESSION_MAX_HOURS * 60 * 60;
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
 * too long, signed in longer ago than sessionMaxSeconds(), another user's row, the user gone or
 * disabled, or the user's session version moved on (disable, password reset: those end every
 * session at once).
 */
export async function findLiveSession(
  sessionId: string,
  userId: string,
  sessionVersion: number,
  now = new Date(),
): Promise<SessionUser | null> {
  if (!UUID.test(sessionId) || !UUID.test(userId)) return null;
  // Every page request runs this: one statement on the pool (the ORM's nested select sent three,
  // session, user and reseller; docs/benchmarks/pages.md "Pages: the fixed cost of a request").
  const [row] = await sqlRows<LiveSessionRow>(Prisma.sql`
    SELECT s.user_id, s.created_at, s.last_seen_at, s.revoked_at,
           u.id, u.email, u.name, u.role::text AS role, u.reseller_id, u.session_version, u.disabled_at,
           u.locale, u.time_zone, u.must_change_password, u.totp_enabled_at, r.slug AS reseller_slug
    FROM user_session s
    JOIN app_user u ON u.id = s.user_id
    LEFT JOIN reseller r ON r.id = u.reseller_id
    WHERE s.id = ${sessionId}::uuid`);
  if (!row || row.revoked_at || row.user_id !== userId) return null;
  const idleMs = now.getTime() - row.last_seen_at.getTime();
  if (idleMs > SESSION_IDLE_SECONDS * 1000) return null;
  if (now.getTime() - row.created_at.getTime() > sessionMaxSeconds() * 1000) return null;
  if (row.disabled_at !== null || row.session_version !== sessionVersion) return null;
  if (idleMs > TOUCH_AFTER_MS) {
    await sqlRows(
      Prisma.sql`UPDATE user_session SET last_seen_at = ${now} WHERE id = ${sessionId}::uuid AND revoked_at IS NULL`,
    );
  }
  return {
    ...toSessionUser({
      id: row.id,
      email: row.email,
      name: row.name,
      role: row.role,
      resellerId: row.reseller_id,
      locale: row.locale,
      timeZone: row.time_zone,
      reseller: row.reseller_slug === null ? null : { slug: row.reseller_slug },
    }),
    sessionId,
    mustChangePassword: row.must_change_password,
    twoFactorEnabled: row.totp_enabled_at !== null,
  };
}

type LiveSessionRow = {
  user_id: string;
  created_at: Date;
  last_seen_at: Date;
  revoked_at: Date | null;
  id: string;
  email: string;
  name: string;
  role: Role;
  reseller_id: string | null;
  session_version: number;
  disabled_at: Date | null;
  locale: string | null;
  time_zone: string | null;
  must_change_password: boolean;
  totp_enabled_at: Date | null;
  reseller_slug: string | null;
};

export type ActiveSession = { id: string; userAgent: string; ip: string; createdAt: Date; lastSeenAt: Date };

/** The user's sessions that still work, most recently used first. */
export function listActiveSessions(userId: string, now = new Date()): Promise<ActiveSession[]> {
  return db().userSession.findMany({
    where: {
      userId,
      revokedAt: null,
      lastSeenAt: { gt: new Date(now.getTime() - SESSION_IDLE_SECONDS * 1000) },
      createdAt: { gt: new Date(now.getTime() - sessionMaxSeconds() * 1000) },
    },
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

/**
 * Ends every session of the user, the current one included, and continues the current one under a
 * new id (same sign-in time, address and browser; the caller gives the browser a cookie naming
 * it, lib/auth/session-cookie.ts). A cookie copied before, which names the old id, stops working,
 * though the person who changed their password stays signed in. `sessionId` is null when `current`
 * is not a live session of this user: then every session ends. `othersEnded` does not count the
 * current one.
 */
export async function rotateSession(
  userId: string,
  current: string | null,
  tx: Prisma.TransactionClient,
): Promise<{ sessionId: string | null; othersEnded: number }> {
  let sessionId: string | null = null;
  if (current && UUID.test(current)) {
    const [row] = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO user_session (id, user_id, user_agent, ip, created_at, last_seen_at)
      SELECT gen_random_uuid(), user_id, user_agent, ip, created_at, now() FROM user_session
      WHERE id = ${current}::uuid AND user_id = ${userId}::uuid AND revoked_at IS NULL
      RETURNING id::text`;
    sessionId = row?.id ?? null;
  }
  const ended = await revokeOtherSessions(userId, sessionId, tx);
  return { sessionId, othersEnded: sessionId ? ended - 1 : ended };
}

/**
 * Revokes every API token the user created: an administrator's reset that says the account may be
 * compromised, or the person's own password change asking for it. The caller makes the web processes forget them (lib/api/principal-cache.ts). Returns how many.
 */
export async function revokeApiTokensCreatedBy(
  userId: string,
  tx: Pick<Prisma.TransactionClient, "apiToken"> = db(),
): Promise<number> {
  const r = await tx.apiToken.updateMany({
    where: { createdById: userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return r.count;
}
