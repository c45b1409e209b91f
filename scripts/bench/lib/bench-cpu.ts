// CPU time used by each part of a benchmark stack, from Linux /proc. On a shared 2-core machine
// wall-clock rates move with everyone else's load; CPU milliseconds per order do not (much), so
// the benchmarks print both: what was measured, and what the parts cost.
import fs from "node:fs";
import path from "node:path";

const TICK_MS = 10; // USER_HZ is 100 on Linux (getconf CLK_TCK).

type Stat = { ppid: number; self: number; children: number };

function stat(pid: number): Stat | undefined {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may contain spaces or parentheses: fields start after the last ")".
    const f = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
    // After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
    return {
      ppid: Number(f[1]),
      self: (Number(f[11]) + Number(f[12])) * TICK_MS,
      children: (Number(f[13]) + Number(f[14])) * TICK_MS,
    };
  } catch {
    return undefined;
  }
}

/** CPU ms of a process and all its descendants, live or already reaped. */
function treeCpuMs(root: number): number {
  const all = fs
    .readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
  const stats = new Map(all.map((pid) => [pid, stat(pid)] as const));
  const kids = new Map<number, number[]>();
  for (const [pid, s] of stats) if (s) kids.set(s.ppid, [...(kids.get(s.ppid) ?? []), pid]);
  let total = 0;
  const walk = (pid: number) => {
    const s = stats.get(pid) ?? stat(pid);
    if (!s) return;
    total += s.self + s.children;
    for (const k of kids.get(pid) ?? []) walk(k);
  };
  walk(root);
  return total;
}

// Postgres rewrites postmaster.pid in place now and then: a read may catch it half written.
function pidFile(file: string): number | undefined {
  for (let i = 0; i < 5; i++) {
    try {
      const pid = Number(fs.readFileSync(file, "utf8").split("\n")[0]);
      if (Number.isInteger(pid) && pid > 0) return pid;
    } catch {
      /* try again */
    }
  }
  return undefined;
}

/** stack.ts puts each service in <root>/<name> or, after a port clash, <root>/<name>-<attempt>. */
function servicePid(stackRoot: string, name: string, file: string): number | undefined {
  const dirs = fs.readdirSync(stackRoot).filter((d) => d === name || new RegExp(`^${name}-\\d+$`).test(d));
  for (const d of dirs.sort().reverse()) {
    if (!fs.existsSync(path.join(stackRoot, d, file))) continue;
    const pid = pidFile(path.join(stackRoot, d, file));
    if (pid && fs.existsSync(`/proc/${pid}`)) return pid;
  }
  return undefined;
}

export type CpuSnapshot = Record<"worker" | "postgres" | "redis" | "bench", number>;

/**
 * CPU ms so far of the worker process, the stack's Postgres (postmaster and backends) and
 * Redis, and this process (which also runs the simulators and, in some benchmarks, placeOrder).
 */
export function cpuSnapshot(stackRoot: string, workerPid?: number): CpuSnapshot {
  const pg = servicePid(stackRoot, "pg", path.join("data", "postmaster.pid"));
  const redis = servicePid(stackRoot, "redis", "redis.pid");
  const me = process.cpuUsage();
  return {
    worker: workerPid ? treeCpuMs(workerPid) : 0,
    // NaN (printed "n/a") rather than a wrong zero when a pid file could not be read.
    postgres: pg ? treeCpuMs(pg) : NaN,
    redis: redis ? treeCpuMs(redis) : NaN,
    bench: (me.user + me.system) / 1000,
  };
}

export function cpuDelta(a: CpuSnapshot, b: CpuSnapshot): CpuSnapshot {
  return {
    worker: b.worker - a.worker,
    postgres: b.postgres - a.postgres,
    redis: b.redis - a.redis,
    bench: b.bench - a.bench,
  };
}

export type ThreadCpu = {
  main: number;
  otherThreads: number;
  user: number;
  system: number;
  /**
   * Minor page faults of the whole process (all threads): a count load does not move. Each is a
   * page the kernel maps (and zeroes) on first touch, e.g. V8 using young-generation pages it had
   * not touched before, so a heap setting that costs system time shows here.
   */
  minorFaults: number;
};

/**
 * CPU ms so far of one process by thread: its main thread (the event loop: JavaScript, the
 * scavenges' main part, syscalls) against all its other threads (V8's optimizing compiler and
 * concurrent/parallel GC helpers, libuv's pool), and user against system time. The main
 * thread's id is the pid. Threads that already exited are in neither part.
 */
export function threadCpu(pid: number): ThreadCpu {
  const out: ThreadCpu = { main: 0, otherThreads: 0, user: 0, system: 0, minorFaults: 0 };
  let tids: string[] = [];
  try {
    tids = fs.readdirSync(`/proc/${pid}/task`);
    const raw = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // After the name: state(0) ppid(1) pgrp(2) session(3) tty_nr(4) tpgid(5) flags(6) minflt(7).
    out.minorFaults = Number(raw.slice(raw.lastIndexOf(")") + 2).split(" ")[7]);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const raw = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const f = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
      const user = Number(f[11]) * TICK_MS;
      const system = Number(f[12]) * TICK_MS;
      out.user += user;
      out.system += system;
      if (Number(tid) === pid) out.main += user + system;
      else out.otherThreads += user + system;
    } catch {
      /* the thread ended between the listing and the read */
    }
  }
  return out;
}

export function threadCpuDelta(a: ThreadCpu, b: ThreadCpu): ThreadCpu {
  return {
    main: b.main - a.main,
    otherThreads: b.otherThreads - a.otherThreads,
    user: b.user - a.user,
    system: b.system - a.system,
    minorFaults: b.minorFaults - a.minorFaults,
  };
}
