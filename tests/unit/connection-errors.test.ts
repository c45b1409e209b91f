// The public readiness answer describes a failed connection in fixed words, never the driver's
// message, which names the host and port (lib/connection-errors.ts). Real drivers, refused for real:
// nothing listens on port 1 of loopback.
import { Redis } from "ioredis";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { connectionErrorText } from "@/lib/connection-errors";

async function pgError(): Promise<unknown> {
  const client = new pg.Client({ host: "127.0.0.1", port: 1, user: "portal", database: "portal" });
  return client.connect().then(
    () => new Error("connected"),
    (err: unknown) => err,
  );
}

/** A command on a connection like the health probes' (no offline queue) while Redis is away. */
async function redisError(): Promise<unknown> {
  const redis = new Redis({ host: "127.0.0.1", port: 1, enableOfflineQueue: false, retryStrategy: () => null });
  redis.on("error", () => undefined);
  try {
    await redis.ping();
    return new Error("answered");
  } catch (err) {
    return err;
  } finally {
    redis.disconnect();
  }
}

describe("connection errors in fixed words", () => {
  it("says 'connection refused' for Postgres, without the address the driver names", async () => {
    const err = await pgError();
    expect(String((err as Error).message)).toContain("127.0.0.1:1");
    expect(connectionErrorText(err)).toBe("connection refused");
  });

  it("says 'not connected' for a Redis command sent while Redis is away", async () => {
    expect(connectionErrorText(await redisError())).toBe("not connected");
  });

  it("names an unknown code, and never passes on a message without one", () => {
    expect(connectionErrorText(Object.assign(new Error("x at db.internal"), { code: "XX000" }))).toBe("failed (XX000)");
    expect(connectionErrorText(new Error('password authentication failed for user "portal" at db.internal'))).toBe(
      "failed (the process's log has the driver's message)",
    );
    expect(connectionErrorText(new Error("no answer within 2000 ms"))).toBe("no answer within 2000 ms");
    expect(connectionErrorText(Object.assign(new Error("x"), { code: "28P01" }))).toBe("password refused");
  });
});
