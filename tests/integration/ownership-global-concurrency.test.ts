// Behaviour 8, "upstream capacity is global" (docs/reliability.md "Upstream capacity is
// global"): grommunio serves 4 requests at a time for the whole installation, so three worker
// processes together still send at most 4 at once (BullMQ global concurrency). The simulator
// counts the requests inside it at once; it does not limit them here, so a peak above 4 would
// show. Under this load no worker may report a deadlock (one lock order, docs/reliability.md).
import { describe, expect, it } from "vitest";
import { spawnWorker } from "../../scripts/lib/worker-process";
import { placeOrThrow } from "./ownership-kit";
import { forms, makeTenant, pipelineFileHooks, waitForOrder } from "./pipeline-fixtures";

const sim = (path: string, init?: RequestInit) => fetch(`${process.env.SIM_GROMMUNIO_ORIGIN}${path}`, init);
const flags = (body: Record<string, unknown>) =>
  sim("/__sim/grommunio/flags", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

pipelineFileHooks({
  teardown: async () => {
    await flags({ latencyMs: 0, workers: 4 });
  },
});

describe("upstream capacity is global", () => {
  // The upper bound is the rule. The lower one shows the global limit lets the requests overlap
  // rather than serialising them; whether all 4 are inside the simulator at the same instant
  // depends on scheduling (each job does database work between its requests), so 4 is not asserted.
  it("three workers send at most 4 grommunio requests at once, and at least 3 at their busiest", async () => {
    await flags({ latencyMs: 150, workers: 0 }); // slow enough to overlap; no limit of its own
    const t = await makeTenant({ limits: { maxServers: 100 } });
    const ids: string[] = [];
    // Placed before any worker runs, one after another: the workers then meet a backlog that can
    // fill every slot, however slowly a loaded machine places (placing is not what is measured,
    // and near the reseller's limit each placement takes a per-reseller lock).
    for (let n = 0; n < 36; n++) ids.push(await placeOrThrow(t, "grommunio_server", forms.grommunio_server()));
    await sim("/__sim/grommunio/concurrency", { method: "DELETE" });
    const workers = [1, 2, 3].map(() => spawnWorker({ GROMMUNIO_CONCURRENCY: "4", UPSTREAM_TIMEOUT_MS: "5000" }));
    await Promise.all(workers.map((w) => w.waitForOutput(/worker started/)));
    for (const id of ids)
      expect((await waitForOrder(id, (o) => o.status === "succeeded", 90_000)).status).toBe("succeeded");

    const { peak } = (await (await sim("/__sim/grommunio/concurrency")).json()) as { peak: number };
    expect(peak).toBeLessThanOrEqual(4);
    expect(peak).toBeGreaterThanOrEqual(3);
    for (const w of workers) expect(w.output()).not.toMatch(/deadlock/i);
  });
});
