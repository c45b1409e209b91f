// The compiled worker (docs/benchmarks/worker.md "Compiled worker"): workers/main.ts and the lib/ code it
// imports bundled by esbuild into one ES module, dist/worker/main.mjs, which plain `node` runs
// with no TypeScript loader (the loader alone cost about 100 MB of RSS and CPU at start-up).
// Packages from node_modules stay external, so native modules (argon2) and Prisma's WASM engine
// load exactly as they do in the web app. esbuild resolves the `@/` alias from tsconfig.json.
// Build on demand: ensureWorkerBuilt() rebuilds only when the bundle is missing or one of the
// files it was built from (listed in dist/worker/inputs.json) changed since.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const OUT_DIR = path.join(root, "dist", "worker");
/** The file `npm run worker`, the container, the tests and the benchmarks start. */
export const WORKER_BUNDLE = path.join(OUT_DIR, "main.mjs");
/**
 * node's arguments for the worker, relative to the repository root: exactly `npm run worker`'s
 * and the container's command (scripts/check-ops.mjs compares them). The capped old-space heap
 * keeps V8 from holding on to the heap it grew under load.
 */
export const WORKER_NODE_ARGS = ["--max-old-space-size=128", "dist/worker/main.mjs"];
/**
 * The worker's environment on top of the caller's. glibc gives every thread that mallocs its own
 * 64 MB arena and keeps freed memory there: V8's background compiler threads left 60-75 MB of
 * RSS behind at start-up. Two arenas measured 140-146 MB idle instead of 196-201 MB
 * (docs/benchmarks.md). The Dockerfile sets the same ENV; `npm run worker` prefixes it.
 */
export const WORKER_ENV = { MALLOC_ARENA_MAX: "2" };
const INPUTS = path.join(OUT_DIR, "inputs.json");
// Besides the bundled sources: a changed build recipe or path alias also means a new bundle.
const ALWAYS_INPUTS = ["scripts/lib/worker-build.mjs", "tsconfig.json", "package.json"];

/** Why the bundle must be (re)built, or undefined when it is current. */
export function workerBuildStale() {
  if (!fs.existsSync(WORKER_BUNDLE) || !fs.existsSync(INPUTS)) return "no compiled worker yet";
  let recorded;
  try {
    recorded = JSON.parse(fs.readFileSync(INPUTS, "utf8"));
  } catch {
    return "dist/worker/inputs.json is unreadable";
  }
  for (const file of [...recorded.inputs, ...ALWAYS_INPUTS]) {
    let mtime;
    try {
      mtime = fs.statSync(path.join(root, file)).mtimeMs;
    } catch {
      return `${file} is gone`;
    }
    if (mtime > recorded.builtAt) return `${file} changed`;
  }
  return undefined;
}

/** Bundles the worker. Writes to temporary names first: a concurrent reader never sees half a file. */
export function buildWorker() {
  const builtAt = Date.now();
  const result = buildSync({
    absWorkingDir: root,
    entryPoints: ["workers/main.ts"],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    tsconfig: "tsconfig.json",
    outfile: WORKER_BUNDLE,
    // A source map beside the bundle for `node --enable-source-maps` when a stack trace must name
    // the .ts line; not enabled by default (it costs memory on every stack trace).
    sourcemap: "linked",
    metafile: true,
    write: false,
    logLevel: "warning",
    legalComments: "none",
  });
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const tag = `.tmp-${process.pid}`;
  for (const f of result.outputFiles) fs.writeFileSync(f.path + tag, f.contents);
  for (const f of result.outputFiles) fs.renameSync(f.path + tag, f.path);
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith("node_modules/"));
  fs.writeFileSync(INPUTS + tag, JSON.stringify({ builtAt, inputs }, null, 1));
  fs.renameSync(INPUTS + tag, INPUTS);
  return { ms: Date.now() - builtAt, inputs: inputs.length };
}

/** Builds when missing or stale; returns the bundle's path. `say` reports a rebuild and why. */
export function ensureWorkerBuilt(say = () => {}) {
  const why = workerBuildStale();
  if (why) {
    const r = buildWorker();
    say(`compiled the worker (${why}): ${r.inputs} source files in ${r.ms} ms → dist/worker/main.mjs`);
  }
  return WORKER_BUNDLE;
}
