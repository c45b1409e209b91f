// Support's re-create from a drift finding for the kinds other than a Qboxmail domain
// (drift-recreate.test.ts has that one): a Qboxmail manager with the domains it manages, a
// grommunio domain on its home server, and a grommunio server. Each is removed at the provider by
// another client, found missing by the drift check, and ordered again through the pipeline: the
// new resource has the same name and the same settings as the first, for the same customer, and
// the old service ends as gone.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { runDriftCheck } from "@/lib/services/drift";
import { recreateFinding } from "@/lib/services/drift-recreate";
import { placeChange } from "@/lib/services/place-change";
import { makeOrder, makeService, makeTenant, makeUser } from "../factories";
import { chatService, grommunioApi, qboxmailApi } from "./another-client";
import { fileTenant, forms, isFinal, ledgerFor, succeededService, uniq, waitForOrder } from "./pipeline-fixtures";

const t = fileTenant({ worker: { UPSTREAM_TIMEOUT_MS: "1500" } });
const started = new Date();
// The drift checks here see the whole shared database: what they opened is closed again, so no
// other file's drift pages meet it. (Registered after fileTenant's hooks, so it runs before them.)
afterAll(async () => {
  await db().driftFinding.updateMany({
    where: { detectedAt: { gte: started }, resolvedAt: null },
    data: { resolvedAt: new Date(), resolution: "dismissed" },
  });
});

/** The finding the drift check opens for a service whose resource is gone, re-created and run to its end. */
async function recreateMissing(
  service: { id: string; upstreamRef: string; customerId: string; naturalKey: string },
  support: Viewer,
) {
  await runDriftCheck({ perPage: 50, pauseMs: 0 });
  const finding = await db().driftFinding.findFirstOrThrow({
    where: { upstreamRef: service.upstreamRef, serviceId: service.id, type: "missing", resolvedAt: null },
  });
  const done = await recreateFinding(support, finding.id, "Deleted by mistake, ordered again");
  expect(done.ok, done.message).toBe(true);
  const orderId = (done.message.match(/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/) ?? [])[1]!;
  const order = await waitForOrder(orderId, isFinal);
  expect(order.status).toBe("succeeded");
  expect(await db().service.findUniqueOrThrow({ where: { id: service.id } })).toMatchObject({ status: "gone" });
  const fresh = await db().service.findUniqueOrThrow({ where: { createOrderId: orderId } });
  expect(fresh).toMatchObject({ status: "active", customerId: service.customerId, naturalKey: service.naturalKey });
  expect(fresh.upstreamRef).not.toBe(service.upstreamRef);
  return { fresh, message: done.message };
}

/** The reseller suspends the service from its page, and the order succeeds. */
async function suspendThroughPortal(serviceId: string) {
  const suspended = await placeChange(t.user, { serviceId, action: "suspend", idempotencyKey: `rc-${randomUUID()}` });
  if (!suspended.ok) throw new Error(JSON.stringify(suspended));
  expect((await waitForOrder(suspended.orderId, isFinal)).status).toBe("succeeded");
}

/** The two creates the provider recorded for `key`: the first one's and the re-create's, alike. */
async function sameTwice(sim: "qboxmail" | "grommunio", key: string, refs: string[]) {
  const made = (await ledgerFor(sim, key)).created;
  expect(made.map((m) => m.ref)).toEqual(refs);
  expect(made[1]!.fields).toEqual(made[0]!.fields);
}

describe("re-create from a drift finding, each kind", () => {
  it("a Qboxmail manager: the same person and the same domains, with a new password nobody sees", async () => {
    const support = await makeUser("support");
    const { service: domain } = await succeededService(t, "qboxmail_domain", forms.qboxmail_domain());
    const email = `mgr${uniq()}@example.com`;
    const { service } = await succeededService(
      t,
      "qboxmail_manager",
      forms.qboxmail_manager(email, undefined, [domain.upstreamRef]),
    );
    expect((await qboxmailApi(`/api/managers/${service.upstreamRef}`, { method: "DELETE" })).status).toBe(204);
    const { fresh, message } = await recreateMissing(service, support);
    expect(message).toContain("new random password");
    await sameTwice("qboxmail", email, [service.upstreamRef, fresh.upstreamRef]);
  });

  it("a Qboxmail manager is refused while one of its domains is another reseller's now", async () => {
    const support = await makeUser("support");
    const { service: domain } = await succeededService(t, "qboxmail_domain", forms.qboxmail_domain());
    const { service } = await succeededService(
      t,
      "qboxmail_manager",
      forms.qboxmail_manager(`mgr${uniq()}@example.com`, undefined, [domain.upstreamRef]),
    );
    expect((await qboxmailApi(`/api/managers/${service.upstreamRef}`, { method: "DELETE" })).status).toBe(204);
    await runDriftCheck({ perPage: 50, pauseMs: 0 });
    const finding = await db().driftFinding.findFirstOrThrow({
      where: { upstreamRef: service.upstreamRef, serviceId: service.id, type: "missing", resolvedAt: null },
    });
    // The domain was marked gone for this reseller and adopted by another since.
    await db().service.update({ where: { id: domain.id }, data: { status: "gone", endedAt: new Date() } });
    const other = await makeTenant();
    const adopted = await makeService({ tenant: other, kind: "qboxmail_domain", upstreamRef: domain.upstreamRef });
    const refused = await recreateFinding(support, finding.id, "Deleted by mistake, ordered again");
    expect(refused).toMatchObject({ ok: false, message: expect.stringContaining(domain.upstreamRef) });
    expect((await db().service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe("active");
    expect(await db().order.count({ where: { naturalKey: service.naturalKey, kind: "qboxmail_manager" } })).toBe(1);
    // Once it is no reseller's live domain (gone for good), the manager is ordered again: Qboxmail
    // answers for a domain that is gone.
    await db().service.update({ where: { id: adopted.id }, data: { status: "gone", endedAt: new Date() } });
    const done = await recreateFinding(support, finding.id, "Deleted by mistake, ordered again");
    expect(done.ok, done.message).toBe(true);
  });

  it("a Qboxmail manager disabled through the portal: support is told it comes back enabled", async () => {
    const support = await makeUser("support");
    const { service: domain } = await succeededService(t, "qboxmail_domain", forms.qboxmail_domain());
    const { service } = await succeededService(
      t,
      "qboxmail_manager",
      forms.qboxmail_manager(`mgr${uniq()}@example.com`, undefined, [domain.upstreamRef]),
    );
    await suspendThroughPortal(service.id);
    expect((await qboxmailApi(`/api/managers/${service.upstreamRef}`, { method: "DELETE" })).status).toBe(204);
    const { message } = await recreateMissing(service, support);
    expect(message).toContain("new random password");
    // Support cannot change services: the message says whom to ask.
    expect(message).toContain("The service was disabled, and Qboxmail creates it enabled");
    expect(message).toContain("ask the reseller to disable it again");
    const audit = await db().auditEvent.findFirstOrThrow({
      where: { action: "service.recreated", after: { path: ["serviceId"], equals: service.id } },
    });
    expect(audit.after).toMatchObject({ wasDisabled: true });
  });

  it("a grommunio domain: on the same home server with the same settings", async () => {
    const support = await makeUser("support");
    const form = forms.grommunio_domain(undefined, {
      address: "Via Roma 1",
      endDay: "2031-12-31",
    });
    const { service } = await succeededService(t, "grommunio_domain", form);
    const gone = await grommunioApi("DELETE", `/system/domains/${service.upstreamRef}?purge=true`);
    expect(gone.status).toBeLessThan(300);
    const { fresh } = await recreateMissing(service, support);
    await sameTwice("grommunio", form.domainname, [service.upstreamRef, fresh.upstreamRef]);
  });

  it("is refused while the domain's server is no longer live, or another reseller's create of the name is on its way", async () => {
    const support = await makeUser("support");
    const form = forms.grommunio_domain();
    const { service } = await succeededService(t, "grommunio_domain", form);
    const gone = await grommunioApi("DELETE", `/system/domains/${service.upstreamRef}?purge=true`);
    expect(gone.status).toBeLessThan(300);
    await runDriftCheck({ perPage: 50, pauseMs: 0 });
    const finding = await db().driftFinding.findFirstOrThrow({
      where: { upstreamRef: service.upstreamRef, serviceId: service.id, type: "missing", resolvedAt: null },
    });
    const stillOpen = async () => {
      expect((await db().driftFinding.findUniqueOrThrow({ where: { id: finding.id } })).resolvedAt).toBeNull();
      expect((await db().service.findUniqueOrThrow({ where: { id: service.id } })).status).toBe("active");
    };
    // The server was shared with the reseller; the share is taken back, while it stays shared
    // with another reseller (which is not this reseller's to use).
    const other = await makeTenant();
    const shares = await db().sharedGrommunioServer.findMany({ where: { resellerId: t.reseller.id } });
    await db().sharedGrommunioServer.createMany({
      data: shares.map(({ id: _id, ...s }) => ({ ...s, resellerId: other.reseller.id })),
    });
    await db().sharedGrommunioServer.deleteMany({ where: { resellerId: t.reseller.id } });
    try {
      const refused = await recreateFinding(support, finding.id, "Deleted by mistake, ordered again");
      expect(refused).toMatchObject({ ok: false, message: expect.stringMatching(/no longer live in the portal/) });
      await stillOpen();
      // Nor once the server is another reseller's service (adopted into one of its customers):
      // the domain would be placed on that reseller's server.
      const adopted = await makeService({
        tenant: other,
        kind: "grommunio_server",
        upstreamRef: String(shares[0]!.serverId),
      });
      try {
        const refusedAgain = await recreateFinding(support, finding.id, "Deleted by mistake, ordered again");
        expect(refusedAgain).toMatchObject({
          ok: false,
          message: expect.stringMatching(/no longer live in the portal/),
        });
        await stillOpen();
      } finally {
        await db().service.delete({ where: { id: adopted.id } });
      }
    } finally {
      await db().sharedGrommunioServer.createMany({ data: shares });
    }
    // Another reseller's create of the same name, on its way, would take the name first.
    const rival = await makeOrder({
      tenant: other,
      kind: "grommunio_domain",
      status: "held",
      naturalKey: service.naturalKey,
      payload: form,
    });
    const held = await recreateFinding(support, finding.id, "Deleted by mistake, ordered again");
    expect(held).toMatchObject({ ok: false, message: expect.stringContaining(rival.id) });
    await stillOpen();
    await db().order.update({ where: { id: rival.id }, data: { status: "cancelled" } });
    expect((await recreateFinding(support, finding.id, "Deleted by mistake, ordered again")).ok).toBe(true);
  });

  it("a grommunio domain changed since its order: with the settings as last changed, suspended as it was", async () => {
    const support = await makeUser("support");
    const form = forms.grommunio_domain(undefined, {
      maxUser: "10",
      title: "Studio Rossi",
      address: "Via Roma 1",
      syncPolicy: { devpwenabled: "1", allowbluetooth: "0" },
    });
    const { service } = await succeededService(t, "grommunio_domain", form);
    const change = async (action: string, set?: Record<string, unknown>) => {
      const placed = await placeChange(t.user, {
        serviceId: service.id,
        action,
        idempotencyKey: `rc-${randomUUID()}`,
        form: set,
      });
      if (!placed.ok) throw new Error(JSON.stringify(placed));
      expect((await waitForOrder(placed.orderId, isFinal)).status).toBe("succeeded");
    };
    await change("change", { maxUser: "42", title: "", syncPolicy: { allowbluetooth: "", allowwifi: "0" } });
    await change("suspend");
    const gone = await grommunioApi("DELETE", `/system/domains/${service.upstreamRef}?purge=true`);
    expect(gone.status).toBeLessThan(300);
    const { fresh } = await recreateMissing(service, support);
    const made = (await ledgerFor("grommunio", form.domainname)).created;
    expect(made.map((m) => m.ref)).toEqual([service.upstreamRef, fresh.upstreamRef]);
    const again = made[1]!.fields as Record<string, unknown>;
    expect(again).toMatchObject({ maxUser: 42, address: "Via Roma 1", domainStatus: 1 });
    expect(made[0]!.fields).toMatchObject({ maxUser: 10, title: "Studio Rossi" });
    expect(again.title ?? "").toBe("");
    expect(again.syncPolicy).toEqual({ devpwenabled: 1, allowwifi: 0 });
  });

  it("a grommunio domain suspended with chat on: suspended again, without chat, and support is told", async () => {
    const support = await makeUser("support");
    await chatService(true);
    try {
      const form = forms.grommunio_domain(undefined, { chat: "true" });
      const { service } = await succeededService(t, "grommunio_domain", form);
      await suspendThroughPortal(service.id);
      const gone = await grommunioApi("DELETE", `/system/domains/${service.upstreamRef}?purge=true`);
      expect(gone.status).toBeLessThan(300);
      // grommunio would create it and then answer 500 for chat on a domain that is not active.
      const { fresh, message } = await recreateMissing(service, support);
      expect(message).toContain("without chat");
      expect(message).toContain("Ask the reseller to turn chat on");
      const made = (await ledgerFor("grommunio", form.domainname)).created;
      expect(made.map((m) => m.ref)).toEqual([service.upstreamRef, fresh.upstreamRef]);
      expect(made[0]!.fields).toMatchObject({ chat: true });
      expect(made[1]!.fields).toMatchObject({ domainStatus: 1 });
      expect(made[1]!.fields.chat ?? false).toBe(false);
      const audit = await db().auditEvent.findFirstOrThrow({
        where: { action: "service.recreated", after: { path: ["serviceId"], equals: service.id } },
      });
      expect(audit.after).toMatchObject({ chatLeftOff: true });
    } finally {
      await chatService(false);
    }
  });

  it("a grommunio server: the same host name and external name", async () => {
    const support = await makeUser("support");
    const form = forms.grommunio_server();
    const { service } = await succeededService(t, "grommunio_server", form);
    const gone = await grommunioApi("DELETE", `/system/servers/${service.upstreamRef}`);
    expect(gone.status).toBeLessThan(300);
    const { fresh } = await recreateMissing(service, support);
    await sameTwice("grommunio", form.hostname, [service.upstreamRef, fresh.upstreamRef]);
  });
});
