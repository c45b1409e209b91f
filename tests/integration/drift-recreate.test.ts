// Support re-creates a resource the drift check found missing (docs/lifecycle.md "Drift check"):
// a new create order for the same customer with the same settings, through the pipeline; the old
// service ends as gone in the same transaction, so the reseller's limit counts the resource
// once; the action is audited, and a second submission returns the first order.
import { describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { runDriftCheck } from "@/lib/services/drift";
import { recreateFinding } from "@/lib/services/drift-recreate";
import { makeUser } from "../factories";
import { qboxmailApi as qbox } from "./another-client";
import {
  forms,
  isFinal,
  ledgerFor,
  makeTenant,
  pipelineFileHooks,
  place,
  startWorker,
  succeededService,
  type Tenant,
  uniq,
  waitForOrder,
} from "./pipeline-fixtures";

let t: Tenant;
let support: Viewer;

pipelineFileHooks({
  setup: async () => {
    // At its limit: the re-create must take the old service's place, not count twice.
    t = await makeTenant({ limits: { maxDomains: 1 } });
    support = await makeUser("support");
    await startWorker({ UPSTREAM_TIMEOUT_MS: "1500" });
  },
});

describe("re-create from a drift finding", () => {
  it("orders the missing domain again for the same customer and settings, once, audited", async () => {
    const name = `recreate${uniq()}.example.com`;
    const { order: original, service: old } = await succeededService(t, "qboxmail_domain", forms.qboxmail_domain(name));
    expect((await qbox(`/api/domains/${old.upstreamRef}`, { method: "DELETE" })).status).toBe(204);
    await runDriftCheck({ perPage: 50, pauseMs: 0 });
    const finding = await db().driftFinding.findFirstOrThrow({
      where: { upstreamRef: old.upstreamRef, type: "missing", resolvedAt: null },
    });

    // Support's action only: a reseller gets not-found from the guard, and nothing happens.
    await expect(recreateFinding(t.user, finding.id, "A reseller's reason")).rejects.toThrow();
    expect(await db().order.count({ where: { resellerId: t.reseller.id } })).toBe(1);
    // Without a reason (or one too short) nothing is ordered and the service stays.
    for (const reason of [undefined, "", "no"])
      expect(await recreateFinding(support, finding.id, reason)).toMatchObject({ ok: false, field: "reason" });
    expect(await db().order.count({ where: { resellerId: t.reseller.id } })).toBe(1);
    expect(await db().service.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({ status: "active" });

    const why = "Customer asked to restore it, ticket 5120";
    const done = await recreateFinding(support, finding.id, why);
    expect(done).toMatchObject({ ok: true, message: expect.stringContaining("new random password") });
    const orderId = (done.message.match(/order ([0-9a-f-]{36})/) ?? [])[1]!;
    const order = await db().order.findUniqueOrThrow({ where: { id: orderId } });
    expect(order).toMatchObject({
      action: "create",
      kind: "qboxmail_domain",
      resellerId: t.reseller.id,
      customerId: original.customerId,
      naturalKey: original.naturalKey,
      payload: original.payload,
      createdById: support.id,
    });
    expect(await db().service.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({ status: "gone" });
    expect(await db().driftFinding.findUniqueOrThrow({ where: { id: finding.id } })).toMatchObject({
      resolution: "recreated",
      resolvedBy: support.id,
    });
    const audit = await db().auditEvent.findFirstOrThrow({
      where: { action: "service.recreated", after: { path: ["serviceId"], equals: old.id } },
    });
    expect(audit).toMatchObject({ actorId: support.id, resellerId: t.reseller.id, after: { orderId }, reason: why });
    // The new order was placed for the engineer's reason (an internal note, docs/security.md).
    expect(await db().auditEvent.findFirstOrThrow({ where: { orderId, action: "order.placed" } })).toMatchObject({
      actorId: support.id,
      reason: why,
    });

    // Submitted again (double click, second tab): the same order, no second one.
    expect(await recreateFinding(support, finding.id, why)).toMatchObject({
      ok: true,
      message: expect.stringContaining(orderId),
    });
    expect(await db().order.count({ where: { resellerId: t.reseller.id } })).toBe(2);

    // Through the pipeline: a new domain with a new code, same name and settings, same customer.
    expect((await waitForOrder(orderId, isFinal)).status).toBe("succeeded");
    const fresh = await db().service.findUniqueOrThrow({ where: { createOrderId: orderId } });
    expect(fresh).toMatchObject({ status: "active", customerId: old.customerId, naturalKey: old.naturalKey });
    expect(fresh.upstreamRef).not.toBe(old.upstreamRef);
    const made = (await ledgerFor("qboxmail", name)).created;
    expect(made.map((m) => m.ref)).toEqual([old.upstreamRef, fresh.upstreamRef]);
    expect(made[1]!.fields).toEqual(made[0]!.fields);
    // The limit holds the domain once: the reseller (limit 1) still cannot order another.
    const another = await place(t, "qboxmail_domain", forms.qboxmail_domain(`other${uniq()}.example.com`));
    expect(another).toMatchObject({ ok: false, formError: expect.stringMatching(/at most 1/) });
  });

  it("refuses findings it cannot act on, with the reason", async () => {
    const adopted = await db().service.create({
      data: {
        resellerId: t.reseller.id,
        customerId: t.customer.id,
        kind: "qboxmail_domain",
        provider: "qboxmail",
        upstreamRef: `D9${String(Date.now()).slice(-8)}`,
        naturalKey: `adopted${uniq()}.example.com`,
        displayName: "adopted",
      },
    });
    const f = await db().driftFinding.create({
      data: {
        provider: "qboxmail",
        kind: "qboxmail_domain",
        upstreamRef: adopted.upstreamRef,
        naturalKey: adopted.naturalKey,
        type: "missing",
        serviceId: adopted.id,
        resellerId: t.reseller.id,
      },
    });
    expect(await recreateFinding(support, f.id, "Missing, order it again")).toMatchObject({
      ok: false,
      message: expect.stringContaining("adopted"),
    });
    expect(await db().service.findUniqueOrThrow({ where: { id: adopted.id } })).toMatchObject({ status: "active" });
    await db().driftFinding.update({ where: { id: f.id }, data: { type: "unowned" } });
    expect(await recreateFinding(support, f.id, "Missing, order it again")).toMatchObject({
      ok: false,
      message: expect.stringContaining("not a missing"),
    });
    // Leave nothing open for other files' drift pages.
    await db().driftFinding.update({ where: { id: f.id }, data: { resolvedAt: new Date(), resolution: "dismissed" } });
    await db().service.update({ where: { id: adopted.id }, data: { status: "gone", endedAt: new Date() } });
  });
});
