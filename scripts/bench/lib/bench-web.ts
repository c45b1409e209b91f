// The production web app for the HTTP benchmarks (scripts/bench/http-*.ts): `next build` into a
// folder of its own (.next-bench, so a running demo's or e2e run's build is never replaced),
// rebuilt only when a source is newer than the build, then `node scripts/server.mjs` on a free
// port against the benchmark's stack, exactly as `npm start` serves it.
import fs from "node:fs";
import path from "node:path";
import { buildApp, type Proc, startWeb, waitForHttp } from "../../../tests/support/e2e/web";
import { freePort } from "../../lib/services.mjs";
import type { Stack } from "../../lib/stack";

const root = path.resolve(import.meta.dirname, "../../..");
const DIST_DIR = ".next-bench";
const SOURCES = ["app", "lib", "messages", "next.config.js", "package.json", "proxy.ts", "instrumentation.ts"];

function newestSource(p: string): number {
  const full = path.join(root, p);
  if (!fs.existsSync(full)) return 0;
  const st = fs.statSync(full);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(full)) if (e !== "generated") newest = Math.max(newest, newestSource(path.join(p, e)));
  return newest;
}

/** Builds when the last build is missing or older than a source file; returns seconds taken (0: reused). */
async function ensureBenchBuild(env: Record<string, string>, logDir: string): Promise<number> {
  const buildId = path.join(root, DIST_DIR, "BUILD_ID");
  const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  if (built > Math.max(...SOURCES.map(newestSource))) return 0;
  return buildApp(DIST_DIR, env, logDir);
}

/** Builds if needed and serves the app; `extra` goes to the web process's environment. */
export async function startBenchWeb(
  stack: Stack,
  extra: Record<string, string> = {},
): Promise<{ baseUrl: string; web: Proc; pid: number }> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = { ...stack.env, APP_URL: baseUrl, NEXTAUTH_URL: baseUrl, ...extra };
  // BENCH_WEB_DIST_DIR serves another, saved build as it is (never rebuilt): for back-to-back
  // runs of two versions at the same load (copy .next-bench aside after building the first).
  const saved = process.env.BENCH_WEB_DIST_DIR;
  const distDir = saved ?? DIST_DIR;
  if (saved) console.log(`next build: serving the saved build ${saved} as it is (BENCH_WEB_DIST_DIR)`);
  else {
    const seconds = await ensureBenchBuild(env, stack.root);
    console.log(seconds ? `next build: ${seconds.toFixed(0)} s` : "next build: reused .next-bench (no source changed)");
  }
  // BENCH_WEB_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, which NODE_OPTIONS refuses)
  // go to the served web process only, not to the build: how the web's CPU per request was profiled.
  const nodeArgs = (process.env.BENCH_WEB_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const web = startWeb(distDir, port, env, stack.root, nodeArgs);
  await waitForHttp(`${baseUrl}/login`, web);
  return { baseUrl, web, pid: web.child.pid! };
}
