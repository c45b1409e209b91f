// `node scripts/build-worker.mjs [--if-stale]`: bundles the worker into dist/worker/main.mjs
// (scripts/lib/worker-build.mjs). `npm run worker` runs it with --if-stale first (npm's
// preworker); the Dockerfile runs it without, in the build stage.
import { buildWorker, ensureWorkerBuilt } from "./lib/worker-build.mjs";

if (process.argv.includes("--if-stale")) ensureWorkerBuilt((m) => console.log(m));
else {
  const r = buildWorker();
  console.log(`compiled the worker: ${r.inputs} source files in ${r.ms} ms → dist/worker/main.mjs`);
}
