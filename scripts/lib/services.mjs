// Starts Postgres and Redis from the machine's own binaries in a project folder, on loopback.
// Shared by `npm run demo` (persistent, .data/) and the test setup (temporary folders, free
// ports). No Docker needed; on Debian as root, missing packages are installed with apt-get.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const PG_VERSIONS = ["17", "16", "15", "14", "13"];

export function findPgBin() {
  for (const v of PG_VERSIONS) {
    const dir = `/usr/lib/postgresql/${v}/bin`;
    if (fs.existsSync(path.join(dir, "pg_ctl"))) return dir;
  }
  const onPath = spawnSync("sh", ["-c", "command -v pg_ctl"], { encoding: "utf8" }).stdout.trim();
  return onPath ? path.dirname(onPath) : null;
}

export function findRedisServer() {
  const p = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" }).stdout.trim();
  return p || null;
}

/** Installs missing Debian packages when possible; otherwise throws naming what to install. */
export function ensureServiceBinaries({ log = console.log } = {}) {
  const missing = [];
  if (!findPgBin()) missing.push("postgresql");
  if (!findRedisServer()) missing.push("redis-server");
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  const isDebian = fs.existsSync("/etc/debian_version");
  if (!isRoot || !isDebian) {
    throw new Error(
      `Missing ${missing.join(" and ")}. Install ${missing.join(", ")} (Debian/Ubuntu: apt-get install ${missing.join(" ")}), ` +
        "or set DATABASE_URL and REDIS_URL to servers you run yourself.",
    );
  }
  log(`Installing ${missing.join(", ")} with apt-get …`);
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", ...missing], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function portIsFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

// Postgres refuses to run as root: run its tools as the `postgres` user when we are root.
function asPgUser(cmd, args, opts = {}) {
  const isRoot = process.getuid?.() === 0;
  const full = isRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
  return spawnSync(full[0], full[1], { encoding: "utf8", ...opts });
}

/**
 * Starts (initialising on first use) a Postgres cluster in `dir` on 127.0.0.1:`port` and makes
 * sure database `db` exists. Returns { url, stop }.
 */
export async function startPostgres({ dir, port, db = "portal", log = () => {}, settings = [] }) {
  const bin = findPgBin();
  if (!bin) throw new Error("Postgres binaries not found (install the postgresql package)");
  const isRoot = process.getuid?.() === 0;
  fs.mkdirSync(dir, { recursive: true });
  if (isRoot) {
    fs.chmodSync(dir, 0o755);
    execFileSync("chown", ["postgres:postgres", dir]);
    // Parent folders must be traversable by the postgres user.
    for (let p = path.dirname(path.resolve(dir)); p !== "/"; p = path.dirname(p)) {
      try {
        const m = fs.statSync(p).mode;
        if ((m & 0o001) === 0) fs.chmodSync(p, m | 0o001);
      } catch {}
    }
  }
  const data = path.join(dir, "data");
  if (!fs.existsSync(path.join(data, "PG_VERSION"))) {
    log("initialising Postgres cluster");
    const r = asPgUser(path.join(bin, "initdb"), [
      "-D",
      data,
      "-U",
      "postgres",
      "--auth=trust",
      "-E",
      "UTF8",
      "--locale=C.UTF-8",
    ]);
    if (r.status !== 0) throw new Error(`initdb failed: ${r.stderr || r.stdout}`);
  }
  const running = asPgUser(path.join(bin, "pg_ctl"), ["-D", data, "status"]).status === 0;
  if (!running) {
    // `settings` ("name=value") are extra server settings given at start, e.g. the benchmarks'
    // shared_preload_libraries=pg_stat_statements, which cannot be set on a running server.
    const extra = settings.map((s) => ` -c ${s}`).join("");
    const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=${process.env.CI ? "off" : "on"}${extra}`;
    const r = asPgUser(path.join(bin, "pg_ctl"), [
      "-D",
      data,
      "-l",
      path.join(dir, "pg.log"),
      "-o",
      opts,
      "-w",
      "-t",
      "60",
      "start",
    ]);
    if (r.status !== 0) {
      const tail = fs.existsSync(path.join(dir, "pg.log"))
        ? fs.readFileSync(path.join(dir, "pg.log"), "utf8").slice(-2000)
        : "";
      throw new Error(`Postgres did not start on port ${port}: ${r.stderr || r.stdout}\n${tail}`);
    }
  }
  const psql = path.join(bin, "psql");
  const admin = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  const exists = spawnSync(psql, [admin, "-tAc", `select 1 from pg_database where datname='${db}'`], {
    encoding: "utf8",
  });
  if (exists.status !== 0) throw new Error(`cannot reach Postgres on port ${port}: ${exists.stderr}`);
  if (exists.stdout.trim() !== "1") {
    const r = spawnSync(psql, [admin, "-c", `create database "${db}"`], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`create database failed: ${r.stderr}`);
  }
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/${db}`,
    stop: () => asPgUser(path.join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"]),
  };
}

/** Starts redis-server in `dir` on 127.0.0.1:`port`. Persistent mode uses append-only files. */
export async function startRedis({ dir, port, persistent = false }) {
  const bin = findRedisServer();
  if (!bin) throw new Error("redis-server not found (install the redis-server package)");
  fs.mkdirSync(dir, { recursive: true });
  const args = [
    "--daemonize",
    "yes",
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--dir",
    dir,
    "--pidfile",
    path.join(dir, "redis.pid"),
    "--logfile",
    path.join(dir, "redis.log"),
    // BullMQ requires that Redis never evicts keys.
    "--maxmemory-policy",
    "noeviction",
    ...(persistent ? ["--appendonly", "yes", "--save", "60 1"] : ["--appendonly", "no", "--save", ""]),
  ];
  const r = spawnSync(bin, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`redis-server failed: ${r.stderr || r.stdout}`);
  // The port may have been taken between choosing it and binding it; then our redis-server
  // exits and another one answers there. Only trust a server whose data folder is ours.
  let ours = false;
  for (let i = 0; i < 100 && !ours; i++) {
    const dirReply = spawnSync("redis-cli", ["-p", String(port), "config", "get", "dir"], { encoding: "utf8" });
    ours = dirReply.status === 0 && dirReply.stdout.split("\n").some((l) => l.trim() === fs.realpathSync(dir));
    if (!ours) await new Promise((res) => setTimeout(res, 50));
  }
  if (!ours) {
    const log = fs.existsSync(path.join(dir, "redis.log"))
      ? fs.readFileSync(path.join(dir, "redis.log"), "utf8").slice(-1000)
      : "";
    throw new Error(`Redis did not start on port ${port} (port taken?)\n${log}`);
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      spawnSync("redis-cli", ["-p", String(port), "shutdown", persistent ? "save" : "nosave"], { encoding: "utf8" }),
  };
}

export const tmpRoot = () => fs.mkdtempSync(path.join(os.tmpdir(), "portal-"));
