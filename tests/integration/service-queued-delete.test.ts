// A Qboxmail delete the provider only queued: the domain still exists (listed as "deleting",
// its name taken) until the queue runs. The delete order keeps "Checking" and the domain keeps
// counting against the reseller's limit until a read-back no longer finds it; only then does the
// order succeed, the service end and the limit free up (docs/lifecycle.md). The DELETE is sent
// once. Own simulators: queued deletion is a simulator setting no other file should see.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { placeChange } from "@/lib/services/place-change";
import { retryOrderNow } from "@/lib/support/order-actions";
import { spawnWorker } from "../../scripts/lib/worker-process";
import { makeTenant, makeUser, type Tenant } from "../factories";
import { fault, forms, pipelineFileHooks, place, uniq, waitForOrder } from "./pipeline-fixtures";
import { privateSimulatorsForThisFile } from "./private-simulators";
import { qboxSetting } from "./qboxmail-sim";

privateSimulatorsForThisFile();

const final = (o: { status: string }) => ["succeeded", "failed", "held", "cancelled"].includes(o.status);
const QUEUE_MS = 6_000;
// Long enough for the worker to read the queued domain back on a later run, not only right after the DELETE.
const LONG_QUEUE_MS = 14_000;
const QUEUED_MAX_MS = 18_000;
let t: Tenant;

const sim = () => process.env.SIM_QBOXMAIL_ORIGIN!;
async function simDomain(code: string) {
  const r = await fetch(`${sim()}/api/domains/${code}`, {
    headers: { "X-Api-Token": process.env.QBOXMAIL_API_TOKEN! },
  });
  return r.status === 404 ? null : ((await r.json()).resources[0] as Record<string, unknown>);
}

/**
 * A domain created through the pipeline for a tenant of its own, and its delete placed;
 * `beforeDelete` sets up the provider (given the domain's code) just before the delete.
 */
async function domainBeingDeleted(prefix: string, beforeDelete?: (code: string) => Promise<void>) {
  const tenant = await makeTenant({ limits: { maxDomains: 1 } });
  const created = await place(tenant, "qboxmail_domain", forms.qboxmail_domain(`${prefix}${uniq()}.example.com`));
  if (!created.ok) throw new Error(JSON.stringify(created));
  expect((await waitForOrder(created.orderId, final)).status).toBe("succeeded");
  const service = await db().service.findUniqueOrThrow({ where: { createOrderId: created.orderId } });
  await beforeDelete?.(service.upstreamRef);
  const del = await placeChange(tenant.user, {
    serviceId: service.id,
    action: "delete",
    idempotencyKey: `del-${randomUUID()}`,
    confirmName: service.naturalKey,
  });
  if (!del.ok) throw new Error(JSON.stringify(del));
  return { service, del };
}

pipelineFileHooks({
  setup: async () => {
    await qboxSetting({ asyncDelete: true, asyncDeleteMs: QUEUE_MS });
    t = await makeTenant({ limits: { maxDomains: 1 } });
    // A small retry cap, so the test of reads that keep failing reaches it soon; waiting for a
    // queued deletion is no failure and never counts against it.
    const w = spawnWorker({
      UPSTREAM_TIMEOUT_MS: "1500",
      RETRY_BASE_MS: "200",
      RETRY_MAX_MS: "1000",
      MAX_ATTEMPTS: "3",
      // Longer than LONG_QUEUE_MS, so only a deletion that never ends reaches it.
      QUEUED_DELETION_MAX_MS: String(QUEUED_MAX_MS),
    });
    await w.waitForOutput(/worker started/);
  },
});

describe("a queued Qboxmail deletion", () => {
  it("frees the limit only once a read-back no longer finds the domain", async () => {
    const created = await place(t, "qboxmail_domain", forms.qboxmail_domain(`qd${uniq()}.example.com`));
    if (!created.ok) throw new Error(JSON.stringify(created));
    expect((await waitForOrder(created.orderId, final)).status).toBe("succeeded");
    const service = await db().service.findUniqueOrThrow({ where: { createOrderId: created.orderId } });

    const del = await placeChange(t.user, {
      serviceId: service.id,
      action: "delete",
      idempotencyKey: `del-${randomUUID()}`,
      confirmName: service.naturalKey,
    });
    if (!del.ok) throw new Error(JSON.stringify(del));
    // Wait until the DELETE was answered and the domain reads "deleting" at the provider.
    const until = Date.now() + 20_000;
    while ((await simDomain(service.upstreamRef))?.status !== "deleting" && Date.now() < until)
      await new Promise((r) => setTimeout(r, 100));
    expect((await simDomain(service.upstreamRef))?.status).toBe("deleting");
    expect((await waitForOrder(del.orderId, (o) => o.status === "unknown")).status).toBe("unknown");

    // While the provider still has it (QUEUE_MS from the DELETE): the order is not done, the
    // service is live, the limit used.
    expect(await simDomain(service.upstreamRef)).not.toBeNull();
    expect((await db().order.findUniqueOrThrow({ where: { id: del.orderId } })).status).not.toBe("succeeded");
    expect((await db().service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe("active");
    const refused = await place(t, "qboxmail_domain", forms.qboxmail_domain(`qe${uniq()}.example.com`));
    expect(refused).toMatchObject({ ok: false, formError: expect.stringMatching(/at most 1/) });

    const done = await waitForOrder(del.orderId, final, QUEUE_MS + 40_000);
    expect(done.status).toBe("succeeded");
    expect(await simDomain(service.upstreamRef)).toBeNull();
    expect(await db().service.findUniqueOrThrow({ where: { id: service.id } })).toMatchObject({ status: "deleted" });
    const attempts = await db().attempt.findMany({ where: { orderId: del.orderId }, orderBy: { number: "asc" } });
    const kinds = attempts.map((a) => `${a.kind}:${a.outcome}`);
    // One DELETE; then reads while it was queued; the last read found it gone.
    expect(kinds.filter((k) => k.startsWith("change:"))).toEqual(["change:succeeded"]);
    expect(kinds[1]).toBe("lookup:found");
    expect(kinds.at(-1)).toBe("lookup:absent");
    // Waiting is no failure: the retry budget is untouched.
    expect(kinds.filter((k) => /transient|unknown|abandoned/.test(k))).toEqual([]);

    const again = await place(t, "qboxmail_domain", forms.qboxmail_domain(`qf${uniq()}.example.com`));
    expect(again.ok).toBe(true);
    if (again.ok) await waitForOrder(again.orderId, final);
  });

  it("a delete the provider carries out at once succeeds after one read-back", async () => {
    await qboxSetting({ asyncDelete: false });
    const { del } = await domainBeingDeleted("qg");
    expect((await waitForOrder(del.orderId, final)).status).toBe("succeeded");
    const attempts = await db().attempt.findMany({ where: { orderId: del.orderId }, orderBy: { number: "asc" } });
    expect(attempts.map((a) => `${a.kind}:${a.outcome}`)).toEqual(["change:succeeded", "lookup:absent"]);
  });

  // The contract leaves the status of a queued deletion open: another word, or none at all (the
  // domain still "enabled"), must not be read as done, nor a repeated DELETE's 404 as "gone".
  for (const queuedStatus of ["pending_removal", "enabled"])
    it(`waits the same way when the queued domain shows status "${queuedStatus}"`, async () => {
      await qboxSetting({ asyncDelete: true, asyncDeleteMs: LONG_QUEUE_MS, deletingStatus: queuedStatus });
      const { service, del } = await domainBeingDeleted("qh");
      expect((await waitForOrder(del.orderId, final, LONG_QUEUE_MS + 40_000)).status).toBe("succeeded");
      // Succeeded only once the provider is done: not while the domain was still queued.
      expect(await simDomain(service.upstreamRef)).toBeNull();
      const attempts = await db().attempt.findMany({ where: { orderId: del.orderId }, orderBy: { number: "asc" } });
      const kinds = attempts.map((a) => `${a.kind}:${a.outcome}`);
      expect(kinds[0]).toBe("change:succeeded");
      expect(kinds).toContain("lookup:found");
      expect(kinds.at(-1)).toBe("lookup:absent");
    });

  it("an accepted DELETE whose read-backs keep failing is held for a person, never failed nor sent again", async () => {
    await qboxSetting({ asyncDelete: true, asyncDeleteMs: 600_000, deletingStatus: "deleting" });
    const { service, del } = await domainBeingDeleted("qi");
    expect((await waitForOrder(del.orderId, (o) => o.status === "unknown")).status).toBe("unknown");
    // Qboxmail took the DELETE and queued it; from now on every read of the domain fails.
    await fault("qboxmail", {
      method: "GET",
      path: `/api/domains/${service.upstreamRef}`,
      count: 1000,
      action: "status",
      status: 503,
    });
    try {
      const done = await waitForOrder(del.orderId, final, 90_000);
      // Not "failed": the deletion was accepted and may finish; a person checks and marks it resolved.
      expect(done.status).toBe("held");
      expect(done.createSent).toBe(true);
      expect(await db().service.findUniqueOrThrow({ where: { id: service.id } })).toMatchObject({ status: "active" });
      const attempts = await db().attempt.findMany({ where: { orderId: del.orderId }, orderBy: { number: "asc" } });
      expect(attempts.filter((a) => a.kind === "change").map((a) => a.outcome)).toEqual(["succeeded"]);
    } finally {
      await fetch(`${sim()}/__sim/faults`, { method: "DELETE" });
    }
  }, 120_000);

  it("after a lost DELETE answer, a domain reading another status is sent the DELETE again, not waited on", async () => {
    await qboxSetting({ asyncDelete: false });
    // The DELETE never reaches Qboxmail (the connection drops first), and the domain reads "error".
    const { service, del } = await domainBeingDeleted("qj", async (code) => {
      await fault("qboxmail", { method: "DELETE", path: `/api/domains/${code}`, action: "drop-before" });
      await domainStatus(code, "error");
    });
    expect((await waitForOrder(del.orderId, final, 40_000)).status).toBe("succeeded");
    expect(await simDomain(service.upstreamRef)).toBeNull();
    const attempts = await db().attempt.findMany({ where: { orderId: del.orderId }, orderBy: { number: "asc" } });
    expect(attempts.map((a) => `${a.kind}:${a.outcome}`)).toEqual([
      "change:unknown",
      "lookup:found",
      "change:succeeded",
      "lookup:absent",
    ]);
    expect(attempts[1]?.message).toMatch(/status error, but no DELETE of this order was ever answered as accepted/);
  });

  // "enabled": a DELETE answered as accepted while the domain stays as it was (a queue that never
  // runs, or a route that answers without deleting) is sent again on each look, not for ever.
  for (const status of ["deleting", "enabled"])
    it(`holds an accepted deletion Qboxmail still lists (status "${status}") after QUEUED_DELETION_MAX_MS`, async () => {
      await qboxSetting({ asyncDelete: true, asyncDeleteMs: 600_000, deletingStatus: status });
      const { service, del } = await domainBeingDeleted("qk");
      const done = await waitForOrder(del.orderId, final, QUEUED_MAX_MS + 30_000);
      expect(done.status).toBe("held");
      expect(done.lastError).toContain(
        `Qboxmail accepted the deletion 0 hours ago and still lists the domain (status ${status})`,
      );
      expect(await db().service.findUniqueOrThrow({ where: { id: service.id } })).toMatchObject({ status: "active" });
      const attempts = await db().attempt.findMany({ where: { orderId: del.orderId }, orderBy: { number: "asc" } });
      expect(attempts.filter((a) => a.kind === "change").every((a) => a.outcome === "succeeded")).toBe(true);
      if (status !== "deleting") return;
      // A person retries: the DELETE is sent again and the wait starts anew, not held at once.
      const support = await makeUser("support");
      await retryOrderNow(
        { id: support.id, role: "support", email: support.email },
        { orderId: done.id, expectedVersion: done.version, reason: "asked Qboxmail, they re-queued it" },
      );
      const resent = await waitForOrder(del.orderId, (o) => o.status === "unknown", 20_000);
      expect(resent.status).toBe("unknown");
      const after = await db().attempt.findMany({ where: { orderId: del.orderId }, orderBy: { number: "asc" } });
      expect(after.some((a) => a.message?.includes("after the order was held and retried"))).toBe(true);
      expect(after.filter((a) => a.kind === "change").length).toBeGreaterThan(
        attempts.filter((a) => a.kind === "change").length,
      );
    }, 90_000);
});

/** Shows a domain in a status of the simulator's choosing (Qboxmail's are not documented). */
async function domainStatus(code: string, status: string) {
  const r = await fetch(`${sim()}/__sim/qboxmail/domain-status`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code, status }),
  });
  expect(r.ok).toBe(true);
}
