// E2E tier setup: real Postgres, Redis and simulators (startStack), demo seed data, a production
// build of the web app on a free port, and the worker. Tests get the base URL via inject("baseUrl")
// and the stack's settings via process.env (setup-env.ts).
import { execFile } from "node:child_process";
import fs from "node:fs";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";
import { freePort } from "../../scripts/lib/services.mjs";
import { type StackEnv, startStack } from "../../scripts/lib/stack";
import { assertChromium } from "./e2e/browser";
import { buildApp, type Proc, startWeb, startWorker, waitForHttp } from "./e2e/web";

declare module "vitest" {
  export interface ProvidedContext {
    stackEnv: StackEnv;
    baseUrl: string;
  }
}

const execFileAsync = promisify(execFile);

// Its own build folder, so the e2e run never replaces the build a running `npm run demo` serves.
// tsconfig.json lists it, otherwise `next build` would rewrite tsconfig.json.
const DIST_DIR = ".next-e2e";

export default async function setup(project: TestProject) {
  assertChromium();
  const stack = await startStack();
  const procs: Proc[] = [];
  const teardown = async () => {
    for (const p of procs.reverse()) await p.stop();
    await stack.stop();
  };
  try {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    // next-auth v4 reads NEXTAUTH_URL from the process environment; it must match the origin.
    // Webhook receivers in the e2e tests listen on loopback, which production refuses by default.
    const env: StackEnv = {
      ...stack.env,
      APP_URL: baseUrl,
      NEXTAUTH_URL: baseUrl,
      WEBHOOK_ALLOW_PRIVATE_TARGETS: "true",
      WEBHOOK_POLL_MS: "200",
      // The service page re-reads its provider this often, so its tests wait seconds, not half minutes.
      SERVICE_PAGE_REFRESH_SECONDS: "3",
      // Operations endpoints (tests/e2e/ops-endpoints.test.ts).
      METRICS_TOKEN: "e2e-metrics-token-0123456789",
      WORKER_HEALTH_PORT: String(await freePort()),
    };

    // Not spawnSync: the seed registers the shared grommunio server on the simulators, which run
    // in this process and must stay free to answer.
    await execFileAsync("node_modules/.bin/tsx", ["prisma/seed.ts", "--demo", "--share-grommunio-server"], {
      env: { ...process.env, ...env },
      encoding: "utf8",
    }).catch((err: { stderr?: string }) => {
      throw new Error(`seed failed:\n${err.stderr ?? err}`);
    });

    const seconds = await buildApp(DIST_DIR, env, stack.root);
    console.log(`[e2e] next build: ${seconds.toFixed(1)} s`);

    const web = startWeb(DIST_DIR, port, env, stack.root);
    procs.push(web);
    await waitForHttp(`${baseUrl}/login`, web);
    const worker = startWorker(env, stack.root);
    if (worker) procs.push(worker);
    else console.warn("[e2e] workers/main.ts not found: running without a worker");

    project.provide("stackEnv", env);
    project.provide("baseUrl", baseUrl);
  } catch (err) {
    await teardown();
    throw err;
  }
  return async () => {
    await teardown();
    fs.rmSync(DIST_DIR, { recursive: true, force: true });
  };
}
