// Postgres, Redis and the simulators for one chaos run, in a temporary folder on free ports,
// with the two faults the run inflicts on them: SIGKILL of Redis (append-only file, fsync every
// second, restarted on the same folder and port) and an immediate Postgres restart (no
// checkpoint, every connection dropped, crash recovery on start).
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { SIM_CREDENTIALS, startSimulators } from "../../simulators/main";
import { findPgBin, freePort, startPostgres, startRedis, tmpRoot } from "../lib/services.mjs";

export type ChaosServices = {
  root: string;
  env: Record<string, string>;
  simOrigins: { grommunio: string; qboxmail: string };
  killRedis: () => Promise<void>;
  restartPostgres: () => Promise<void>;
  stop: () => Promise<void>;
};

// Asynchronous on purpose: the simulators run in this process and must keep answering while
// Postgres restarts.
function asPgUser(cmd: string, args: string[]): Promise<{ status: number | null; output: string }> {
  const full: [string, string[]] =
    process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
  return new Promise((resolve) => {
    const child = spawn(full[0], full[1], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (status) => resolve({ status, output }));
  });
}

export async function startChaosServices(): Promise<ChaosServices> {
  const root = tmpRoot();
  const pgDir = path.join(root, "pg");
  const pgPort = await freePort();
  const pg = await startPostgres({ dir: pgDir, port: pgPort, db: "portal_chaos" });
  const redisDir = path.join(root, "redis");
  const redisPort = await freePort();
  let redis = await startRedis({ dir: redisDir, port: redisPort, persistent: true });
  const sims = await startSimulators({});
  execFileSync(process.execPath, ["scripts/migrate.mjs", "deploy"], {
    env: { ...process.env, DATABASE_URL: pg.url },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const env = {
    NODE_ENV: "test",
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
    AUTH_SECRET: "chaos-auth-secret-0123456789abcdef0123456789",
    SECRETS_KEY: Buffer.alloc(32, 9).toString("base64"),
    APP_URL: "http://127.0.0.1:3000",
    GROMMUNIO_API_URL: sims.grommunioUrl,
    GROMMUNIO_USER: SIM_CREDENTIALS.grommunioUser,
    GROMMUNIO_PASSWORD: SIM_CREDENTIALS.grommunioPassword,
    QBOXMAIL_API_URL: sims.qboxmailUrl,
    QBOXMAIL_API_TOKEN: SIM_CREDENTIALS.qboxmailToken,
  };
  const pgData = path.join(pgDir, "data");
  return {
    root,
    env,
    simOrigins: { grommunio: sims.grommunioOrigin, qboxmail: sims.qboxmailUrl },
    killRedis: async () => {
      const pid = Number(fs.readFileSync(path.join(redisDir, "redis.pid"), "utf8").trim());
      process.kill(pid, "SIGKILL");
      for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 20));
      fs.rmSync(path.join(redisDir, "redis.pid"), { force: true });
      redis = await startRedis({ dir: redisDir, port: redisPort, persistent: true });
    },
    restartPostgres: async () => {
      const bin = findPgBin()!;
      const r = await asPgUser(path.join(bin, "pg_ctl"), [
        "-D",
        pgData,
        "-l",
        path.join(pgDir, "pg.log"),
        "-m",
        "immediate",
        "-w",
        "-t",
        "60",
        "restart",
      ]);
      if (r.status !== 0) throw new Error(`Postgres restart failed: ${r.output}`);
    },
    stop: async () => {
      await sims.close();
      redis.stop();
      pg.stop();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
