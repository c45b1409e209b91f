// A grommunio server delete must not overtake a domain order bound for that server
// (docs/lifecycle.md "Deleting a grommunio server"). The chaos run saw it: a domain create delayed
// by faults found its server deleted by a delete placed after it ("Invalid homeserver"). Placing
// refuses either side while the other is open, through the service page's path and the API, and
// two placements racing each other cannot both be accepted.

import { randomUUID } from "node:crypto";
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { shareServer } from "@/lib/admin/reseller-upstream";
import { createApiToken } from "@/lib/api/tokens";
import { db, Prisma, sqlRows, sqlTransaction } from "@/lib/db";
import type { OrderStatus } from "@/lib/generated/prisma/enums";
import { localizeSentence } from "@/lib/i18n/sentences";
import { listUsableServers } from "@/lib/orders/usable-servers";
import { recreateFinding } from "@/lib/services/drift-recreate";
import { placeChange } from "@/lib/services/place-change";
import { bulkRetry } from "@/lib/support/bulk-retry";
import { retryOrderNow } from "@/lib/support/order-actions";
import de from "@/messages/de.json";
import it_ from "@/messages/it.json";
import { makeOrder, makeService, makeUser, type Tenant } from "../factories";
import { callApi } from "./api-client";
import { forms, makeTenant, pipelineFileHooks, place } from "./pipeline-fixtures";

pipelineFileHooks();

const admin = { id: randomUUID(), role: "admin" as const, email: "admin@example.test" };

/**
 * A grommunio server ID no service, order or share of any test holds yet. Drawn from 100–199:
 * the simulators number the servers they really create from 1, and upstream-identifiers.test.ts
 * orders fixed IDs from 200 on in the same database, so an ID of 200 or more taken here would
 * make its server order break the one-owner rule when that file runs later.
 */
async function freeServerId(): Promise<number> {
  const used = await sqlRows<{ id: string }>(Prisma.sql`
    SELECT upstream_ref AS id FROM service WHERE kind = 'grommunio_server'
    UNION SELECT upstream_ref FROM "order" WHERE kind = 'grommunio_server' AND upstream_ref IS NOT NULL
    UNION SELECT payload ->> 'homeserver' FROM "order" WHERE kind = 'grommunio_domain'
    UNION SELECT server_id::text FROM shared_grommunio_server`);
  const taken = new Set(used.map((r) => r.id));
  const free = Array.from({ length: 100 }, (_, i) => i + 100).filter((id) => !taken.has(String(id)));
  if (free.length === 0) throw new Error("no free grommunio server ID left for this test");
  return free[Math.floor(Math.random() * free.length)]!;
}

/** A server the tenant ordered and that succeeded: its create order and its live service. */
async function ownServer(t: Tenant, serverId?: number) {
  const id = serverId ?? (await freeServerId());
  const hostname = `mx${randomUUID().slice(0, 8)}.example.com`;
  const order = await makeOrder({
    tenant: t,
    kind: "grommunio_server",
    status: "succeeded",
    naturalKey: hostname,
    payload: { hostname, extname: hostname },
    upstreamRef: String(id),
  });
  const service = await makeService({
    tenant: t,
    kind: "grommunio_server",
    naturalKey: hostname,
    upstreamRef: String(id),
    createOrderId: order.id,
  });
  return { serverId: id, order, service };
}

const deleteServer = (t: Tenant, service: { id: string; naturalKey: string }, key = `del-${randomUUID()}`) =>
  placeChange(t.user, {
    serviceId: service.id,
    action: "delete",
    idempotencyKey: key,
    confirmName: service.naturalKey,
  });

const domainOn = (t: Tenant, serverId: number) =>
  place(t, "grommunio_domain", forms.grommunio_domain(undefined, { homeserver: serverId }));

const setStatus = (id: string, status: OrderStatus) => db().order.update({ where: { id }, data: { status } });

const ordersOf = (t: Tenant) => db().order.findMany({ where: { resellerId: t.reseller.id } });

const german = createTranslator({ locale: "de", messages: de, namespace: "sentences" });
const italian = createTranslator({ locale: "it", messages: it_, namespace: "sentences" });

describe("a server delete while domain orders bound for the server are open", () => {
  it("is refused, naming the open orders, and accepted once they have settled", async () => {
    const t = await makeTenant();
    const { serverId, service } = await ownServer(t);
    const first = await domainOn(t, serverId);
    const second = await domainOn(t, serverId);
    if (!first.ok || !second.ok) throw new Error(JSON.stringify([first, second]));
    const before = (await ordersOf(t)).length;
    const placedEvents = () => db().auditEvent.count({ where: { resellerId: t.reseller.id, action: "order.placed" } });
    const eventsBefore = await placedEvents();

    const refused = await deleteServer(t, service);
    expect(refused).toEqual({
      ok: false,
      fieldErrors: {},
      refusal: "blockedByOpenOrders",
      formError: `Server ${service.displayName} has 2 domain orders still open (${first.orderId}, ${second.orderId}): wait for them to finish or cancel them, then delete the server.`,
    });
    // Nothing written: no delete order, no audit event of one.
    expect((await ordersOf(t)).length).toBe(before);
    expect(await placedEvents()).toBe(eventsBefore);
    // In the person's language at the form.
    expect(localizeSentence(refused.ok ? "" : refused.formError!, german)).toBe(
      `Server ${service.displayName} hat noch 2 offene Domain-Aufträge (${first.orderId}, ${second.orderId}): Warten Sie, bis sie abgeschlossen sind, oder stornieren Sie sie, und löschen Sie dann den Server.`,
    );
    expect(localizeSentence(refused.ok ? "" : refused.formError!, italian)).toMatch(
      /^Il server .* ha ancora 2 ordini di dominio aperti/,
    );

    // Every open status holds the delete back (a held order may still be sent again).
    await setStatus(first.orderId, "succeeded");
    for (const status of ["provisioning", "retrying", "unknown", "held"] as const) {
      await setStatus(second.orderId, status);
      expect(await deleteServer(t, service)).toMatchObject({
        ok: false,
        formError: expect.stringMatching(/has 1 domain order still open/),
      });
    }
    // Settled (succeeded or failed): grommunio itself refuses to delete a server still holding a
    // domain, so the portal lets the delete through and the provider answers for what exists.
    await setStatus(second.orderId, "failed");
    const accepted = await deleteServer(t, service);
    expect(accepted).toMatchObject({ ok: true, duplicate: false });
  });

  it("counts a domain waiting for the server's own order, and another reseller's domain on a shared server without naming it", async () => {
    const t = await makeTenant();
    const other = await makeTenant();
    const { serverId, order, service } = await ownServer(t);
    // A domain placed while the server order was still running waits for it by order id (no server
    // ID in its payload); the server has succeeded since, the domain is not promoted yet.
    const waiting = await makeOrder({
      tenant: t,
      kind: "grommunio_domain",
      status: "pending",
      payload: { domainname: "waits.example.com", maxUser: 10, homeserverOrderId: order.id },
    });
    await db().order.update({ where: { id: waiting.id }, data: { dependsOnOrderId: order.id } });
    expect(await deleteServer(t, service)).toMatchObject({
      ok: false,
      formError: `Server ${service.displayName} has 1 domain order still open (${waiting.id}): wait for it to finish or cancel it, then delete the server.`,
    });
    await setStatus(waiting.id, "cancelled");

    await shareServer(admin, { resellerId: other.reseller.id, serverId, label: "shared.example.net", reason: "t" });
    const theirs = await domainOn(other, serverId);
    if (!theirs.ok) throw new Error(JSON.stringify(theirs));
    const refused = await deleteServer(t, service);
    expect(refused).toMatchObject({
      ok: false,
      formError: `Server ${service.displayName} has 1 domain order still open, placed by resellers the server is shared with: wait for it to finish, or ask support, then delete the server.`,
    });
    expect(JSON.stringify(refused)).not.toContain(theirs.orderId);
  });
});

describe("a domain bound for a server whose delete is open", () => {
  it("is refused on the field that named the server, and a server being deleted is never chosen", async () => {
    const t = await makeTenant();
    const { serverId, order, service } = await ownServer(t);
    const del = await deleteServer(t, service);
    if (!del.ok) throw new Error(JSON.stringify(del));

    expect(await domainOn(t, serverId)).toEqual({
      ok: false,
      fieldErrors: {
        homeserver: [`Server ${serverId} is being deleted (order ${del.orderId}): choose another server.`],
      },
      formError: undefined,
    });
    const byOrder = await place(
      t,
      "grommunio_domain",
      forms.grommunio_domain(undefined, { homeserverOrderId: order.id }),
    );
    expect(byOrder).toEqual({
      ok: false,
      fieldErrors: {
        homeserverOrderId: [
          `The server of order ${order.id} is being deleted (order ${del.orderId}): choose another server.`,
        ],
      },
      formError: undefined,
    });
    // Left empty: the server being deleted is skipped, the reseller's other server is chosen.
    const { serverId: spare } = await ownServer(t);
    const chosen = await place(t, "grommunio_domain", forms.grommunio_domain());
    if (!chosen.ok) throw new Error(JSON.stringify(chosen));
    expect((await db().order.findUniqueOrThrow({ where: { id: chosen.orderId } })).payload).toMatchObject({
      homeserver: spare,
    });
    expect((await ordersOf(t)).filter((o) => o.kind === "grommunio_domain").length).toBe(1);

    // Nor does the order form's picker offer it (the reseller's other server it does).
    const offered = async () => (await listUsableServers(t.user, t.reseller.id)).map((s) => s.serverId);
    expect(await offered()).toEqual([spare]);
    // Nor to a reseller the server is shared with.
    const other = await makeTenant();
    await shareServer(admin, { resellerId: other.reseller.id, serverId, label: "going.example.net", reason: "t" });
    const offeredToOther = async () => (await listUsableServers(other.user, other.reseller.id)).map((s) => s.serverId);
    expect(await offeredToOther()).toEqual([]);
    // Named, it is refused, without the owner's order id (an order of another reseller).
    const sharedRefusal = await domainOn(other, serverId);
    expect(sharedRefusal).toMatchObject({
      ok: false,
      fieldErrors: {
        homeserver: [`Server ${serverId} is being deleted by the reseller it belongs to: choose another server.`],
      },
    });
    expect(JSON.stringify(sharedRefusal)).not.toContain(del.orderId);

    // The delete ended without deleting (grommunio refused it, support cancelled it): usable again.
    await setStatus(del.orderId, "failed");
    expect(await domainOn(t, serverId)).toMatchObject({ ok: true });
    expect((await offered()).sort()).toEqual([serverId, spare].sort());
    expect(await offeredToOther()).toEqual([serverId]);
  });
});

describe("two placements racing for one server", () => {
  // Both pass every check made before the lock; exactly one may be accepted.
  const race = async (t: Tenant, serverId: number, service: { id: string; naturalKey: string }) => {
    const [domain, del] = await Promise.all([domainOn(t, serverId), deleteServer(t, service)]);
    expect([domain.ok, del.ok].filter(Boolean)).toHaveLength(1);
    const open = await db().order.count({
      where: {
        resellerId: t.reseller.id,
        status: { in: ["queued", "pending"] },
        OR: [{ serviceId: service.id }, { payload: { path: ["homeserver"], equals: serverId } }],
      },
    });
    expect(open).toBe(1);
    return domain.ok ? "domain" : "delete";
  };

  it("never accepts both a domain on a server and the server's delete", async () => {
    const t = await makeTenant();
    for (let round = 0; round < 12; round++) {
      const { serverId, service } = await ownServer(t);
      await race(t, serverId, service);
    }
  });

  it("with both placements held at the server's lock until each has passed its early checks", async () => {
    const t = await makeTenant();
    const { serverId, service } = await ownServer(t);
    let placements: Promise<unknown> | undefined;
    let outcome: string | undefined;
    await sqlTransaction(async (sql) => {
      // The same key the placements lock (lib/orders/server-retirement.ts): while this holds it,
      // both have run every check made before their lock and wait at it.
      await sql(
        Prisma.sql`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtextextended(${`grommunio-server:${serverId}`}, 0))) l`,
      );
      // Settled either way, so a failed wait below is the only error reported.
      placements = race(t, serverId, service).then(
        (o) => {
          outcome = o;
        },
        (err: unknown) => err,
      );
      for (let i = 0; ; i++) {
        const [w] = await sqlRows<{ n: number }>(
          Prisma.sql`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
        );
        if ((w?.n ?? 0) >= 2) break;
        if (i > 600) throw new Error("the two placements never reached the server's lock");
        await new Promise((r) => setTimeout(r, 50));
      }
    });
    const failed = await placements;
    if (failed) throw failed;
    expect(["domain", "delete"]).toContain(outcome);
  });
});

describe("the reseller API", () => {
  it("answers a server delete with domain orders open 409, and a domain on a server being deleted 422 on fields.homeserver", async () => {
    const t = await makeTenant();
    const token = await createApiToken(
      { ...t.user, resellerId: t.reseller.id },
      { name: `t-${randomUUID()}`, scopes: ["orders:write", "orders:read", "services:write", "services:read"] },
    );
    if (!token.ok) throw new Error(JSON.stringify(token.fieldErrors));
    const { serverId, service } = await ownServer(t);
    const placeDomainByApi = () =>
      callApi("POST", "/orders", {
        token: token.token,
        body: {
          kind: "grommunio_domain",
          customerId: t.customer.id,
          fields: forms.grommunio_domain(undefined, { homeserver: serverId }),
        },
        headers: { "idempotency-key": `api-${randomUUID()}` },
      });
    const created = await placeDomainByApi();
    expect(created.status).toBe(201);

    const path = `/services/${service.id}/changes`;
    const body = { action: "delete", confirmName: service.naturalKey };
    const refused = await callApi("POST", path, {
      token: token.token,
      body,
      headers: { "idempotency-key": `api-${randomUUID()}` },
    });
    expect(refused.status).toBe(409);
    expect(refused.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(refused.body.detail).toBe(
      `Server ${service.displayName} has 1 domain order still open (${created.body.id}): wait for it to finish or cancel it, then delete the server.`,
    );

    await setStatus(created.body.id, "succeeded");
    const accepted = await callApi("POST", path, {
      token: token.token,
      body,
      headers: { "idempotency-key": `api-${randomUUID()}` },
    });
    expect(accepted.status).toBe(202);
    const onDeleting = await placeDomainByApi();
    expect(onDeleting.status).toBe(422);
    expect(onDeleting.body.errors).toEqual({
      "fields.homeserver": [`Server ${serverId} is being deleted (order ${accepted.body.id}): choose another server.`],
    });
  });
});

describe("support sending a failed order again", () => {
  it("refuses to re-open a server delete while a domain order for the server is open, and a domain on a server being deleted", async () => {
    const support = await makeUser("support");
    const t = await makeTenant();
    const { serverId, service } = await ownServer(t);
    // A delete that failed (grommunio refused it once), then a domain ordered onto the server.
    const del = await deleteServer(t, service);
    if (!del.ok) throw new Error(JSON.stringify(del));
    await setStatus(del.orderId, "failed");
    const domain = await domainOn(t, serverId);
    if (!domain.ok) throw new Error(JSON.stringify(domain));

    const version = async (id: string) => (await db().order.findUniqueOrThrow({ where: { id } })).version;
    const retryDelete = { orderId: del.orderId, expectedVersion: await version(del.orderId), reason: "try again" };
    await expect(retryOrderNow(support, retryDelete)).rejects.toThrow(
      `Server ${service.displayName} has 1 domain order still open (${domain.orderId}): wait for it to finish or cancel it, then delete the server.`,
    );
    const bulk = await bulkRetry(support, {
      reason: "try again",
      items: [{ orderId: del.orderId, expectedVersion: retryDelete.expectedVersion }],
    });
    expect(bulk).toEqual({
      retried: [],
      skipped: [{ orderId: del.orderId, label: service.displayName, why: expect.stringContaining("still open") }],
    });
    expect((await db().order.findUniqueOrThrow({ where: { id: del.orderId } })).status).toBe("failed");

    // The other way round: the domain failed, the delete was sent again; the domain may not follow.
    await setStatus(domain.orderId, "failed");
    const retried = await retryOrderNow(support, { ...retryDelete, expectedVersion: await version(del.orderId) });
    expect(retried.status).toBe("queued");
    await expect(
      retryOrderNow(support, {
        orderId: domain.orderId,
        expectedVersion: await version(domain.orderId),
        reason: "again",
      }),
    ).rejects.toThrow(`Server ${serverId} is being deleted (order ${del.orderId}): choose another server.`);
    expect((await db().order.findUniqueOrThrow({ where: { id: domain.orderId } })).status).toBe("failed");
  });
});

describe("support sending a failed grommunio domain order again", () => {
  it("sends it to a server that is no longer the reseller's, but never to one that is another reseller's now", async () => {
    const support = await makeUser("support");
    const t = await makeTenant();
    const { serverId, service } = await ownServer(t);
    const domain = await domainOn(t, serverId);
    if (!domain.ok) throw new Error(JSON.stringify(domain));
    await setStatus(domain.orderId, "failed");
    // The reseller's server was marked gone, and adopted into another reseller's customer since.
    await db().service.update({ where: { id: service.id }, data: { status: "gone", endedAt: new Date() } });
    const other = await makeTenant();
    const adopted = await makeService({ tenant: other, kind: "grommunio_server", upstreamRef: String(serverId) });
    const version = async () => (await db().order.findUniqueOrThrow({ where: { id: domain.orderId } })).version;
    await expect(
      retryOrderNow(support, { orderId: domain.orderId, expectedVersion: await version(), reason: "again" }),
    ).rejects.toThrow(`Server ${serverId} is not one of your servers`);
    expect((await db().order.findUniqueOrThrow({ where: { id: domain.orderId } })).status).toBe("failed");
    // No longer any reseller's service: sent again, as an order accepted once is (grommunio
    // answers for a server that is gone).
    await db().service.update({ where: { id: adopted.id }, data: { status: "gone", endedAt: new Date() } });
    const retried = await retryOrderNow(support, {
      orderId: domain.orderId,
      expectedVersion: await version(),
      reason: "again",
    });
    expect(retried.status).toBe("queued");
  });

  it("never sends a domain placed on a server order to that server once it is another reseller's", async () => {
    const support = await makeUser("support");
    const t = await makeTenant();
    const { serverId, order, service } = await ownServer(t);
    const domain = await place(
      t,
      "grommunio_domain",
      forms.grommunio_domain(undefined, { homeserverOrderId: order.id }),
    );
    if (!domain.ok) throw new Error(JSON.stringify(domain));
    await setStatus(domain.orderId, "failed");
    await db().service.update({ where: { id: service.id }, data: { status: "gone", endedAt: new Date() } });
    const adopted = await makeService({
      tenant: await makeTenant(),
      kind: "grommunio_server",
      upstreamRef: String(serverId),
    });
    try {
      const version = (await db().order.findUniqueOrThrow({ where: { id: domain.orderId } })).version;
      await expect(
        retryOrderNow(support, { orderId: domain.orderId, expectedVersion: version, reason: "again" }),
      ).rejects.toThrow("Choose one of your grommunio server orders that has not failed");
      expect((await db().order.findUniqueOrThrow({ where: { id: domain.orderId } })).status).toBe("failed");
    } finally {
      await db().service.update({ where: { id: adopted.id }, data: { status: "gone", endedAt: new Date() } });
    }
  });
});

describe("support re-creating a missing grommunio domain", () => {
  it("is refused while the delete of the domain's server is open", async () => {
    const support = await makeUser("support");
    const t = await makeTenant();
    const { serverId, service: server } = await ownServer(t);
    const placed = await domainOn(t, serverId);
    if (!placed.ok) throw new Error(JSON.stringify(placed));
    const domainOrder = await setStatus(placed.orderId, "succeeded");
    const domain = await makeService({
      tenant: t,
      kind: "grommunio_domain",
      naturalKey: domainOrder.naturalKey,
      upstreamRef: String(90_000 + serverId),
      createOrderId: domainOrder.id,
    });
    const del = await deleteServer(t, server);
    if (!del.ok) throw new Error(JSON.stringify(del));
    const finding = await db().driftFinding.create({
      data: {
        provider: "grommunio",
        kind: "grommunio_domain",
        upstreamRef: domain.upstreamRef,
        naturalKey: domain.naturalKey,
        type: "missing",
        serviceId: domain.id,
        resellerId: t.reseller.id,
      },
    });
    expect(await recreateFinding(support, finding.id, "Missing, order it again")).toEqual({
      ok: false,
      message: `Server ${serverId} is being deleted (order ${del.orderId}): choose another server.`,
    });
    // Nothing changed: the service is live, the finding open, no new order.
    expect((await db().service.findUniqueOrThrow({ where: { id: domain.id } })).status).toBe("active");
    expect((await db().driftFinding.findUniqueOrThrow({ where: { id: finding.id } })).resolvedAt).toBeNull();
    expect(await db().order.count({ where: { resellerId: t.reseller.id, kind: "grommunio_domain" } })).toBe(1);
    // Leave nothing open for other files' drift pages.
    await db().driftFinding.update({
      where: { id: finding.id },
      data: { resolvedAt: new Date(), resolution: "dismissed" },
    });
    await db().service.update({ where: { id: domain.id }, data: { status: "gone", endedAt: new Date() } });
  });
});
