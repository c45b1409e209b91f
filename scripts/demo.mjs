// `npm run demo`: the whole portal on this machine with one command, from a fresh clone.
// Installs dependencies if needed, starts Postgres and Redis in .data/ unless DATABASE_URL and
// REDIS_URL are set, keeps generated secrets in .data/secrets.json, migrates, seeds on first
// start, starts the simulators unless real upstream settings are given, builds and starts the
// web app and the worker. Ctrl-C stops everything it started; the data stays for the next run.
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stopChild } from "./lib/stop-child.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const DATA = path.join(root, ".data");
const DEMO_PASSWORD = "demo-password-2026"; // prisma/seed.ts
const log = (msg) => console.log(`[demo] ${msg}`);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const stops = []; // run in reverse on shutdown
const children = [];
let stopping = false;

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status})`);
}

async function pickPort(preferred, what, portIsFree, freePort) {
  if (await portIsFree(preferred)) return preferred;
  const port = await freePort();
  log(`port ${preferred} is busy; ${what} uses ${port} instead`);
  return port;
}

// A previous run that was killed hard may have left Postgres running: reuse its port.
function runningPgPort(dir) {
  const pid = path.join(dir, "data", "postmaster.pid");
  if (!fs.existsSync(pid)) return null;
  const lines = fs.readFileSync(pid, "utf8").split("\n");
  try {
    process.kill(Number(lines[0]), 0);
  } catch {
    return null;
  }
  return Number(lines[3]) || null;
}

// A Redis left behind by a hard-killed run would share our append-only files with a new one:
// ask it to exit first (SIGTERM makes Redis flush its AOF).
async function stopStaleRedis(dir) {
  const pidFile = path.join(dir, "redis.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").trim());
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return;
  }
  log(`stopping a Redis left over from an earlier run (pid ${pid})`);
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function loadSecrets() {
  const file = path.join(DATA, "secrets.json");
  let saved = {};
  if (fs.existsSync(file)) saved = JSON.parse(fs.readFileSync(file, "utf8"));
  const next = {
    AUTH_SECRET: saved.AUTH_SECRET ?? crypto.randomBytes(32).toString("base64url"),
    SECRETS_KEY: saved.SECRETS_KEY ?? crypto.randomBytes(32).toString("base64"),
  };
  if (!fs.existsSync(file) || saved.AUTH_SECRET !== next.AUTH_SECRET || saved.SECRETS_KEY !== next.SECRETS_KEY) {
    fs.mkdirSync(DATA, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(next, null, 2), { mode: 0o600 });
    log("generated secrets in .data/secrets.json (kept for the next runs)");
  }
  fs.chmodSync(file, 0o600);
  env.AUTH_SECRET ||= next.AUTH_SECRET;
  env.SECRETS_KEY ||= next.SECRETS_KEY;
}

function startChild(name, cmd, args, extraEnv = {}) {
  const child = spawn(cmd, args, { env: { ...env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
  const prefix = (chunk) => {
    const lines = chunk
      .toString()
      .split("\n")
      .filter(Boolean)
      .map((l) => `[${name}] ${l}`);
    return `${lines.join("\n")}\n`;
  };
  child.stdout.on("data", (c) => process.stdout.write(prefix(c)));
  child.stderr.on("data", (c) => process.stderr.write(prefix(c)));
  child.on("exit", (code, signal) => {
    if (stopping) return;
    log(`${name} exited (${signal ?? code}); stopping the demo`);
    void shutdown(1);
  });
  children.push({ name, child });
  return child;
}

async function waitForHttp(url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url, { redirect: "manual" })).status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  log("stopping …");
  // The worker gets longer than its WORKER_SHUTDOWN_GRACE_MS (10 s by default), as compose's
  // stop_grace_period does: it then releases the calls still in flight itself and exits.
  await Promise.all(children.map(({ name, child }) => stopChild(child, name === "worker" ? 30_000 : undefined)));
  for (const stop of stops.reverse()) {
    try {
      await stop();
    } catch (err) {
      console.error(err);
    }
  }
  log("stopped; data kept in .data/");
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

async function main() {
  if (!fs.existsSync("node_modules/.bin/next")) {
    log("installing dependencies (npm ci) …");
    run("npm", ["ci", "--no-audit", "--no-fund"], "npm ci");
  }
  const services = await import("./lib/services.mjs");
  const { ensureServiceBinaries, freePort, portIsFree, startPostgres, startRedis } = services;

  if (!env.DATABASE_URL || !env.REDIS_URL) ensureServiceBinaries({ log });
  if (!env.DATABASE_URL) {
    const dir = path.join(DATA, "pg");
    const port = runningPgPort(dir) ?? (await pickPort(54329, "Postgres", portIsFree, freePort));
    const pg = await startPostgres({ dir, port, db: "portal", log });
    stops.push(pg.stop);
    env.DATABASE_URL = pg.url;
    log(`Postgres on 127.0.0.1:${port} (data in .data/pg)`);
  }
  if (!env.REDIS_URL) {
    const dir = path.join(DATA, "redis");
    await stopStaleRedis(dir);
    const port = await pickPort(6390, "Redis", portIsFree, freePort);
    const redis = await startRedis({ dir, port, persistent: true });
    stops.push(redis.stop);
    env.REDIS_URL = redis.url;
    log(`Redis on 127.0.0.1:${port} (append-only files in .data/redis)`);
  }
  loadSecrets();

  log("applying migrations …");
  run(process.execPath, ["scripts/migrate.mjs", "deploy"], "migrations");
  const grommunioSet = env.GROMMUNIO_API_URL && env.GROMMUNIO_USER && env.GROMMUNIO_PASSWORD;
  const qboxmailSet = env.QBOXMAIL_API_URL && env.QBOXMAIL_API_TOKEN;
  if (!grommunioSet || !qboxmailSet) {
    const gPort = await pickPort(7101, "the grommunio simulator", portIsFree, freePort);
    const qPort = await pickPort(7102, "the Qboxmail simulator", portIsFree, freePort);
    startChild("simulators", "node_modules/.bin/tsx", ["simulators/main.ts"], {
      SIM_GROMMUNIO_PORT: String(gPort),
      SIM_QBOXMAIL_PORT: String(qPort),
      SIM_STATE_FILE: path.join(DATA, "simulators.json"),
    });
    if (!grommunioSet)
      Object.assign(env, {
        GROMMUNIO_API_URL: `http://127.0.0.1:${gPort}/api/v1`,
        GROMMUNIO_USER: "admin",
        GROMMUNIO_PASSWORD: "sim-grommunio-secret",
      });
    if (!qboxmailSet)
      Object.assign(env, { QBOXMAIL_API_URL: `http://127.0.0.1:${qPort}`, QBOXMAIL_API_TOKEN: "sim-qboxmail-token" });
    log(
      `simulators: ${grommunioSet ? "" : `grommunio ${env.GROMMUNIO_API_URL} `}${qboxmailSet ? "" : `Qboxmail ${env.QBOXMAIL_API_URL}`}`,
    );
  } else {
    log("using the configured upstream APIs; simulators not started");
  }
  // After the simulators: the seed registers the demo's shared grommunio server on the
  // simulator (a real grommunio gets no server from the demo; an admin shares one).
  if (!grommunioSet) await waitForHttp(`${env.GROMMUNIO_API_URL}/status`);
  run(
    "node_modules/.bin/tsx",
    ["prisma/seed.ts", "--demo", ...(grommunioSet ? [] : ["--share-grommunio-server"])],
    "seed",
  );

  log("building the web app (next build) …");
  const started = Date.now();
  run("node_modules/.bin/next", ["build"], "next build");
  log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const webPort = await pickPort(3000, "the web app", portIsFree, freePort);
  env.APP_URL ||= `http://127.0.0.1:${webPort}`;
  // NEXTAUTH_URL, which next-auth reads itself, is set from APP_URL by the web server at start-up
  // (instrumentation.ts).
  startChild("web", process.execPath, ["scripts/server.mjs", "-H", "127.0.0.1", "-p", String(webPort)], {
    NODE_ENV: "production",
  });
  if (fs.existsSync("workers/main.ts")) {
    // The compiled worker, exactly as `npm run worker` starts it (scripts/lib/worker-build.mjs):
    // one node process (no npm or shell wrapper, so signals reach the worker itself), no
    // TypeScript loader. Imported here: esbuild exists only once `npm ci` has run.
    const { ensureWorkerBuilt, WORKER_ENV, WORKER_NODE_ARGS } = await import("./lib/worker-build.mjs");
    ensureWorkerBuilt(log);
    startChild("worker", process.execPath, WORKER_NODE_ARGS, { ...WORKER_ENV, NODE_ENV: "production" });
  } else log("workers/main.ts not found: running without a worker (orders stay queued)");
  await waitForHttp(`http://127.0.0.1:${webPort}/login`);

  console.log(`
  Mail reseller portal is running: ${env.APP_URL}

  Sign in with password ${DEMO_PASSWORD} as
    admin@example.test           administrator (support console)
    support@example.test         support (support console)
    owner@alpine.example.test    reseller "Alpine Hosting"
    owner@baltic.example.test    reseller "Baltic Mail"

  admin and support set up two-factor sign-in at their first sign-in: scan the
  QR code with an authenticator app (or type the key it shows into one).

  Press Ctrl-C to stop; the data stays in .data/ for the next run.
`);
}

main().catch(async (err) => {
  console.error(`[demo] ${err.message}`);
  await shutdown(1);
});
