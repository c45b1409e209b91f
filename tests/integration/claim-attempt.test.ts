// The one-statement claim (workers/processors/claim-attempt.ts) must leave exactly the trace the
// plain path (load, judge, begin-attempt step) leaves: the same audit event for the step to
// provisioning, the same attempt row (kind, number, allow-listed request, never a password) and
// the same final state; and it must claim nothing the plain path would skip.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { provisionOrder } from "@/workers/processors/provision-order";
import { attemptsOf, inProcessContext, orderRow, placeOrThrow } from "./ownership-kit";
import { CANARY, fileTenantWithEveryEvent, forms, uniq } from "./pipeline-fixtures";

const t = fileTenantWithEveryEvent("https://hooks.example.test/claim");
const ctx = inProcessContext();

/** What a run left behind, with the ids and times that differ between two orders taken out. */
async function traceOf(id: string) {
  const order = await orderRow(id);
  const attempts = await attemptsOf(id);
  const events = await db().auditEvent.findMany({ where: { orderId: id }, orderBy: { id: "asc" } });
  const step = events.find((e) => e.action === "order.provisioning");
  const after = { ...(step?.after as Record<string, unknown>) };
  expect(after.currentAttemptId).toBe(attempts[0]?.id);
  delete after.currentAttemptId;
  // Rows one statement wrote share their time: by type within it (the order of their ids is random).
  const deliveries = await db().webhookDelivery.findMany({
    where: { orderId: id },
    orderBy: [{ createdAt: "asc" }, { eventType: "asc" }],
  });
  return {
    status: order.status,
    version: order.version,
    attemptCount: order.attemptCount,
    actions: events.map((e) => e.action),
    before: step?.before,
    after,
    actor: { type: step?.actorType, id: step?.actorId, label: step?.actorLabel },
    attempts: attempts.map((a) => ({
      number: a.number,
      kind: a.kind,
      outcome: a.outcome,
      workerId: a.workerId,
      // The request names the domain; the two orders' names differ only in their unique part.
      request: JSON.stringify(a.request).replace(/claim-\w+|plain-\w+/g, "NAME"),
    })),
    // The outbox rows each step wrote: the same events and data, this order's id, name and references aside.
    deliveries: deliveries.map((d) => {
      const { timestamp: _, ...payload } = d.payload as Record<string, unknown>;
      return JSON.stringify(payload)
        .replaceAll(id, "ID")
        .replaceAll(order.naturalKey, "NAME")
        .replace(/"serviceId":"[\w-]+"/, '"serviceId":"SERVICE"')
        .replaceAll(order.upstreamRef ?? "no reference", "REF");
    }),
  };
}

describe("claiming an order in one statement", () => {
  it("leaves the same audit event, attempt row and end state as the plain path", async () => {
    const claimedId = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain(`claim-${uniq()}.example.com`));
    const plainId = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain(`plain-${uniq()}.example.com`));
    // With the job's version the claim runs; without one (no job id) only the plain path can.
    expect(await provisionOrder(claimedId, ctx, (await orderRow(claimedId)).version)).toBe("written");
    expect(await provisionOrder(plainId, ctx)).toBe("written");
    const claimed = await traceOf(claimedId);
    expect(claimed.status).toBe("succeeded");
    expect(claimed.attempts[0]?.request).toContain("NAME");
    expect(claimed.attempts[0]?.request).not.toContain(CANARY);
    expect(claimed).toEqual(await traceOf(plainId));
    const { customerId } = await orderRow(claimedId);
    expect(claimed.deliveries.map((d) => JSON.parse(d) as { type: string; data: unknown })).toEqual([
      expect.objectContaining({ type: "order.placed" }),
      ...["provisioning", "succeeded"].map((status, i) => ({
        type: `order.${status}`,
        data: expect.objectContaining({
          orderId: "ID",
          status,
          version: i + 1,
          kind: "qboxmail_domain",
          naturalKey: "NAME",
          customerId,
        }),
      })),
      expect.objectContaining({ type: "service.created" }),
    ]);
  });

  it("claims nothing the plain path would skip: an older version, a retry not due yet", async () => {
    const id = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain(`claim-${uniq()}.example.com`));
    const { version } = await orderRow(id);
    expect(await provisionOrder(id, ctx, version - 1)).toBe("skipped");
    await db().order.update({ where: { id }, data: { nextAttemptAt: new Date(Date.now() + 60_000) } });
    expect(await provisionOrder(id, ctx, version)).toBe("skipped");
    expect(await orderRow(id)).toMatchObject({ status: "queued", version });
    expect(await attemptsOf(id)).toHaveLength(0);
  });

  it("an order that may exist upstream is claimed for a lookup, recorded with its name only", async () => {
    const name = `claim-${uniq()}.example.com`;
    const id = await placeOrThrow(t, "qboxmail_domain", forms.qboxmail_domain(name));
    await db().order.update({ where: { id }, data: { createSent: true } });
    expect(await provisionOrder(id, ctx, (await orderRow(id)).version)).toBe("written");
    const [lookup] = await attemptsOf(id);
    expect(lookup).toMatchObject({ kind: "lookup", number: 1, request: { naturalKey: name } });
  });
});
