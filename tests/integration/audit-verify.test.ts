import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit/record-audit";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { db, disconnectDb } from "@/lib/db";
import { verifyChainFromPage } from "@/lib/support/audit-verify";
import { workAfterAnswerDone } from "@/lib/work-after-answer";
import { makeTenant, makeUser } from "../factories";

const run = promisify(execFile);

/** What only a superuser can do: switch off the append-only trigger around one statement. */
function asSuperuser(statement: ReturnType<ReturnType<typeof db>["$executeRaw"]>) {
  return db().$transaction([
    db().$executeRawUnsafe("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update"),
    statement,
    db().$executeRawUnsafe("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update"),
  ]);
}

/**
 * Puts a deleted row (written without before/after) back exactly as it was, so the shared test
 * database ends with an intact log. The chain trigger would renumber it, so it is off too.
 */
async function restoreRow(gone: Awaited<ReturnType<ReturnType<typeof db>["auditEvent"]["findFirstOrThrow"]>>) {
  await db().$transaction([
    db().$executeRawUnsafe("ALTER TABLE audit_event DISABLE TRIGGER audit_event_chain"),
    db()
      .$executeRaw`INSERT INTO audit_event (id, at, actor_type, actor_id, actor_label, reseller_id, order_id, action, before, after, reason, chain_key, chain_seq, prev_hash, hash)
      VALUES (${gone.id}, ${gone.at}, ${gone.actorType}, ${gone.actorId}, ${gone.actorLabel}, ${gone.resellerId}::uuid, ${gone.orderId}::uuid, ${gone.action},
              NULL, NULL, ${gone.reason}, ${gone.chainKey}, ${gone.chainSeq}, ${gone.prevHash}, ${gone.hash})`,
    db().$executeRawUnsafe("ALTER TABLE audit_event ENABLE TRIGGER audit_event_chain"),
  ]);
}

afterAll(disconnectDb);

async function auditVerify(): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/audit-verify.ts"], {
      env: process.env,
    });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe("npm run audit:verify", () => {
  it("passes on an untouched log, then names the row a superuser altered, and records each run", async () => {
    const orderless = { type: "system", label: "test" } as const;
    for (let i = 0; i < 3; i++) await recordAudit(db(), { actor: orderless, action: `verify.test.${i}`, after: { i } });
    // An audit row an earlier file's sign-in left to be written after its answer lands now, not
    // during the script's walk.
    await workAfterAnswerDone();
    const before = await db().auditEvent.count();
    const ok = await auditVerify();
    const after = await db().auditEvent.count();
    // It reports the rows it checked, as it recorded them: every row there when it began (the
    // three above among them), and none that was not there once it had ended. A row another
    // process writes meanwhile may fall either side of its walk; an exact count taken afterwards
    // would then differ.
    const recorded = await db().auditVerification.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(recorded).toMatchObject({ ok: true, message: `audit chain OK: ${recorded.checkedRows} rows` });
    expect(ok).toEqual({ code: 0, out: `${recorded.message}\n` });
    expect(recorded.checkedRows).toBeGreaterThanOrEqual(before);
    expect(recorded.checkedRows).toBeLessThanOrEqual(after);

    const victim = await db().auditEvent.findFirstOrThrow({ where: { action: "verify.test.1" } });
    await asSuperuser(db().$executeRaw`UPDATE audit_event SET reason = 'rewritten' WHERE id = ${victim.id}`);
    const bad = await auditVerify();
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`audit chain BROKEN at row ${victim.id}`);

    const runs = await db().auditVerification.findMany({ orderBy: { id: "desc" }, take: 2 });
    expect(runs[0]).toMatchObject({ ok: false, firstBrokenId: victim.id });
    expect(runs[1]).toMatchObject({ ok: true, firstBrokenId: null });

    // Put the row back so the shared test database ends with an intact log.
    await asSuperuser(db().$executeRaw`UPDATE audit_event SET reason = ${victim.reason} WHERE id = ${victim.id}`);
    expect((await auditVerify()).code).toBe(0);
  });

  it("names every broken chain at its first broken row, not only the earliest", async () => {
    const actor = { type: "system", label: "test" } as const;
    const chains: string[] = [];
    for (const name of ["One", "Two"]) {
      const resellerId = (await db().reseller.create({ data: { name, slug: `${name}-${Date.now()}` } })).id;
      for (let i = 0; i < 2; i++) await recordAudit(db(), { actor, resellerId, action: `both.${i}` });
      chains.push(resellerId);
    }
    const victims = await Promise.all(
      chains.map((resellerId) =>
        db().auditEvent.findFirstOrThrow({ where: { resellerId }, orderBy: { chainSeq: "asc" } }),
      ),
    );
    for (const v of victims)
      await asSuperuser(db().$executeRaw`UPDATE audit_event SET reason = 'rewritten' WHERE id = ${v.id}`);
    const bad = await auditVerify();
    expect(bad.code).toBe(1);
    for (const v of victims) expect(bad.out).toContain(`chain ${v.chainKey}: first broken at row ${v.id}`);
    for (const v of victims)
      await asSuperuser(db().$executeRaw`UPDATE audit_event SET reason = ${v.reason} WHERE id = ${v.id}`);
    expect((await auditVerify()).code).toBe(0);
  });

  it("detects the deleted last row of a chain, which leaves no gap, by the count of the last good run", async () => {
    const actor = { type: "system", label: "test" } as const;
    const resellerId = (await db().reseller.create({ data: { name: "Tail", slug: `tail-${Date.now()}` } })).id;
    for (let i = 0; i < 3; i++) await recordAudit(db(), { actor, resellerId, action: `tail.${i}` });
    expect((await auditVerify()).code).toBe(0);
    const last = await db().auditEvent.findFirstOrThrow({ where: { resellerId }, orderBy: { chainSeq: "desc" } });
    await asSuperuser(db().$executeRaw`DELETE FROM audit_event WHERE id = ${last.id}`);
    // More rows written meanwhile do not hide it.
    await recordAudit(db(), { actor, action: "tail.after" });
    const bad = await auditVerify();
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/audit chain BROKEN: 1 rows counted by the verification of .* are gone/);
    // Still reported by the run after: the baseline is the last run that found the log whole.
    expect((await auditVerify()).code).toBe(1);

    await restoreRow(last);
    expect((await auditVerify()).code).toBe(0);
  });

  it("detects a deleted row in the middle of a chain by the row after it", async () => {
    const actor = { type: "system", label: "test" } as const;
    const resellerId = (await db().reseller.create({ data: { name: "Chain", slug: `chain-${Date.now()}` } })).id;
    for (let i = 0; i < 3; i++) await recordAudit(db(), { actor, resellerId, action: `chain.${i}` });
    const rows = await db().auditEvent.findMany({ where: { resellerId }, orderBy: { chainSeq: "asc" } });
    await asSuperuser(db().$executeRaw`DELETE FROM audit_event WHERE id = ${rows[1]!.id}`);
    const r = await verifyAuditChain({ record: false, batchSize: 2 });
    expect(r.ok).toBe(false);
    expect(r.broken).toContainEqual({
      id: rows[2]!.id,
      chainKey: `reseller:${resellerId}`,
      why: expect.stringMatching(/missing before it/),
    });

    await restoreRow(rows[1]!);
    expect((await verifyAuditChain({ record: false })).ok).toBe(true);
  });

  it("hashes every shape of row exactly as audit_event_canonical() rebuilds it, so verification covers trigger-written rows", async () => {
    // The insert trigger builds the hashed text inline (for speed); verification rebuilds it with
    // the SQL function. Rows with every field empty or odd: a difference in any field's form fails.
    const { reseller, user } = await makeTenant();
    const shapes: Parameters<typeof recordAudit>[1][] = [
      { actor: { type: "system" }, action: "shape.bare" },
      {
        actor: { type: "user", id: user.id, label: "Zoë | O'Brien" },
        resellerId: reseller.id,
        action: "shape.full",
        before: { status: "queued", nested: { a: [1, 2.5, null, "ü"] } },
        after: { status: "x|y", n: 0 },
        reason: "line one\nline two | with a bar",
      },
      { actor: { type: "worker", id: "w-1" }, resellerId: reseller.id, action: "shape.reason-only", reason: "" },
      { actor: { type: "system", label: "" }, action: "shape.json-only", after: [] },
    ];
    for (const input of shapes) await recordAudit(db(), input);
    const rows = await db().$queryRaw<{ action: string; hash: string; recomputed: string }[]>`
      SELECT action, hash, encode(sha256(convert_to(audit_event_canonical(e), 'UTF8')), 'hex') AS recomputed
      FROM audit_event e WHERE action LIKE 'shape.%' ORDER BY id`;
    expect(rows.map((r) => r.action)).toEqual(shapes.map((s) => s.action));
    for (const r of rows) expect(r.hash, r.action).toBe(r.recomputed);
  });

  it("verifies from the audit page for support, records the run and who asked, and refuses a reseller", async () => {
    const support = await makeUser("support");
    const before = await db().auditVerification.count();
    const r = await verifyChainFromPage(support);
    if ("running" in r) throw new Error("another verification was running");
    expect(r).toMatchObject({ ok: true, firstBrokenId: null });
    expect(r.checkedRows).toBeGreaterThan(0);
    expect(await db().auditVerification.count()).toBe(before + 1);
    const asked = await db().auditEvent.findFirstOrThrow({
      where: { action: "audit.chain_verified", actorId: support.id },
    });
    expect(asked).toMatchObject({ actorType: "user", actorLabel: support.email });
    expect(asked.after).toMatchObject({ ok: true, checkedRows: r.checkedRows });

    const { user: reseller } = await makeTenant();
    await expect(verifyChainFromPage(reseller)).rejects.toThrow();
    expect(await db().auditVerification.count()).toBe(before + 1);
    expect(await db().auditEvent.count({ where: { action: "audit.chain_verified", actorId: reseller.id } })).toBe(0);
  });
});
