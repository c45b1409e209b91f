// Spawns the real worker as a child process for integration tests and benchmarks: the compiled
// bundle `npm run worker` and the container start (scripts/lib/worker-build.mjs; rebuilt here when
// a source changed), with the same node arguments. Captures its output (so tests can search it for
// secrets), and stops or kills it.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { ensureWorkerBuilt, WORKER_ENV, WORKER_NODE_ARGS } from "./worker-build.mjs";

export type WorkerProcess = {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output: () => string;
  waitForOutput: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
  /** SIGTERM, then waits for the exit; resolves to the exit code. */
  stop: (timeoutMs?: number) => Promise<number | null>;
  kill: () => Promise<void>;
  exited: Promise<number | null>;
};

const root = path.resolve(import.meta.dirname, "../..");
const all: WorkerProcess[] = [];

/** Test-speed defaults: fast relay, heartbeats and retries; callers may override any of them. */
export function spawnWorker(extraEnv: Record<string, string> = {}, extraNodeArgs: string[] = []): WorkerProcess {
  ensureWorkerBuilt();
  // node itself, no wrapper (npm, a shell): a SIGKILL must hit the worker, not a parent that would
  // leave the real worker running.
  const child = spawn(process.execPath, [...extraNodeArgs, ...WORKER_NODE_ARGS], {
    cwd: root,
    env: {
      ...process.env,
      ...WORKER_ENV,
      LOG_LEVEL: "debug",
      RELAY_INTERVAL_MS: "200",
      WORKER_HEARTBEAT_MS: "500",
      RETRY_BASE_MS: "50",
      RETRY_MAX_MS: "500",
      WORKER_SHUTDOWN_GRACE_MS: "3000",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString("utf8");
    for (const l of listeners) l();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const wp: WorkerProcess = {
    child,
    output: () => out,
    exited,
    waitForOutput: (pattern, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(out)) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`worker output did not match ${pattern} within ${timeoutMs} ms:\n${out.slice(-3000)}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
    stop: async (timeoutMs = 20_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGKILL");
      await exited;
    },
  };
  all.push(wp);
  return wp;
}

/** For afterAll/afterEach: kills every worker this test file started and did not stop. */
export async function killAllWorkers(): Promise<void> {
  await Promise.all(all.splice(0).map((w) => w.kill()));
}
