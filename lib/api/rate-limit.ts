// Rate limit of the reseller API (docs/api.md): per token, and per address block for requests
// without a token known to be valid (docs/security.md "API tokens and webhooks"). Counted in
// Redis so every web process shares one budget. If Redis is away, each process counts in memory
// instead: the API keeps answering with a limit that is per process rather than refusing everyone.
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "@/lib/env";

const WINDOW_SECONDS = 60;

type Limiter = { limiter: RateLimiterRedis; storeClient: Redis; points: number; connected: Promise<void> };
declare global {
  // On globalThis so that every copy of this module in the process (dev reloads, one per route bundle) shares it.
  var apiRateLimiter: Limiter | undefined;
}
const globalForLimit = globalThis;

function limiter(): Limiter {
  if (!globalForLimit.apiRateLimiter) {
    const points = env().API_RATE_LIMIT_PER_MINUTE;
    const storeClient = new Redis(env().REDIS_URL, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      retryStrategy: (times) => Math.min(times * 200, 2_000),
    });
    storeClient.on("error", () => {
      /* the insurance limiter takes over; avoid unhandled error events */
    });
    // The first requests wait (briefly) for the connection, so a fresh process does not count
    // its first requests in memory and then start again from zero in Redis.
    const connected = new Promise<void>((resolve) => {
      storeClient.once("ready", () => resolve());
      setTimeout(resolve, 1_000).unref();
    });
    globalForLimit.apiRateLimiter = {
      points,
      storeClient,
      connected,
      limiter: new RateLimiterRedis({
        storeClient,
        points,
        duration: WINDOW_SECONDS,
        keyPrefix: "api-rate",
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ points, duration: WINDOW_SECONDS }),
      }),
    };
  }
  return globalForLimit.apiRateLimiter;
}

export type RateVerdict = { allowed: boolean; headers: Record<string, string> };

/** Counts one request for `key` (a token id, or an address for requests without a valid token). */
export async function consumeRate(key: string): Promise<RateVerdict> {
  const { limiter: l, points, connected } = limiter();
  await connected;
  let res: RateLimiterRes;
  let allowed = true;
  try {
    res = await l.consume(key);
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    res = err;
    allowed = false;
  }
  const reset = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  // The IETF RateLimit header fields (draft 7 style names clients already parse) on every answer.
  const headers: Record<string, string> = {
    "RateLimit-Limit": String(points),
    "RateLimit-Remaining": String(Math.max(0, res.remainingPoints)),
    "RateLimit-Reset": String(reset),
    "RateLimit-Policy": `${points};w=${WINDOW_SECONDS}`,
  };
  if (!allowed) headers["Retry-After"] = String(reset);
  return { allowed, headers };
}

/**
 * Gives back the request just counted for `key`: an address is charged before the token is read,
 * and gets its point back when the token proved valid (lib/api/handler.ts). Best effort: a
 * point not given back only shortens the address's minute.
 */
export async function refundRate(key: string): Promise<void> {
  await limiter()
    .limiter.reward(key, 1)
    .catch(() => undefined);
}

/** For tests that change API_RATE_LIMIT_PER_MINUTE: the next request builds the limiter afresh. */
export function resetRateLimiter(): void {
  const l = globalForLimit.apiRateLimiter;
  globalForLimit.apiRateLimiter = undefined;
  l?.storeClient.disconnect();
}
