// Which drift run goes ahead (docs/lifecycle.md "Drift check"): never two at once, and a run whose
// worker died (its sign of life no longer written) does not hold back the next one. The claim used
// to count a run still open as going on for an hour, so a worker killed mid-run stopped every
// drift check for that hour.
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { runDriftCheck } from "@/lib/services/drift";
import { createUpstream } from "./another-client";
import { clearFaults, fault, forms } from "./pipeline-fixtures";

const started = new Date();
afterAll(async () => {
  // The runs here see the whole shared database: what they opened is closed again, so no other
  // file's drift pages meet it.
  await db().driftFinding.updateMany({
    where: { detectedAt: { gte: started }, resolvedAt: null },
    data: { resolvedAt: new Date(), resolution: "dismissed" },
  });
  await clearFaults();
  await disconnectDb();
});

const quick = { perPage: 100, pauseMs: 0, minIntervalMs: 0 };

describe("the drift run's claim", () => {
  it("goes ahead beside a run left open by a worker that died, and closes that one as stopped", async () => {
    // What a worker killed mid-run leaves: a run started five minutes ago, never finished, its
    // last sign of life three minutes old.
    const dead = await db().driftRun.create({
      data: { startedAt: new Date(Date.now() - 5 * 60_000), heartbeatAt: new Date(Date.now() - 3 * 60_000) },
    });
    // And one of a worker from before the sign of life, left open two hours ago.
    const older = await db().driftRun.create({ data: { startedAt: new Date(Date.now() - 2 * 3_600_000) } });
    const run = await runDriftCheck(quick);
    expect(run.ran).toBe(true);
    for (const left of [dead, older]) {
      const closed = await db().driftRun.findUniqueOrThrow({ where: { id: left.id } });
      expect(closed.finishedAt).not.toBeNull();
      expect(closed.message).toBe("stopped before it finished: its worker ended");
    }
    // The run itself finished and says so.
    const last = await db().driftRun.findFirstOrThrow({ orderBy: { startedAt: "desc" } });
    expect(last.id).not.toBe(dead.id);
    expect(last.finishedAt).not.toBeNull();
  });

  it("does not go ahead beside a run whose sign of life is fresh, or one of a worker from before it", async () => {
    for (const going of [
      { startedAt: new Date(Date.now() - 30 * 60_000), heartbeatAt: new Date(Date.now() - 10_000) },
      // A worker of the previous version, during a rolling deploy: an hour, as its rule was.
      { startedAt: new Date(Date.now() - 30 * 60_000), heartbeatAt: null },
    ]) {
      const other = await db().driftRun.create({ data: going });
      try {
        expect((await runDriftCheck(quick)).ran).toBe(false);
        expect((await db().driftRun.findUniqueOrThrow({ where: { id: other.id } })).finishedAt).toBeNull();
      } finally {
        await db().driftRun.update({ where: { id: other.id }, data: { finishedAt: new Date() } });
      }
    }
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

  it("stops at its next kind once another claim has closed it, rather than run beside the next run", async () => {
    // A domain at Qboxmail, a kind the run reads after grommunio's servers.
    const stray = await createUpstream("qboxmail", "/api/domains", forms.qboxmail_domain());
    expect(stray.status).toBe(201);
    const full = await runDriftCheck(quick);
    expect(full.ran).toBe(true);
    expect(full.scanned).toBeGreaterThan(0);
    // A run that ended on its own says nothing of being closed or stopped (whatever else other
    // files' services give it to say).
    const [clean] = await db().driftRun.findMany({ orderBy: { startedAt: "desc" }, take: 1 });
    expect(clean!.scanned).toBe(full.scanned);
    expect(clean!.message ?? "").not.toMatch(/stopped|went on/);
    // The first list (grommunio's servers) answers late; meanwhile the run is closed as a claim
    // closes one whose sign of life went unwritten too long.
    await fault("grommunio", { method: "GET", path: "/system/servers", count: 1, action: "delay", ms: 1_500 });
    const stopped = runDriftCheck({ ...quick, heartbeatMs: 100 });
    while ((await db().driftRun.count({ where: { finishedAt: null } })) === 0)
      await new Promise((r) => setTimeout(r, 20));
    const [closed] = await db().driftRun.findMany({ where: { finishedAt: null } });
    const closedAt = new Date();
    await db().driftRun.update({
      where: { id: closed!.id },
      data: { finishedAt: closedAt, message: "stopped before it finished: its worker ended" },
    });
    const result = await stopped;
    // It read the first kind only: fewer services than the whole run before it.
    expect(result.scanned).toBeLessThan(full.scanned);
    // Its row keeps the closer's end and words, and has what the run checked beside them.
    const row = await db().driftRun.findUniqueOrThrow({ where: { id: closed!.id } });
    expect(row.finishedAt).toEqual(closedAt);
    expect(row.scanned).toBe(result.scanned);
    // One problem per line, each a portal text the drift page words in the viewer's language.
    expect(row.message?.split("\n")[0]).toBe("stopped before it finished: its worker ended");
    expect(row.message).toContain("stopped: another worker took the run over");
    expect(row.message).not.toContain("went on");
  });

  it("a run closed elsewhere that went on unawares to its end says so beside the closer's words", async () => {
    await fault("grommunio", { method: "GET", path: "/system/servers", count: 1, action: "delay", ms: 1_000 });
    // No sign of life within the run: it never learns that it was closed.
    const going = runDriftCheck({ ...quick, heartbeatMs: 600_000 });
    while ((await db().driftRun.count({ where: { finishedAt: null } })) === 0)
      await new Promise((r) => setTimeout(r, 20));
    const [open] = await db().driftRun.findMany({ where: { finishedAt: null } });
    await db().driftRun.update({
      where: { id: open!.id },
      data: { finishedAt: new Date(), message: "stopped before it finished: its worker ended" },
    });
    const result = await going;
    const row = await db().driftRun.findUniqueOrThrow({ where: { id: open!.id } });
    expect(row.scanned).toBe(result.scanned);
    expect(row.message?.split("\n").slice(0, 2)).toEqual([
      "stopped before it finished: its worker ended",
      "its worker went on all the same and finished it",
    ]);
  });
});
