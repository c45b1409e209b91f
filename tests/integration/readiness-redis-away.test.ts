// Redis away: the web still takes orders (they wait in Postgres for the relay, docs/design.md),
// so its readiness stays 200 and says "degraded"; the worker, which cannot take a job without
// its queue, is not ready (lib/health/readiness.ts). Run in a process of its own, so that
// process alone has no Redis.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

describe("readiness while Redis does not answer", () => {
  it("keeps the web ready but degraded, and the worker not ready", async () => {
    const { stdout } = await run(
      path.resolve("node_modules/.bin/tsx"),
      ["--tsconfig", "tsconfig.json", "tests/support/readiness-without-redis.ts"],
      { env: { ...process.env, REDIS_URL: "redis://127.0.0.1:9" }, timeout: 60_000 },
    );
    const answer = JSON.parse(stdout.trim().split("\n").at(-1)!) as {
      web: { status: number; body: { status: string; checks: { redis: { ok: boolean; message?: string } } } };
      worker: { ready: boolean; checks: { postgres: { ok: boolean } } };
    };
    expect(answer.web.status).toBe(200);
    expect(answer.web.body.status).toBe("degraded");
    expect(answer.web.body.checks.redis).toMatchObject({ ok: false, message: expect.stringMatching(/Redis/) });
    expect(answer.worker.checks.postgres.ok).toBe(true);
    expect(answer.worker.ready).toBe(false);
  }, 90_000);
});
