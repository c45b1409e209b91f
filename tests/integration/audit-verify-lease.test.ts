// One recorded verification of the audit chain at a time (docs/operations.md "Verify the audit
// chain"): a run holds the lease `audit-chain-verification` (lib/run-lease.ts) and keeps it alive;
// one asked for meanwhile, from the page or the command, starts nothing and says who started the
// running one; a lease left by a process that died is taken over once its heartbeat is stale.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit/record-audit";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { db, disconnectDb } from "@/lib/db";
import { verifyChainFromPage } from "@/lib/support/audit-verify";
import { makeUser } from "../factories";

const LEASE = "audit-chain-verification";
const noLease = () => db().$executeRaw`DELETE FROM run_lease WHERE name = ${LEASE}`;
beforeEach(async () => {
  await noLease();
  // A log with a row in it: a run over an empty one has no highest id to wait for writers below,
  // and would not wait for the writer the tests hold open (verify-chain.ts).
  await recordAudit(db(), { actor: { type: "system", label: "test" }, action: "test.lease_row" });
});
// Never left held: a later file's verification would be refused as running.
afterEach(noLease);
afterAll(disconnectDb);

/** The lease as another run left it, its heartbeat `agoSeconds` old. */
async function heldElsewhere(agoSeconds: number, by = "someone@example.com") {
  await db().$executeRaw`INSERT INTO run_lease (name, holder, started_at, heartbeat_at, started_by)
    VALUES (${LEASE}, ${randomUUID()}::uuid, now() - interval '10 minutes',
            now() - ${`${agoSeconds} seconds`}::interval, ${by})`;
}

/**
 * An audit writer in flight, in a session of its own: a recorded run waits for it before it
 * counts (verify-chain.ts), so the run is still going while the test looks. `end` commits it.
 */
async function writerHeldOpen() {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  await c.query("BEGIN");
  await c.query("LOCK TABLE audit_event IN ROW EXCLUSIVE MODE");
  return {
    end: async () => {
      await c.query("COMMIT");
      await c.end();
    },
  };
}

const lease = () => db().$queryRaw<{ holder: string; heartbeat_at: Date }[]>`
  SELECT holder::text, heartbeat_at FROM run_lease WHERE name = ${LEASE}`;

const askedBy = (userId: string) =>
  db().auditEvent.count({ where: { action: "audit.chain_verified", actorId: userId } });

describe("one verification of the audit chain at a time", () => {
  it("a second one asked for while the first runs is not started, and says who started the first and when", async () => {
    const [first, second] = [await makeUser("support"), await makeUser("support")];
    const writer = await writerHeldOpen();
    const running = verifyChainFromPage(first);
    running.catch(() => undefined);
    try {
      for (let i = 0; i < 200 && (await lease()).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      const before = await db().auditVerification.count();
      const refused = await verifyChainFromPage(second);
      expect(refused).toEqual({ running: { startedAt: expect.any(Date), startedBy: first.email } });
      expect(await db().auditVerification.count()).toBe(before);
      expect(await askedBy(second.id)).toBe(0);
    } finally {
      await writer.end();
    }
    expect(await running).toMatchObject({ ok: true });
    expect(await askedBy(first.id)).toBe(1);
    // Released when it ended: the next one runs.
    expect(await lease()).toEqual([]);
    expect(await verifyChainFromPage(second)).toMatchObject({ ok: true });
  });

  it("a lease whose heartbeat is fresh holds a run back; one silent for over 2 minutes is taken over", async () => {
    const support = await makeUser("support");
    await heldElsewhere(30);
    expect(await verifyChainFromPage(support)).toEqual({
      running: { startedAt: expect.any(Date), startedBy: "someone@example.com" },
    });
    await db().$executeRaw`DELETE FROM run_lease WHERE name = ${LEASE}`;
    await heldElsewhere(150);
    expect(await verifyChainFromPage(support)).toMatchObject({ ok: true });
    expect(await lease()).toEqual([]);
  });

  it("keeps its heartbeat while it runs", async () => {
    const writer = await writerHeldOpen();
    const run = verifyAuditChain({ heartbeatMs: 50, startedBy: "test" });
    run.catch(() => undefined);
    try {
      for (let i = 0; i < 200 && (await lease()).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      const [taken] = await lease();
      await new Promise((r) => setTimeout(r, 300));
      const [later] = await lease();
      expect(later?.holder).toBe(taken?.holder);
      expect(later!.heartbeat_at.getTime()).toBeGreaterThan(taken!.heartbeat_at.getTime());
    } finally {
      await writer.end();
    }
    expect((await run).ok).toBe(true);
  });

  it("a run whose lease another took over stops before its next batch and records nothing", async () => {
    const writer = await writerHeldOpen();
    const run = verifyAuditChain({ heartbeatMs: 50, startedBy: "test" });
    run.catch(() => undefined);
    const before = await db().auditVerification.count();
    try {
      for (let i = 0; i < 200 && (await lease()).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      // Another run took it over, as after 2 minutes of silence; the next heartbeat finds it gone.
      await db().$executeRaw`UPDATE run_lease SET holder = ${randomUUID()}::uuid WHERE name = ${LEASE}`;
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await writer.end();
    }
    await expect(run).rejects.toThrow("another run took it over");
    expect(await db().auditVerification.count()).toBe(before);
    // The other run's lease is left to it.
    expect(await lease()).toHaveLength(1);
  });

  it("a verification that only reads (record: false) takes no lease and runs beside one", async () => {
    await heldElsewhere(0);
    expect((await verifyAuditChain({ record: false })).ok).toBe(true);
    expect(await lease()).toHaveLength(1);
  });

  it("`npm run audit:verify` starts nothing while another runs: it says so and exits 2", async () => {
    await heldElsewhere(0, "ops@example.com");
    const before = await db().auditVerification.count();
    const ran = await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/audit-verify.ts"], {
      env: process.env,
    }).then(
      () => ({ code: 0, stderr: "" }),
      (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr }),
    );
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain("audit verification not started: another verification of the audit chain is running");
    expect(ran.stderr).toContain("by ops@example.com");
    expect(await db().auditVerification.count()).toBe(before);
  });
});
