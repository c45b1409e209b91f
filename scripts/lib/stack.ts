// Starts the services a test tier needs, in temporary folders on free ports, and tears them
// down. Used by the integration and e2e global setups (and the benchmarks).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { SIM_CREDENTIALS, startSimulators } from "../../simulators/main";
import { ensureServiceBinaries, freePort, startPostgres, startRedis, tmpRoot } from "./services.mjs";

export type StackEnv = Record<string, string>;
export type Stack = { env: StackEnv; root: string; stop: () => Promise<void> };

/** `pgSettings`: extra Postgres settings at start ("name=value"), e.g. for a benchmark's diagnostics. */
export async function startStack(opts: { pgSettings?: string[] } = {}): Promise<Stack> {
  ensureServiceBinaries();
  const root = tmpRoot();
  const stops: Array<() => unknown> = [];
  try {
    const pg = await withFreshPort((port, attempt) =>
      startPostgres({ dir: path.join(root, `pg-${attempt}`), port, db: "portal_test", settings: opts.pgSettings }),
    );
    stops.push(pg.stop);
    const redis = await withFreshPort((port, attempt) =>
      startRedis({ dir: path.join(root, `redis-${attempt}`), port }),
    );
    stops.push(redis.stop);
    const sims = await startSimulators({});
    stops.push(() => sims.close());
    execFileSync(process.execPath, ["scripts/migrate.mjs", "deploy"], {
      env: { ...process.env, DATABASE_URL: pg.url },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const env: StackEnv = {
      NODE_ENV: "test",
      DATABASE_URL: pg.url,
      REDIS_URL: redis.url,
      AUTH_SECRET: "test-auth-secret-0123456789abcdef0123456789",
      SECRETS_KEY: Buffer.alloc(32, 7).toString("base64"),
      APP_URL: "http://127.0.0.1:3000",
      LOG_LEVEL: "warn",
      GROMMUNIO_API_URL: sims.grommunioUrl,
      GROMMUNIO_USER: SIM_CREDENTIALS.grommunioUser,
      GROMMUNIO_PASSWORD: SIM_CREDENTIALS.grommunioPassword,
      QBOXMAIL_API_URL: sims.qboxmailUrl,
      QBOXMAIL_API_TOKEN: SIM_CREDENTIALS.qboxmailToken,
      // Control routes (/__sim/faults, /__sim/ledger) live on the origins.
      SIM_GROMMUNIO_ORIGIN: sims.grommunioOrigin,
      SIM_QBOXMAIL_ORIGIN: sims.qboxmailUrl,
    };
    return {
      env,
      root,
      stop: async () => {
        for (const stop of stops.reverse()) {
          try {
            await stop();
          } catch {
            /* best effort on teardown */
          }
        }
        fs.rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (err) {
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch {}
    }
    throw err;
  }
}

// A free port can be taken by a parallel run before our server binds it: try a new one.
async function withFreshPort<T>(start: (port: number, attempt: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freePort(), attempt);
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}
