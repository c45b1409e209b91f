// Support's "Retry now" (and bulk retry) of a failed delete against the Drift page's "mark gone"
// and "re-create" of the same service (docs/lifecycle.md "Drift check"). Both sides take the
// service row's lock in their transaction, so one waits for the other: a retry that commits first
// leaves an open order, on which mark gone and re-create refuse; a mark gone or re-create that
// commits first has ended the service, on which the retry refuses and the order stays failed. The
// interleavings are made deterministic by a transaction of the test that holds the service row,
// as the other action's transaction would, while the action under test is shown waiting on it.
import pg from "pg";
import { describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { markGone } from "@/lib/services/drift-actions";
import { recreateFinding } from "@/lib/services/drift-recreate";
import { bulkRetry } from "@/lib/support/bulk-retry";
import { retryOrderNow } from "@/lib/support/order-actions";
import { makeOrder, makeService, makeTenant, makeUser, type Tenant } from "../factories";
import { untilWaitingBehind } from "../support/lock-waits";
import { pipelineFileHooks, uniq } from "./pipeline-fixtures";

let t: Tenant;
let support: Viewer;

// No worker runs here; the hooks park what a retry or a re-create queued, for the files after.
pipelineFileHooks({
  setup: async () => {
    t = await makeTenant();
    support = await makeUser("support");
  },
});

const ENDED =
  "This order's service has ended since (deleted, or marked gone on the Drift page), so there is nothing left to send it to: the order stays failed, and nothing more needs doing for it.";
const recreatedBy = (order: string) =>
  `This order's service has ended since: it was re-created on the Drift page by order ${order}, whose resource becomes a new service. Sent now, this order could act on the re-created resource, so it stays failed; if it is still wanted, place it again on the new service.`;
const stillOpen = (order: string) =>
  `An order of this service is still open (order ${order}): it may still change or delete the resource at the provider, so the service is not ended here. Wait for it to finish, or cancel it, then act on the finding again.`;
const REASON = "Provider fixed, sending it again";
const FINDING_REASON = "The drift check says it is missing";

/**
 * A live Qboxmail domain service with its create order (as re-create needs it), a reference the
 * simulator does not have (so mark gone and re-create find it missing now), an open "missing"
 * finding and a failed delete of it waiting for support.
 */
async function failedDeleteOfMissingService() {
  const name = `race${uniq()}.example.com`;
  // What the order form's fields leave in a create's payload (the password is sealed apart).
  const payload = { name, plan: "professional", company: "ACME" };
  const created = await makeOrder({ tenant: t, status: "succeeded", naturalKey: name, payload });
  const service = await makeService({ tenant: t, naturalKey: name, createOrderId: created.id });
  const finding = await db().driftFinding.create({
    data: {
      provider: "qboxmail",
      kind: "qboxmail_domain",
      upstreamRef: service.upstreamRef,
      naturalKey: name,
      type: "missing",
      serviceId: service.id,
      resellerId: t.reseller.id,
    },
  });
  const del = await makeOrder({
    tenant: t,
    status: "failed",
    action: "delete",
    serviceId: service.id,
    naturalKey: name,
    upstreamRef: service.upstreamRef,
    payload: { purge: false },
    lastError: "Qboxmail could not be reached",
  });
  return { service, finding, del };
}

const retry = (del: { id: string; version: number }) =>
  retryOrderNow(support, { orderId: del.id, expectedVersion: del.version, reason: REASON });

/**
 * Runs `body` with a transaction of the test on its own connection (its backend's pid to tell who
 * waits for it); `commit` ends it. A test that fails first leaves no lock behind: the connection
 * is closed, which rolls back what was not committed.
 */
async function inTransaction(
  body: (tx: { client: pg.Client; pid: number; commit: () => Promise<void> }) => Promise<void>,
): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    await body({ client, pid: rows[0]!.pid, commit: async () => void (await client.query("COMMIT")) });
  } finally {
    await client.end();
  }
}

/** What a settled promise gave: its value, or the message it was refused with. */
const outcomeOf = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ value }),
    (err: unknown) => ({ refused: err instanceof Error ? err.message : String(err) }),
  );

async function expectStillFailed(del: { id: string; version: number }) {
  const row = await db().order.findUniqueOrThrow({ where: { id: del.id } });
  expect(row).toMatchObject({ status: "failed", version: del.version });
  // No step to queued was kept, nor its audit event.
  expect(await db().auditEvent.count({ where: { orderId: del.id, action: "order.queued" } })).toBe(0);
}

describe("a retry of a failed delete meets mark gone's lock", () => {
  it("waits while mark gone holds the service, then refuses: the service ended meanwhile", async () => {
    const { service, del } = await failedDeleteOfMissingService();
    // Mark gone's transaction, stopped after its write: the service row locked and ended.
    await inTransaction(async (markGoneTx) => {
      await markGoneTx.client.query("SELECT 1 FROM service WHERE id = $1 FOR UPDATE", [service.id]);
      await markGoneTx.client.query(
        "UPDATE service SET status = 'gone', ended_at = now(), upstream_state = 'missing' WHERE id = $1",
        [service.id],
      );
      const retried = outcomeOf(retry(del));
      expect(await untilWaitingBehind(markGoneTx.pid, { work: retried })).toBe("waiting");
      await markGoneTx.commit();
      expect(await retried).toEqual({ refused: ENDED });
    });
    await expectStillFailed(del);
  });

  it("a bulk retry likewise waits, then skips the order with the reason", async () => {
    const { service, del } = await failedDeleteOfMissingService();
    await inTransaction(async (markGoneTx) => {
      await markGoneTx.client.query("SELECT 1 FROM service WHERE id = $1 FOR UPDATE", [service.id]);
      await markGoneTx.client.query("UPDATE service SET status = 'gone', ended_at = now() WHERE id = $1", [service.id]);
      const bulk = outcomeOf(
        bulkRetry(support, { items: [{ orderId: del.id, expectedVersion: del.version }], reason: REASON }),
      );
      expect(await untilWaitingBehind(markGoneTx.pid, { work: bulk })).toBe("waiting");
      await markGoneTx.commit();
      expect(await bulk).toEqual({
        value: { retried: [], skipped: [{ orderId: del.id, label: del.displayName, why: ENDED }] },
      });
    });
    await expectStillFailed(del);
  });
});

describe("mark gone and re-create meet a retry's lock", () => {
  for (const [what, act] of [
    ["mark gone", markGone],
    ["re-create", recreateFinding],
  ] as const)
    it(`${what} waits while a retry holds the service, then refuses: the delete is open again`, async () => {
      const { service, finding, del } = await failedDeleteOfMissingService();
      // The retry's transaction, stopped before its commit: the order queued again, the service
      // row share-locked after it, as retryOrderNow takes them.
      await inTransaction(async (retryTx) => {
        await retryTx.client.query(`UPDATE "order" SET status = 'queued', version = version + 1 WHERE id = $1`, [
          del.id,
        ]);
        await retryTx.client.query("SELECT 1 FROM service WHERE id = $1 FOR SHARE", [service.id]);
        const acted = outcomeOf(act(support, finding.id, FINDING_REASON));
        expect(await untilWaitingBehind(retryTx.pid, { work: acted })).toBe("waiting");
        await retryTx.commit();
        expect(await acted).toEqual({ value: { ok: false, message: stillOpen(del.id) } });
      });
      expect((await db().service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe("active");
      expect((await db().driftFinding.findUniqueOrThrow({ where: { id: finding.id } })).resolvedAt).toBeNull();
      expect(await db().order.count({ where: { idempotencyKey: `recreate-${finding.id}` } })).toBe(0);
    });
});

describe("one after the other", () => {
  it("mark gone, then a retry of the delete: refused, the order stays failed", async () => {
    const { service, finding, del } = await failedDeleteOfMissingService();
    expect(await markGone(support, finding.id, FINDING_REASON)).toMatchObject({ ok: true });
    await expect(retry(del)).rejects.toThrow(ENDED);
    await expectStillFailed(del);
    expect((await db().service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe("gone");
  });

  it("re-create, then a retry of the delete: refused, naming the order that re-created it", async () => {
    const { finding, del } = await failedDeleteOfMissingService();
    expect(await recreateFinding(support, finding.id, FINDING_REASON)).toMatchObject({ ok: true });
    const recreated = await db().order.findFirstOrThrow({ where: { idempotencyKey: `recreate-${finding.id}` } });
    await expect(retry(del)).rejects.toThrow(recreatedBy(recreated.id));
    await expectStillFailed(del);
    // Bulk retry skips it with the same words.
    const bulk = await bulkRetry(support, {
      items: [{ orderId: del.id, expectedVersion: del.version }],
      reason: REASON,
    });
    expect(bulk).toEqual({
      retried: [],
      skipped: [{ orderId: del.id, label: del.displayName, why: recreatedBy(recreated.id) }],
    });
  });

  it("a retry of the delete, then mark gone or re-create: refused, the delete being open", async () => {
    const { service, finding, del } = await failedDeleteOfMissingService();
    expect(await retry(del)).toMatchObject({ status: "queued" });
    for (const act of [markGone, recreateFinding])
      expect(await act(support, finding.id, FINDING_REASON)).toEqual({ ok: false, message: stillOpen(del.id) });
    expect((await db().service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe("active");
  });
});

describe("re-create and a create of the same name", () => {
  it("re-create looks for a create of the name on its way after it holds the service: one placed while it waited is seen", async () => {
    const { service, finding } = await failedDeleteOfMissingService();
    let placed = "";
    await inTransaction(async (otherTx) => {
      // Another action holds the service; re-create waits for it before it asks anything else.
      await otherTx.client.query("SELECT 1 FROM service WHERE id = $1 FOR UPDATE", [service.id]);
      const acted = outcomeOf(recreateFinding(support, finding.id, FINDING_REASON));
      expect(await untilWaitingBehind(otherTx.pid, { work: acted })).toBe("waiting");
      // Meanwhile the reseller orders the same name again (creates lock no service).
      placed = (await makeOrder({ tenant: t, status: "queued", naturalKey: service.naturalKey })).id;
      await otherTx.commit();
      expect(await acted).toEqual({
        value: { ok: false, message: `An order for ${service.naturalKey} is already on its way (order ${placed}).` },
      });
    });
    expect((await db().service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe("active");
    expect((await db().driftFinding.findUniqueOrThrow({ where: { id: finding.id } })).resolvedAt).toBeNull();
    expect(await db().order.count({ where: { idempotencyKey: `recreate-${finding.id}` } })).toBe(0);
  });
});
