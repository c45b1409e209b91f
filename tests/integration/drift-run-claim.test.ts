// Which drift run goes ahead (docs/lifecycle.md "Drift check"): never two at once, and a run whose
// worker died does not hold back the next one. The claim used to count a run still open as going
// on for an hour, so a worker killed mid-run stopped every drift check for that hour.
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { runDriftCheck } from "@/lib/services/drift";
import { clearFaults, fault } from "./pipeline-fixtures";

afterAll(async () => {
  await clearFaults();
  await disconnectDb();
});

const quick = { perPage: 100, pauseMs: 0, minIntervalMs: 0 };

describe("the drift run's claim", () => {
  it("goes ahead beside a run left open by a worker that died, and closes that one as stopped", async () => {
    // What a worker killed mid-run leaves: a run started five minutes ago, never finished.
    const dead = await db().driftRun.create({ data: { startedAt: new Date(Date.now() - 5 * 60_000) } });
    const run = await runDriftCheck(quick);
    expect(run.ran).toBe(true);
    const closed = await db().driftRun.findUniqueOrThrow({ where: { id: dead.id } });
    expect(closed.finishedAt).not.toBeNull();
    expect(closed.message).toBe("stopped before it finished: its worker ended");
    // The run itself finished and says so.
    const last = await db().driftRun.findFirstOrThrow({ orderBy: { startedAt: "desc" } });
    expect(last.id).not.toBe(dead.id);
    expect(last.finishedAt).not.toBeNull();
  });

  it("does not start a second run while one is going on, and goes ahead once it has finished", async () => {
    // The first list read of the run answers late, so the run is still going when the second asks.
    await fault("grommunio", { method: "GET", path: "/system/servers", count: 1, action: "delay", ms: 1_500 });
    const first = runDriftCheck(quick);
    // Its claim is taken once its row is written; the list read it then waits on lasts 1.5 s.
    while ((await db().driftRun.count({ where: { finishedAt: null } })) === 0)
      await new Promise((r) => setTimeout(r, 20));
    const second = await runDriftCheck(quick);
    expect(second.ran).toBe(false);
    expect((await first).ran).toBe(true);
    // The first one's end frees the claim at once, without a wait for any timeout.
    expect((await runDriftCheck(quick)).ran).toBe(true);
    expect(await db().driftRun.count({ where: { finishedAt: null } })).toBe(0);
  });
});
