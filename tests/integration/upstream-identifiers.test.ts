// Upstream identifiers cannot cross tenants (docs/security.md "Upstream identifiers"): a grommunio
// domain may only name a server the reseller ordered (succeeded) or an admin shared with it, and
// the grommunio organisation / Qboxmail customer come from the admin's per-reseller settings,
// whatever the reseller submits. An empty home server is filled in with one of the reseller's
// servers, or refused: it is never left to grommunio, which would pick any of its servers.

import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import {
  shareServer,
  UpstreamIdTakenError,
  unshareServer,
  updateResellerUpstream,
} from "@/lib/admin/reseller-upstream";
import { createApiToken } from "@/lib/api/tokens";
import { db, disconnectDb } from "@/lib/db";
import { closeProducer } from "@/lib/jobs/enqueue-order";
import { listUsableServers } from "@/lib/orders/usable-servers";
import { giveUsableGrommunioServer, makeOrder, makeService, makeTenant, type Tenant } from "../factories";
import { callApi } from "./api-client";
import { forms, place, quiesceOrders } from "./pipeline-fixtures";

afterAll(async () => {
  await quiesceOrders();
  await closeProducer();
  await disconnectDb();
});

const admin = { id: randomUUID(), role: "admin" as const, email: "admin@example.test" };

/** A grommunio server order of this tenant in a given state (as the pipeline would leave it). */
function serverOrder(t: Tenant, serverId: number | null, status: "succeeded" | "queued" = "succeeded") {
  // Letters only: a search for a server's number ("205") must not also find a random name with
  // those digits in it.
  const letters = randomUUID()
    .slice(0, 8)
    .replace(/\d/g, (d) => "ghijklmnop"[Number(d)]!);
  const hostname = `mx${letters}.example.com`;
  const upstreamRef = serverId === null ? undefined : String(serverId);
  const payload = { hostname, extname: hostname };
  return makeOrder({ tenant: t, kind: "grommunio_server", status, naturalKey: hostname, payload, upstreamRef });
}

/** The service a succeeded server order brought into being (as the pipeline writes it). */
function serverService(t: Tenant, order: { id: string; naturalKey: string; upstreamRef: string | null }) {
  const { id: createOrderId, naturalKey } = order;
  return makeService({
    tenant: t,
    kind: "grommunio_server",
    naturalKey,
    upstreamRef: order.upstreamRef ?? "",
    createOrderId,
  });
}

/** A delete order of a service, in a state on its way (as lib/services/place-change.ts places it). */
function deleteOrder(
  t: Tenant,
  service: { id: string; naturalKey: string; upstreamRef: string },
  status: "queued" | "retrying" | "held",
) {
  const { id: serviceId, naturalKey, upstreamRef } = service;
  const kind = "grommunio_server";
  return makeOrder({ tenant: t, kind, action: "delete", serviceId, status, naturalKey, payload: {}, upstreamRef });
}

const orderPayload = async (id: string) =>
  (await db().order.findUniqueOrThrow({ where: { id }, select: { payload: true } })).payload as Record<string, unknown>;

describe("grommunio home servers a reseller may use", () => {
  it("refuses another reseller's server ID and writes nothing", async () => {
    const a = await makeTenant();
    const b = await makeTenant();
    await serverOrder(a, 201);
    const r = await place(b, "grommunio_domain", forms.grommunio_domain(undefined, { homeserver: 201 }));
    expect(r).toMatchObject({ ok: false, fieldErrors: { homeserver: [expect.stringContaining("not one of your")] } });
    expect(await db().order.count({ where: { resellerId: b.reseller.id } })).toBe(0);
  });

  it("refuses a server ID nobody ordered or shared, and an own server order that has not succeeded", async () => {
    const t = await makeTenant();
    await serverOrder(t, null, "queued");
    expect(await place(t, "grommunio_domain", forms.grommunio_domain(undefined, { homeserver: 202 }))).toMatchObject({
      ok: false,
      fieldErrors: { homeserver: [expect.any(String)] },
    });
  });

  it("accepts the reseller's own succeeded server and a server an admin shared, until the share ends", async () => {
    const t = await makeTenant();
    await serverOrder(t, 203);
    const own = await place(t, "grommunio_domain", forms.grommunio_domain(undefined, { homeserver: 203 }));
    expect(own).toMatchObject({ ok: true });

    await shareServer(admin, { resellerId: t.reseller.id, serverId: 204, label: "shared.example.com", reason: "test" });
    const shared = await place(t, "grommunio_domain", forms.grommunio_domain(undefined, { homeserver: 204 }));
    expect(shared).toMatchObject({ ok: true });
    if (shared.ok) expect(await orderPayload(shared.orderId)).toMatchObject({ homeserver: 204 });

    const share = await db().sharedGrommunioServer.findFirstOrThrow({ where: { resellerId: t.reseller.id } });
    await unshareServer(admin, { shareId: share.id, reason: "test" });
    expect(await place(t, "grommunio_domain", forms.grommunio_domain(undefined, { homeserver: 204 }))).toMatchObject({
      ok: false,
    });
    const actions = await db().auditEvent.findMany({
      where: { resellerId: t.reseller.id, action: { startsWith: "admin.server" } },
      orderBy: { id: "asc" },
    });
    expect(actions.map((a) => a.action)).toEqual(["admin.server.shared", "admin.server.unshared"]);
  });

  it("lists own servers (done and on their way) and shared ones, never another reseller's, with search", async () => {
    const a = await makeTenant();
    const b = await makeTenant();
    const done = await serverOrder(a, 205);
    const pending = await serverOrder(a, null, "queued");
    await serverOrder(b, 206);
    await shareServer(admin, { resellerId: a.reseller.id, serverId: 207, label: "pool-7.example.net", reason: "x" });

    const list = await listUsableServers(a.user, a.reseller.id);
    expect(list.map((s) => [s.source, s.serverId, s.orderId]).sort()).toEqual(
      [
        ["ordered", 205, done.id],
        ["ordered", null, pending.id],
        ["shared", 207, null],
      ].sort(),
    );
    expect((await listUsableServers(a.user, a.reseller.id, { search: "pool-7" })).map((s) => s.serverId)).toEqual([
      207,
    ]);
    expect((await listUsableServers(a.user, a.reseller.id, { search: "205" })).map((s) => s.orderId)).toEqual([
      done.id,
    ]);
    // Another reseller's user, or staff, asking for a's servers get nothing.
    expect(await listUsableServers(b.user, a.reseller.id)).toEqual([]);
    expect(await listUsableServers({ ...admin }, a.reseller.id)).toEqual([]);
  });
});

describe("an empty home server: the portal chooses among the reseller's own servers", () => {
  const emptyServer = async (t: Tenant, customerId = t.customer.id) => {
    const r = await place(
      { ...t, customer: { ...t.customer, id: customerId } },
      "grommunio_domain",
      forms.grommunio_domain(),
    );
    if (!r.ok) throw new Error(`placement refused: ${JSON.stringify(r)}`);
    return (await orderPayload(r.orderId)).homeserver;
  };

  it("never leaves the choice to grommunio while the reseller has a server, and never picks another reseller's", async () => {
    const a = await makeTenant();
    const b = await makeTenant();
    await serverOrder(a, 221);
    await serverOrder(b, 222);
    await shareServer(admin, { resellerId: b.reseller.id, serverId: 223, label: "b-only.example.net", reason: "t" });
    for (let i = 0; i < 3; i++) expect(await emptyServer(a)).toBe(221);
    // A deleted server is no longer one to choose.
    const gone = await serverOrder(b, 224);
    await db().service.create({
      data: {
        resellerId: b.reseller.id,
        customerId: b.customer.id,
        kind: "grommunio_server",
        provider: "grommunio",
        upstreamRef: "224",
        naturalKey: gone.naturalKey,
        displayName: gone.naturalKey,
        createOrderId: gone.id,
        status: "deleted",
      },
    });
    expect([222, 223]).toContain(await emptyServer(b));
  });

  it("prefers a server ordered for the same customer, then spreads domains over the servers", async () => {
    const t = await makeTenant();
    await shareServer(admin, { resellerId: t.reseller.id, serverId: 231, label: "pool-a.example.net", reason: "t" });
    await shareServer(admin, { resellerId: t.reseller.id, serverId: 232, label: "pool-b.example.net", reason: "t" });
    expect([await emptyServer(t), await emptyServer(t)].sort()).toEqual([231, 232]);
    const other = await db().customer.create({ data: { resellerId: t.reseller.id, name: "Second customer" } });
    const own = await db().order.update({
      where: { id: (await serverOrder(t, 233)).id },
      data: { customerId: other.id },
    });
    expect(own.upstreamRef).toBe("233");
    expect(await emptyServer(t, other.id)).toBe(233);
    expect(await emptyServer(t, other.id)).toBe(233);
  });

  it("skips a server with a delete order on its way, its own or a shared one", async () => {
    const t = await makeTenant();
    const own = await serverOrder(t, 241);
    const ownService = await serverService(t, own);
    await shareServer(admin, { resellerId: t.reseller.id, serverId: 242, label: "pool-c.example.net", reason: "t" });
    await shareServer(admin, { resellerId: t.reseller.id, serverId: 243, label: "pool-d.example.net", reason: "t" });
    // Shared 242 (the lower ID, chosen first otherwise) is a server another reseller ordered and
    // is deleting now.
    const other = await makeTenant();
    await deleteOrder(other, await serverService(other, await serverOrder(other, 242)), "retrying");
    // Ordered for the same customer, 241 is the first choice until its delete is placed.
    expect(await emptyServer(t)).toBe(241);
    const deleting = await deleteOrder(t, ownService, "queued");
    for (let i = 0; i < 3; i++) expect(await emptyServer(t)).toBe(243);
    // A delete that ended without deleting (cancelled) gives the server back.
    await db().order.update({ where: { id: deleting.id }, data: { status: "cancelled" } });
    expect(await emptyServer(t)).toBe(241);
  });
});

describe("no usable server: refused, never left to grommunio's automatic placement", () => {
  const NO_SERVER =
    "You have no grommunio server yet: order a server first, or ask an administrator to share one with you.";

  it("refuses on the home server field and writes nothing, even when other resellers have servers", async () => {
    const t = await makeTenant();
    const other = await makeTenant();
    await serverOrder(other, 251);
    await shareServer(admin, { resellerId: other.reseller.id, serverId: 252, label: "other.example.net", reason: "t" });
    for (const extra of [{}, { homeserver: null }, { homeserver: "" }]) {
      expect(await place(t, "grommunio_domain", forms.grommunio_domain(undefined, extra))).toEqual({
        ok: false,
        fieldErrors: { homeserver: [NO_SERVER] },
        formError: undefined,
      });
    }
    expect(await db().order.count({ where: { resellerId: t.reseller.id } })).toBe(0);
  });

  it("a server being deleted is no server; one still on its way is to be chosen by its order", async () => {
    const t = await makeTenant();
    await deleteOrder(t, await serverService(t, await serverOrder(t, 253)), "held");
    expect(await place(t, "grommunio_domain", forms.grommunio_domain())).toMatchObject({
      ok: false,
      fieldErrors: { homeserver: [NO_SERVER] },
    });
    const pending = await serverOrder(t, null, "queued");
    expect(await place(t, "grommunio_domain", forms.grommunio_domain())).toMatchObject({
      ok: false,
      fieldErrors: { homeserver: [expect.stringMatching(/^Your grommunio server is not ready yet: choose its order/)] },
    });
    const waits = await place(
      t,
      "grommunio_domain",
      forms.grommunio_domain(undefined, { homeserverOrderId: pending.id }),
    );
    expect(waits).toMatchObject({ ok: true });
  });

  it("the API answers 422 problem+json naming fields.homeserver", async () => {
    const t = await makeTenant();
    const token = await createApiToken(
      { ...t.user, resellerId: t.reseller.id },
      { name: `t-${randomUUID()}`, scopes: ["orders:write"] },
    );
    if (!token.ok) throw new Error(JSON.stringify(token.fieldErrors));
    const res = await callApi("POST", "/orders", {
      token: token.token,
      body: { kind: "grommunio_domain", customerId: t.customer.id, fields: forms.grommunio_domain() },
      headers: { "idempotency-key": `api-${randomUUID()}` },
    });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual({ "fields.homeserver": [NO_SERVER] });
    expect(await db().order.count({ where: { resellerId: t.reseller.id } })).toBe(0);
  });
});

describe("organisation and customer codes set per reseller by an admin", () => {
  it("replaces what the reseller sent with the admin's values, and drops them when none are set", async () => {
    const t = await makeTenant();
    await giveUsableGrommunioServer(t);
    const none = await place(t, "grommunio_domain", forms.grommunio_domain(undefined, { orgID: 99 }));
    expect(none.ok).toBe(true);
    if (none.ok) expect(await orderPayload(none.orderId)).not.toHaveProperty("orgID");
    const q0 = await place(t, "qboxmail_domain", {
      ...forms.qboxmail_domain(),
      customer_code: "C-OTHER",
      outbound_limit_id: 5,
    });
    expect(q0.ok).toBe(true);
    if (q0.ok) {
      const p = await orderPayload(q0.orderId);
      expect(p).not.toHaveProperty("customer_code");
      expect(p).not.toHaveProperty("outbound_limit_id");
    }

    const code = `C${randomUUID().slice(0, 6)}`;
    const orgId = 100_000 + Math.floor(Math.random() * 1_000_000);
    await updateResellerUpstream(admin, {
      resellerId: t.reseller.id,
      grommunioOrgId: orgId,
      qboxmailCustomerCode: code,
      qboxmailOutboundLimitId: 3,
      updatedAt: await shownAt(t.reseller.id),
      reason: "onboarding",
    });
    const g = await place(t, "grommunio_domain", forms.grommunio_domain(undefined, { orgID: 99 }));
    expect(g.ok).toBe(true);
    if (g.ok) expect(await orderPayload(g.orderId)).toMatchObject({ orgID: orgId });
    const q = await place(t, "qboxmail_domain", { ...forms.qboxmail_domain(), customer_code: "C-OTHER" });
    expect(q.ok).toBe(true);
    if (q.ok) expect(await orderPayload(q.orderId)).toMatchObject({ customer_code: code, outbound_limit_id: 3 });
  });

  it("never gives two resellers the same organisation or customer code, and says which field and whose", async () => {
    const a = await makeTenant();
    const b = await makeTenant();
    const code = `C${randomUUID().slice(0, 6)}`;
    const orgId = 2_000_000 + Math.floor(Math.random() * 1_000_000);
    const base = { grommunioOrgId: null, qboxmailOutboundLimitId: null, reason: "setup" };
    const save = async (t: Tenant, ids: { grommunioOrgId?: number; qboxmailCustomerCode?: string }) =>
      updateResellerUpstream(admin, {
        ...base,
        qboxmailCustomerCode: null,
        ...ids,
        resellerId: t.reseller.id,
        updatedAt: await shownAt(t.reseller.id),
      });
    await save(a, { qboxmailCustomerCode: code, grommunioOrgId: orgId });
    const takenCode = await save(b, { qboxmailCustomerCode: code }).catch((e: unknown) => e);
    expect(takenCode).toBeInstanceOf(UpstreamIdTakenError);
    expect(takenCode).toMatchObject({
      field: "qboxmailCustomerCode",
      message: expect.stringMatching(/^This Qboxmail customer code already belongs to the reseller/),
    });
    expect((takenCode as Error).message).toContain(`${a.reseller.name} (${a.reseller.slug})`);
    const takenOrg = await save(b, { grommunioOrgId: orgId }).catch((e: unknown) => e);
    expect(takenOrg).toMatchObject({
      field: "grommunioOrgId",
      message: expect.stringContaining(
        `This grommunio organisation ID already belongs to the reseller ${a.reseller.name}`,
      ),
    });
    expect((await db().reseller.findUniqueOrThrow({ where: { id: b.reseller.id } })).qboxmailCustomerCode).toBeNull();
  });

  it("refuses identifiers saved from a page loaded before another admin's save", async () => {
    const t = await makeTenant();
    const shown = await shownAt(t.reseller.id);
    const ids = { grommunioOrgId: null, qboxmailOutboundLimitId: null, reason: "setup" };
    await updateResellerUpstream(admin, {
      ...ids,
      qboxmailCustomerCode: `N${randomUUID().slice(0, 6)}`,
      resellerId: t.reseller.id,
      updatedAt: shown,
    });
    await expect(
      updateResellerUpstream(admin, {
        ...ids,
        qboxmailCustomerCode: null,
        resellerId: t.reseller.id,
        updatedAt: shown,
      }),
    ).rejects.toThrow(/changed this reseller after this page was loaded/);
    expect(
      (await db().reseller.findUniqueOrThrow({ where: { id: t.reseller.id } })).qboxmailCustomerCode,
    ).not.toBeNull();
  });
});

/** The reseller's updatedAt as the admin page would show it now. */
async function shownAt(resellerId: string): Promise<Date> {
  return (await db().reseller.findUniqueOrThrow({ where: { id: resellerId }, select: { updatedAt: true } })).updatedAt;
}
