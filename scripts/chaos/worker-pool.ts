// Worker processes for the chaos run, reusable by anything that needs real workers it can kill
// (the operations' metrics check can start a pool and scrape each worker). Each worker is the
// compiled worker exactly as `npm run worker` runs it (scripts/lib/worker-build.mjs), with its
// output appended to its own log file, so a long run keeps nothing in memory.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ensureWorkerBuilt, WORKER_ENV, WORKER_NODE_ARGS } from "../lib/worker-build.mjs";

const root = path.resolve(import.meta.dirname, "../..");

export type PoolWorker = { index: number; generation: number; child: ChildProcess; logFile: string };

export type WorkerPool = {
  workers: () => readonly PoolWorker[];
  /** SIGKILLs worker `index` (no shutdown, no release: a crash) and starts a new one in its place. */
  killAndReplace: (index: number, delayMs?: number) => Promise<void>;
  /** SIGTERM to all, waits for them to exit (SIGKILL after `graceMs`). */
  stop: (graceMs?: number) => Promise<void>;
  /** Every log line written so far by every worker generation. */
  logs: () => string;
};

export async function startWorkerPool(opts: {
  count: number;
  env: Record<string, string>;
  logDir: string;
  /** Resolves once each worker printed this; default: the worker's own start line. */
  readyPattern?: RegExp;
  /** Worker `i` serves its health and metrics port at base + i (it keeps that port when replaced). */
  metricsPortBase?: number;
}): Promise<WorkerPool> {
  fs.mkdirSync(opts.logDir, { recursive: true });
  const current: PoolWorker[] = [];
  const ready = opts.readyPattern ?? /worker started/;

  const spawnOne = (index: number, generation: number): Promise<PoolWorker> => {
    const logFile = path.join(opts.logDir, `worker-${index}-${generation}.log`);
    const out = fs.openSync(logFile, "a");
    ensureWorkerBuilt();
    const child = spawn(process.execPath, WORKER_NODE_ARGS, {
      cwd: root,
      env: {
        ...process.env,
        ...WORKER_ENV,
        ...opts.env,
        ...(opts.metricsPortBase ? { WORKER_HEALTH_PORT: String(opts.metricsPortBase + index) } : {}),
      },
      stdio: ["ignore", out, out],
    });
    fs.closeSync(out);
    const w = { index, generation, child, logFile };
    current[index] = w;
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const check = setInterval(() => {
        if (ready.test(fs.readFileSync(logFile, "utf8"))) {
          clearInterval(check);
          resolve(w);
        } else if (child.exitCode !== null || Date.now() - started > 60_000) {
          clearInterval(check);
          reject(new Error(`worker ${index} did not start; see ${logFile}`));
        }
      }, 100);
    });
  };

  await Promise.all(Array.from({ length: opts.count }, (_, i) => spawnOne(i, 0)));
  const exited = (c: ChildProcess) =>
    c.exitCode !== null || c.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((r) => c.once("exit", () => r()));

  return {
    workers: () => current,
    killAndReplace: async (index, delayMs = 0) => {
      const old = current[index]!;
      old.child.kill("SIGKILL");
      await exited(old.child);
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      await spawnOne(index, old.generation + 1);
    },
    stop: async (graceMs = 15_000) => {
      await Promise.all(
        current.map(async (w) => {
          w.child.kill("SIGTERM");
          const timer = setTimeout(() => w.child.kill("SIGKILL"), graceMs);
          await exited(w.child);
          clearTimeout(timer);
        }),
      );
    },
    logs: () =>
      fs
        .readdirSync(opts.logDir)
        .filter((f) => f.startsWith("worker-"))
        .map((f) => fs.readFileSync(path.join(opts.logDir, f), "utf8"))
        .join(""),
  };
}
