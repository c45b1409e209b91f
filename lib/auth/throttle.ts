// Login throttle (table login_throttle). Buckets:
//   acct-ip:<email>:<ip>  blocks after ACCOUNT_IP_LIMIT failures: guessing one account from one place
//   ip:<ip>               blocks after IP_LIMIT failures: one place guessing many accounts
//   acct:<email>          never blocks, only slows down: an attacker elsewhere must not be able to
//                         lock the owner out of their own account (they sign in from another IP).
// Keys are built from the typed e-mail whether or not the account exists, so the throttle's
// answers reveal nothing about which accounts exist.
import { db } from "@/lib/db";

export const WINDOW_MS = 15 * 60_000;
export const BLOCK_MS = 15 * 60_000;
export const ACCOUNT_IP_LIMIT = 5;
export const IP_LIMIT = 30;
const ACCOUNT_SLOWDOWN_AFTER = 10;
const ACCOUNT_SLOWDOWN_STEP_MS = 250;
const ACCOUNT_SLOWDOWN_MAX_MS = 3_000;

export type ThrottleVerdict = { blocked: true; retryAfterMinutes: number } | { blocked: false; delayMs: number };

const keys = (email: string, ip: string) => ({
  accountIp: `acct-ip:${email}:${ip}`,
  ip: `ip:${ip}`,
  account: `acct:${email}`,
});

/** Call before checking the password. A blocked attempt is not verified and not counted. */
export async function checkLoginThrottle(email: string, ip: string, now = new Date()): Promise<ThrottleVerdict> {
  const k = keys(email, ip);
  const rows = await db().loginThrottle.findMany({ where: { key: { in: [k.accountIp, k.ip, k.account] } } });
  let blockedUntil = 0;
  let delayMs = 0;
  for (const row of rows) {
    if (row.blockedUntil && row.blockedUntil > now) blockedUntil = Math.max(blockedUntil, row.blockedUntil.getTime());
    const inWindow = now.getTime() - row.windowStart.getTime() < WINDOW_MS;
    if (row.key === k.account && inWindow && row.failures > ACCOUNT_SLOWDOWN_AFTER) {
      delayMs = Math.min(ACCOUNT_SLOWDOWN_MAX_MS, (row.failures - ACCOUNT_SLOWDOWN_AFTER) * ACCOUNT_SLOWDOWN_STEP_MS);
    }
  }
  if (blockedUntil > 0) {
    return { blocked: true, retryAfterMinutes: Math.max(1, Math.ceil((blockedUntil - now.getTime()) / 60_000)) };
  }
  return { blocked: false, delayMs };
}

/** Counts one failed sign-in in every bucket; blocks the buckets that reached their limit. */
export async function recordLoginFailure(email: string, ip: string, now = new Date()): Promise<void> {
  const k = keys(email, ip);
  await bump(k.accountIp, now, ACCOUNT_IP_LIMIT);
  await bump(k.ip, now, IP_LIMIT);
  await bump(k.account, now, null);
  // Sprayed guesses create rows; an occasional sweep keeps the table small without a scheduler.
  if (Math.random() < 0.01) await pruneLoginThrottle(now);
}

/** A correct password clears the account's own buckets, never the per-IP one. */
export async function recordLoginSuccess(email: string, ip: string): Promise<void> {
  const k = keys(email, ip);
  await db().loginThrottle.deleteMany({ where: { key: { in: [k.accountIp, k.account] } } });
}

// One statement, so concurrent failures cannot lose counts: an expired window restarts at 1.
async function bump(key: string, now: Date, limit: number | null): Promise<void> {
  const windowFloor = new Date(now.getTime() - WINDOW_MS);
  const blockUntil = new Date(now.getTime() + BLOCK_MS);
  const cap = limit ?? 2_147_483_647;
  await db().$executeRaw`
    INSERT INTO login_throttle (key, failures, window_start, blocked_until)
    VALUES (${key}, 1, ${now}, CASE WHEN 1 >= ${cap} THEN ${blockUntil}::timestamptz END)
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN login_throttle.window_start <= ${windowFloor} THEN 1 ELSE login_throttle.failures + 1 END,
      window_start = CASE WHEN login_throttle.window_start <= ${windowFloor} THEN ${now} ELSE login_throttle.window_start END,
      blocked_until = CASE
        WHEN (CASE WHEN login_throttle.window_start <= ${windowFloor} THEN 1 ELSE login_throttle.failures + 1 END) >= ${cap}
        THEN ${blockUntil}::timestamptz
        ELSE login_throttle.blocked_until END`;
}

/** Housekeeping: rows whose window and block are both over carry no information. */
export async function pruneLoginThrottle(now = new Date()): Promise<number> {
  const floor = new Date(now.getTime() - WINDOW_MS);
  const r = await db().loginThrottle.deleteMany({
    where: { windowStart: { lt: floor }, OR: [{ blockedUntil: null }, { blockedUntil: { lt: now } }] },
  });
  return r.count;
}
