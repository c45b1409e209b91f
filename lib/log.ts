// Structured JSON logs, one line per event. Callers pass ids and classified facts only; as a
// second line of defence any field whose name suggests a secret is dropped, never printed.
import { env } from "@/lib/env";
import { activeTraceIds } from "@/lib/tracing/spans";

type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_NAME = /pass(word)?|secret|token|key|authorization|cookie|sealed/i;

function threshold(): number {
  try {
    return ORDER[env().LOG_LEVEL];
  } catch {
    return ORDER.info;
  }
}

let base: Record<string, unknown> = {};

/** Fields added to every line of this process (e.g. the worker id). */
export function setLogContext(fields: Record<string, unknown>): void {
  base = { ...base, ...fields };
}

function clean(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (SECRET_NAME.test(k)) continue;
    out[k] = v instanceof Error ? { name: v.name, message: v.message } : v;
  }
  return out;
}

function write(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  if (ORDER[level] < threshold()) return;
  // The active span's ids join this line to its trace (docs/observability.md).
  const ids = activeTraceIds();
  const line = JSON.stringify({ t: new Date().toISOString(), level, msg, ...clean(base), ...ids, ...clean(fields) });
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(`${line}\n`);
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write("debug", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write("info", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write("warn", msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write("error", msg, fields),
};
