// The audit page's "Verify the chain now" walks the whole log: a second press while one walk is
// still going (another person, another tab) is answered that one is running, not started beside
// it. The first walk is kept going here by an audit insert held open, which it waits for
// (lib/audit/verify-chain.ts), so the second press certainly meets it.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit/record-audit";
import { db, disconnectDb } from "@/lib/db";
import { verifyChainFromPage } from "@/lib/support/audit-verify";
import { makeUser } from "../factories";

afterAll(disconnectDb);

describe("verifying the audit chain from the page", () => {
  it("answers a second press that a verification is running, and verifies again once it ended", async () => {
    const support = await makeUser("support");
    const reseller = await db().reseller.create({
      data: { name: "Held", slug: `held-${randomUUID().slice(0, 8)}` },
    });
    // A committed row first: a walk of an empty log has no highest id, and waits for no writer.
    await recordAudit(db(), {
      actor: { type: "system", label: "test" },
      resellerId: reseller.id,
      action: "inflight.before",
    });
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query("BEGIN");
    await client.query(
      "INSERT INTO audit_event (actor_type, reseller_id, action) VALUES ('system', $1, 'inflight.held')",
      [reseller.id],
    );
    const before = await db().auditVerification.count();
    try {
      const first = verifyChainFromPage(support);
      // The first walk waits for the held insert (its look shows in pg_stat_activity).
      for (let i = 0; ; i++) {
        const [looking] = await db().$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE pid <> pg_backend_pid() AND state = 'active' AND query LIKE '%FROM pg_sleep(0.05)%'`;
        if (looking!.n > 0) break;
        if (i > 1000) throw new Error("the first verification never waited");
        await new Promise((ok) => setTimeout(ok, 10));
      }
      expect(await verifyChainFromPage(support)).toBe("alreadyRunning");
      await client.query("COMMIT");
      expect(await first).toMatchObject({ ok: true });
    } finally {
      await client.end().catch(() => undefined);
    }
    // One walk recorded, not two; and the next press walks again.
    expect(await db().auditVerification.count()).toBe(before + 1);
    expect(await verifyChainFromPage(support)).toMatchObject({ ok: true });
  });
});
