// A send's outcome racing what else changes its delivery and endpoint (docs/webhooks.md "Failing
// endpoints"): a disable that locks the endpoint and then parks its deliveries must not deadlock
// with an outcome, which locks the endpoint first too; and the outcome of a send whose claim was
// overtaken (a Resend that has since succeeded) is dropped whole, endpoint included.
// Each interleaving is made by the test: a transaction it holds open, or a request its receiver
// holds unanswered, until the other side has got to where it waits.
import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { type DeliverySettings, deliverOne } from "@/lib/webhooks/deliver";
import { createWebhookEndpoint, resendDelivery } from "@/lib/webhooks/endpoints";
import { makeTenant, type Tenant } from "../factories";
import { untilWaitingBehind } from "../support/lock-waits";

const settings: DeliverySettings = {
  timeoutMs: 30_000, // a held request is answered by the test, never by the timeout
  retryBaseMs: 10,
  retryMaxMs: 20,
  retryForMs: 100,
  disableAfterMs: 5 * 24 * 3_600_000,
  allowPrivate: true,
};

type Answer = { status: number } | "hold";

/** A receiver on loopback answering each request as the test queued (204 when nothing is); it does not verify signatures. */
async function startReceiver() {
  const answers: Answer[] = [];
  const held: http.ServerResponse[] = [];
  let onHeld: (() => void) | undefined;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const answer = answers.shift() ?? { status: 204 };
      if (answer === "hold") {
        held.push(res);
        onHeld?.();
        return;
      }
      res.writeHead(answer.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    answer: (...next: Answer[]) => answers.push(...next),
    /** Resolves once a request is being held. */
    holding: () =>
      new Promise<void>((resolve) => {
        if (held.length > 0) resolve();
        else onHeld = resolve;
      }),
    /** Answers the held request. */
    release: (status: number) => held.shift()?.writeHead(status).end(),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let receiver: Awaited<ReturnType<typeof startReceiver>>;
const endpoints: string[] = [];
const clients: pg.Client[] = [];
beforeAll(async () => {
  process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true"; // the receiver listens on loopback
  resetEnvCache();
  receiver = await startReceiver();
});
afterAll(async () => {
  for (const c of clients) await c.end().catch(() => undefined);
  // Their deliveries go with them (ON DELETE CASCADE): nothing of this file is left to claim.
  await db().webhookEndpoint.deleteMany({ where: { id: { in: endpoints } } });
  await receiver.close();
  delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
  resetEnvCache();
  await disconnectDb();
});

/** An endpoint at the receiver; failing since two hours ago when `failing`. */
async function endpointOf(t: Tenant, failing: boolean): Promise<string> {
  const r = await createWebhookEndpoint(
    { ...t.user, resellerId: t.reseller.id },
    { url: receiver.url, events: ["order.placed"] },
  );
  if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
  endpoints.push(r.id);
  if (failing)
    await db().webhookEndpoint.update({
      where: { id: r.id },
      data: { failingSince: new Date(Date.now() - 7_200_000) },
    });
  return r.id;
}

/**
 * A pending delivery under a claim (the lease a claim sets, a minute ahead: no claim of another
 * test takes it meanwhile), and the job that holds that claim.
 */
async function claimedDelivery(t: Tenant, endpointId: string) {
  const lease = new Date(Date.now() + 60_000);
  const d = await db().webhookDelivery.create({
    data: {
      endpointId,
      resellerId: t.reseller.id,
      eventType: "order.placed",
      payload: { type: "order.placed", data: {} },
      nextAttemptAt: lease,
    },
  });
  return { deliveryId: d.id, lease: lease.toISOString() };
}

async function connection() {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  clients.push(c);
  const { rows } = await c.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  return { c, pid: rows[0]!.pid };
}

async function stateOf(endpointId: string, deliveryId: string) {
  const [row] = await db().$queryRaw<
    { status: string; parked: boolean; disabled: boolean; failing_since: Date | null }[]
  >`SELECT d.status::text, d.next_attempt_at = 'infinity' AS parked, e.disabled_at IS NOT NULL AS disabled, e.failing_since
    FROM webhook_delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id WHERE d.id = ${deliveryId}::uuid`;
  return row!;
}

describe("a send's outcome and what races it", () => {
  it.each([
    { outcome: "a success to a failing endpoint", failing: true, status: 204, result: "sent" },
    { outcome: "a first failure of a healthy endpoint", failing: false, status: 503, result: "failed" },
  ])("$outcome and a disable that parks its delivery meanwhile: no deadlock, the outcome dropped", async (c) => {
    const t = await makeTenant();
    const endpointId = await endpointOf(t, c.failing);
    const job = await claimedDelivery(t, endpointId);
    // The disable's transaction (deliver.ts disableIfFailingTooLong; a password change's
    // endpointsOffForPasswordChange is the same): the endpoint locked and turned off, not committed.
    const { c: disabling, pid } = await connection();
    await disabling.query("BEGIN");
    await disabling.query("SELECT id FROM webhook_endpoint WHERE id = $1 FOR UPDATE", [endpointId]);
    await disabling.query("UPDATE webhook_endpoint SET disabled_at = now() WHERE id = $1", [endpointId]);
    // The send (its claim renewed as it starts: the disable is not committed yet) records its
    // outcome and waits for the endpoint's row.
    receiver.answer({ status: c.status });
    const sending = deliverOne(job, settings);
    await untilWaitingBehind(pid, { work: sending });
    // The disable parks the endpoint's pending deliveries, this one among them. Had the outcome
    // written the delivery row before waiting for the endpoint's, this would wait for it in turn:
    // a deadlock, one of the two aborted.
    await disabling.query(
      "UPDATE webhook_delivery SET next_attempt_at = 'infinity' WHERE endpoint_id = $1 AND status = 'pending'",
      [endpointId],
    );
    await disabling.query("COMMIT");
    expect(await sending).toBe(c.result);
    // The claim was overtaken: the outcome is dropped whole. The delivery waits parked for the
    // endpoint to be turned back on, and the endpoint's outage (or health) is as the disable left it.
    const after = await stateOf(endpointId, job.deliveryId);
    expect(after).toMatchObject({ status: "pending", parked: true, disabled: true });
    expect(after.failing_since !== null).toBe(c.failing);
  });

  it("a send that fails after a Resend of its delivery has succeeded leaves the endpoint healthy", async () => {
    const t = await makeTenant();
    const endpointId = await endpointOf(t, true);
    const job = await claimedDelivery(t, endpointId);
    // The first send is in flight, its answer held by the receiver.
    receiver.answer("hold");
    const first = deliverOne(job, settings);
    await receiver.holding();
    // Meanwhile the person presses Resend, and that send succeeds: the outage is over.
    expect(await resendDelivery(t.reseller.id, job.deliveryId, endpointId)).toEqual({ ok: true });
    const resent = await db().webhookDelivery.findUniqueOrThrow({ where: { id: job.deliveryId } });
    expect(await deliverOne({ deliveryId: job.deliveryId, lease: resent.nextAttemptAt.toISOString() }, settings)).toBe(
      "sent",
    );
    expect(await stateOf(endpointId, job.deliveryId)).toMatchObject({ status: "succeeded", failing_since: null });
    // The first send's answer comes late, a failure: its claim is gone, so it changes nothing.
    receiver.release(503);
    expect(await first).toBe("failed");
    expect(await stateOf(endpointId, job.deliveryId)).toEqual({
      status: "succeeded",
      parked: false,
      disabled: false,
      failing_since: null,
    });
  });
});
