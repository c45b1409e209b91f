// The production web app (and the worker) for the e2e tier: `next build` into a folder of its
// own, then `next start` on a free port against the test stack. Output goes to log files whose
// tail is shown when something fails to start.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { stopChild } from "../../../scripts/lib/stop-child.mjs";
import { ensureWorkerBuilt, WORKER_ENV, WORKER_NODE_ARGS } from "../../../scripts/lib/worker-build.mjs";

export type Proc = { name: string; child: ChildProcess; log: string; stop: () => Promise<void> };

const NEXT = "node_modules/.bin/next";

function tail(file: string, chars = 3000): string {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").slice(-chars) : "";
}

/** `next build` into distDir; throws with the build's output on failure. Returns seconds taken. */
export async function buildApp(distDir: string, env: Record<string, string>, logDir: string): Promise<number> {
  const log = path.join(logDir, "next-build.log");
  const started = Date.now();
  // Asynchronous, so that vitest stays responsive (Ctrl-C) during the build.
  const out = fs.openSync(log, "w");
  const child = spawn(NEXT, ["build"], {
    env: { ...process.env, ...env, NODE_ENV: "production", NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", out, out],
  });
  fs.closeSync(out);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (c) => resolve(c));
  });
  if (code !== 0) throw new Error(`next build failed (exit ${code}):\n${tail(log, 6000)}`);
  return (Date.now() - started) / 1000;
}

function startProcess(name: string, cmd: string, args: string[], env: Record<string, string>, logDir: string): Proc {
  const log = path.join(logDir, `${name}.log`);
  const out = fs.openSync(log, "a");
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ["ignore", out, out] });
  fs.closeSync(out);
  return { name, child, log, stop: () => stopChild(child) };
}

export function startWeb(
  distDir: string,
  port: number,
  env: Record<string, string>,
  logDir: string,
  nodeArgs: string[] = [],
): Proc {
  return startProcess(
    "web",
    process.execPath,
    [...nodeArgs, "scripts/server.mjs", "-H", "127.0.0.1", "-p", String(port)],
    {
      ...env,
      NODE_ENV: "production",
      NEXT_DIST_DIR: distDir,
      NEXT_TELEMETRY_DISABLED: "1",
    },
    logDir,
  );
}

/** The worker, when its entry exists (it is written separately from the web app). */
export function startWorker(env: Record<string, string>, logDir: string): Proc | null {
  if (!fs.existsSync("workers/main.ts")) return null;
  // The compiled worker, as `npm run worker` starts it (rebuilt when a source changed).
  ensureWorkerBuilt();
  return startProcess(
    "worker",
    process.execPath,
    WORKER_NODE_ARGS,
    { ...env, ...WORKER_ENV, NODE_ENV: "production" },
    logDir,
  );
}

/** Resolves once `url` answers, or throws with the process log when it dies or times out. */
export async function waitForHttp(url: string, proc: Proc, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null)
      throw new Error(`${proc.name} exited (${proc.child.exitCode}):\n${tail(proc.log)}`);
    try {
      const res = await fetch(url, { redirect: "manual" });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${proc.name} did not answer ${url} within ${timeoutMs} ms:\n${tail(proc.log)}`);
}
