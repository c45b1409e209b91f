// Sign-in rate limits (docs/security.md "Sign-in"), kept by rate-limiter-flexible in Postgres
// (table login_rate_limit; one atomic INSERT … ON CONFLICT per consume, so parallel requests
// are all counted). Every attempt RESERVES a point in each bucket before the password is
// verified; a correct password gives the points back. So N parallel guesses cannot all pass a
// check made before any of them is counted.
//   ip:<ip>              (an IPv6 address: its /64) 30 attempts per 15 minutes, then blocked 15 minutes: one place guessing many accounts
//   acct-ip:<acct>:<ip>   5 attempts per 15 minutes, then blocked 15 minutes: one account from one place
//   acct:<acct>          10 attempts per minute, whatever the address: a rate cap on each account.
//                        It never blocks longer than the minute, so guessers elsewhere can slow the
//                        owner down but not lock them out.
//   device:<acct>:<id>    5 attempts per 15 minutes, then blocked 15 minutes: one account from a
//                        browser that has signed in to it before (known-device.ts). Such an attempt
//                        is counted here instead of in acct-ip and acct, so the account's cap,
//                        which guessers anywhere can fill, never refuses its owner's browser.
//   code:<user>          10 second-factor answers per 15 minutes, then refused 15 minutes, counted
//                        only once the password was right: whoever knows the password may guess
//                        the code at 10 a minute under acct for ever (about 4 % a day), and no one
//                        without the password can fill this bucket to lock the owner out. A right
//                        code gives the account its wrong ones back.
//   self:<user>           5 wrong answers per 15 minutes, then refused 15 minutes: the current
//                        password or a TOTP code asked for again by a signed-in person's account
//                        pages (changing the password, new recovery codes, two-factor off), so a
//                        stolen session cannot guess them (self-check.ts).
// Account keys are an HMAC of the typed e-mail keyed from AUTH_SECRET, known account or not, so
// the answers reveal nothing about which accounts exist and the table holds no addresses. Keyed,
// because the typed text is sometimes a password typed into the address box, and the keys sit in
// the table in clear: without the secret nobody can test guesses against them (docs/security.md
// "Limits").
import { createHmac } from "node:crypto";
import pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "@/lib/env";
import { addressBlock } from "./address-block";
import { authSecretKey } from "./auth-secret-key";

export const WINDOW_SECONDS = 15 * 60;
export const ACCOUNT_IP_LIMIT = 5;
export const IP_LIMIT = 30;
export const ACCOUNT_RATE_LIMIT = 10;
export const SELF_CHECK_LIMIT = 5;
export const DEVICE_LIMIT = 5;
export const SECOND_FACTOR_LIMIT = 10;
const ACCOUNT_RATE_SECONDS = 60;
const TABLE = "login_rate_limit";

export type Reservation =
  | {
      ok: true;
      /** Call after a correct password and second factor: the attempt is given back. */
      succeeded(): Promise<void>;
      /**
       * Call when the password was right but the code is still to come: the address gets this
       * attempt back (a team behind one address signs in twice per person), while the account's
       * buckets keep it, so alternating password-only requests with code guesses gains nothing.
       */
      passwordRight(): Promise<void>;
    }
  | { ok: false; retryAfterSeconds: number };

type Limiters = {
  pool: pg.Pool;
  ip: RateLimiterPostgres;
  accountIp: RateLimiterPostgres;
  account: RateLimiterPostgres;
  device: RateLimiterPostgres;
  self: RateLimiterPostgres;
  code: RateLimiterPostgres;
};
let limiters: Limiters | undefined;

function get(): Limiters {
  if (limiters) return limiters;
  const pool = new pg.Pool({ connectionString: env().DATABASE_URL, max: 4, connectionTimeoutMillis: 5_000 });
  // An idle connection that breaks (Postgres restarted) is dropped by the pool; without a
  // listener its 'error' would end the web process.
  pool.on("error", () => undefined);
  const make = (keyPrefix: string, points: number, duration: number, blockDuration: number) =>
    new RateLimiterPostgres({
      storeClient: pool,
      storeType: "pool",
      tableName: TABLE,
      tableCreated: true, // created by a migration, not at run time
      clearExpiredByTimeout: true,
      keyPrefix,
      points,
      duration,
      blockDuration,
    });
  limiters = {
    pool,
    ip: make("ip", IP_LIMIT, WINDOW_SECONDS, WINDOW_SECONDS),
    accountIp: make("acct-ip", ACCOUNT_IP_LIMIT, WINDOW_SECONDS, WINDOW_SECONDS),
    account: make("acct", ACCOUNT_RATE_LIMIT, ACCOUNT_RATE_SECONDS, 0),
    device: make("device", DEVICE_LIMIT, WINDOW_SECONDS, WINDOW_SECONDS),
    self: make("self", SELF_CHECK_LIMIT, WINDOW_SECONDS, WINDOW_SECONDS),
    code: make("code", SECOND_FACTOR_LIMIT, WINDOW_SECONDS, WINDOW_SECONDS),
  };
  return limiters;
}

/**
 * The account's key in the buckets and in device tokens: an HMAC of the typed (normalized) e-mail
 * under a key of its own derived from AUTH_SECRET (./auth-secret-key.ts). Rotating AUTH_SECRET
 * changes every account's key once (docs/operations.md "Rotate AUTH_SECRET").
 */
export function accountKey(email: string): string {
  return createHmac("sha256", authSecretKey("portal sign-in account key v1")).update(email).digest("hex").slice(0, 40);
}

/** Charges buckets; undefined when all took it, else the seconds until the refusing one allows again. */
async function secondsRefused(charge: () => Promise<unknown>): Promise<number | undefined> {
  try {
    await charge();
    return undefined;
  } catch (err) {
    if (err instanceof RateLimiterRes) return Math.max(1, Math.ceil(err.msBeforeNext / 1000));
    throw err;
  }
}

/**
 * Reserve one attempt in every bucket, before the password is verified. `device`: the id of a
 * known device for this account (known-device.ts), whose attempts count against it alone.
 */
export async function reserveLoginAttempt(email: string, ip: string, device?: string): Promise<Reservation> {
  const l = get();
  const acct = accountKey(email);
  // An IPv6 address counts by its /64, which one host can hold whole (address-block.ts).
  const block = addressBlock(ip);
  const keys = { ip: block, accountIp: `${acct}:${block}`, account: acct, device: `${acct}:${device}` };
  const refused = await secondsRefused(async () => {
    // One after another: a bucket that refuses stops the attempt before the next is charged.
    await l.ip.consume(keys.ip);
    if (device) await l.device.consume(keys.device);
    else {
      await l.accountIp.consume(keys.accountIp);
      await l.account.consume(keys.account);
    }
  });
  if (refused !== undefined) return { ok: false, retryAfterSeconds: refused };
  return {
    ok: true,
    async succeeded() {
      // The owner's own attempt: the account's buckets forget their failures; the address gets
      // this attempt back but keeps what it failed elsewhere.
      await Promise.all([
        l.accountIp.delete(keys.accountIp),
        l.account.delete(keys.account),
        device ? l.device.delete(keys.device) : undefined,
        l.ip.reward(keys.ip, 1),
      ]);
    },
    async passwordRight() {
      await l.ip.reward(keys.ip, 1);
    },
  };
}

/**
 * Reserve one answer of a signed-in person's own check (before it is verified, so parallel
 * guesses are all counted); `right()` gives the account its wrong answers back.
 */
export function reserveSelfCheck(userId: string): Promise<PersonReservation> {
  return reserveAnswer(get().self, userId);
}

type PersonReservation = { ok: true; right(): Promise<void> } | { ok: false; retryAfterSeconds: number };

/** One answer of a person's counted in `limiter` (per user); a right one forgets the wrong ones. */
async function reserveAnswer(limiter: RateLimiterPostgres, userId: string): Promise<PersonReservation> {
  const refused = await secondsRefused(() => limiter.consume(userId));
  if (refused !== undefined) return { ok: false, retryAfterSeconds: refused };
  return {
    ok: true,
    async right() {
      await limiter.delete(userId);
    },
  };
}

/**
 * Reserve one second-factor answer at sign-in, once the account's password was right (before the
 * code is verified, so parallel guesses are all counted); `right()` forgets the wrong ones. A
 * browser that completed a sign-in to the account before (`device`, known-device.ts) counts its
 * answers on its own, as its password attempts do: whoever knows a leaked password, guessing codes
 * from new browsers, then cannot keep the owner's own browser out (and the owner in, unable to
 * change the password).
 */
export function reserveSecondFactorAnswer(userId: string, device?: string): Promise<PersonReservation> {
  return reserveAnswer(get().code, device ? `${userId}:${device}` : userId);
}

/** For tests and shutdown: closes the limiter's connection pool. */
export async function closeLoginLimiter(): Promise<void> {
  const l = limiters;
  limiters = undefined;
  await l?.pool.end();
}
