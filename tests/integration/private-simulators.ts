// Simulators of the calling test file's own. A file that resets simulator state (ids start again
// at 1) must not reset the stack's shared simulators: orders other files left in the shared
// database hold those ids, and a reused id is "another order's resource" to the ownership rules
// (docs/reliability.md), as it would be upstream, where ids are never reused.
import { afterAll, beforeAll } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { type Simulators, startSimulators } from "@/simulators/main";

const KEYS = ["GROMMUNIO_API_URL", "SIM_GROMMUNIO_ORIGIN", "QBOXMAIL_API_URL", "SIM_QBOXMAIL_ORIGIN"] as const;

/** Call at the top of a test file: its tests then talk to simulators no other file sees. */
export function privateSimulatorsForThisFile(): void {
  let sims: Simulators | undefined;
  const saved: Partial<Record<(typeof KEYS)[number], string>> = {};
  beforeAll(async () => {
    sims = await startSimulators();
    for (const k of KEYS) saved[k] = process.env[k];
    Object.assign(process.env, {
      GROMMUNIO_API_URL: sims.grommunioUrl,
      SIM_GROMMUNIO_ORIGIN: sims.grommunioOrigin,
      QBOXMAIL_API_URL: sims.qboxmailUrl,
      SIM_QBOXMAIL_ORIGIN: sims.qboxmailUrl,
    });
    resetEnvCache();
  });
  afterAll(async () => {
    for (const k of KEYS) process.env[k] = saved[k];
    resetEnvCache();
    await sims?.close();
  });
}
