// The audit check's count of rows (docs/operations.md "Verify the audit chain") on a busy system:
// an audit insert that holds an id below the highest one but has not committed when a run reads
// that id commits later. Left out of that run's count, it would make the next run's count too high
// by one and hide one deleted row.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit/record-audit";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { db, disconnectDb } from "@/lib/db";

afterAll(disconnectDb);

const actor = { type: "system", label: "test" } as const;
type AuditRow = Awaited<ReturnType<ReturnType<typeof db>["auditEvent"]["findFirstOrThrow"]>>;

/** A reseller of its own, so each row below is the last of a chain of its own. */
const newChain = async (name: string) =>
  (await db().reseller.create({ data: { name, slug: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}` } })).id;

async function committedRow(resellerId: string, action: string): Promise<AuditRow> {
  await recordAudit(db(), { actor, resellerId, action });
  return db().auditEvent.findFirstOrThrow({ where: { resellerId, action } });
}

/** An audit insert left uncommitted in a session of its own; `commit` ends it. */
async function insertHeldOpen(resellerId: string): Promise<{ commit: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query("BEGIN");
  await client.query(
    "INSERT INTO audit_event (actor_type, reseller_id, action) VALUES ('system', $1, 'inflight.held')",
    [resellerId],
  );
  return {
    commit: async () => {
      await client.query("COMMIT");
      await client.end();
    },
  };
}

/** What only a superuser can do: a row deleted with the append-only trigger switched off. */
const deleteAsSuperuser = (id: bigint) =>
  db().$transaction([
    db().$executeRawUnsafe("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update"),
    db().$executeRaw`DELETE FROM audit_event WHERE id = ${id}`,
    db().$executeRawUnsafe("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update"),
  ]);

/** Puts a deleted row back as it was (the chain trigger off, which would renumber it), so the log ends intact. */
const restoreRow = (gone: AuditRow) =>
  db().$transaction([
    db().$executeRawUnsafe("ALTER TABLE audit_event DISABLE TRIGGER audit_event_chain"),
    db()
      .$executeRaw`INSERT INTO audit_event (id, at, actor_type, actor_id, actor_label, reseller_id, order_id, action, before, after, reason, chain_key, chain_seq, prev_hash, hash)
      VALUES (${gone.id}, ${gone.at}, ${gone.actorType}, ${gone.actorId}, ${gone.actorLabel}, ${gone.resellerId}::uuid, ${gone.orderId}::uuid, ${gone.action},
              NULL, NULL, ${gone.reason}, ${gone.chainKey}, ${gone.chainSeq}, ${gone.prevHash}, ${gone.hash})`,
    db().$executeRawUnsafe("ALTER TABLE audit_event ENABLE TRIGGER audit_event_chain"),
  ]);

const GONE = /audit chain BROKEN: 1 rows counted by the verification of .* are gone/;

describe("the audit check with an audit insert in flight", () => {
  it("counts the row once its insert commits, so a row deleted later is found", async () => {
    expect((await verifyAuditChain()).ok).toBe(true);
    const held = await insertHeldOpen(await newChain("Held"));
    // Committed after the held insert took its id: the run's highest id is above the held row's.
    const later = await committedRow(await newChain("Later"), "inflight.later");
    const running = verifyAuditChain();
    let ended = false;
    const end = () => {
      ended = true;
    };
    running.then(end, end);
    // The run has read its highest id and waits for the insert to end (its look shows in
    // pg_stat_activity while it does). One that ended instead counted without the held row.
    for (let i = 0; !ended; i++) {
      const [looking] = await db().$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE pid <> pg_backend_pid() AND state = 'active' AND query LIKE '%FROM pg_sleep(0.05)%'`;
      if (looking!.n > 0) break;
      if (i > 1000) throw new Error("the run neither waited nor ended");
      await new Promise((ok) => setTimeout(ok, 10));
    }
    await held.commit();
    expect((await running).ok).toBe(true);

    // The last row of its chain leaves no gap: only the count can find it gone.
    await deleteAsSuperuser(later.id);
    try {
      const after = await verifyAuditChain();
      expect(after.ok).toBe(false);
      expect(after.message).toMatch(GONE);
    } finally {
      await restoreRow(later);
    }
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("records no count while the insert stays open, so the last good run's count finds the deletion", async () => {
    const counted = await committedRow(await newChain("Counted"), "inflight.counted");
    expect((await verifyAuditChain()).ok).toBe(true);
    const held = await insertHeldOpen(await newChain("Open"));
    await committedRow(await newChain("After"), "inflight.after");
    try {
      expect((await verifyAuditChain({ settleMs: 200 })).ok).toBe(true);
      const run = await db().auditVerification.findFirstOrThrow({ orderBy: { id: "desc" } });
      expect(run).toMatchObject({ ok: true, maxId: null, rowsUpToMax: null });
    } finally {
      await held.commit();
    }

    await deleteAsSuperuser(counted.id);
    try {
      const after = await verifyAuditChain();
      expect(after.ok).toBe(false);
      expect(after.message).toMatch(GONE);
    } finally {
      await restoreRow(counted);
    }
    expect((await verifyAuditChain()).ok).toBe(true);
  });
});
