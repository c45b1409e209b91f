import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import type { OrderKind, OrderStatus } from "@/lib/generated/prisma/enums";
import { qboxmailDomainCodeOptions } from "@/lib/orders/queries/order-form-options";
import { getOrderSnapshot } from "@/lib/orders/queries/order-view";
import { listResellerOrders, parseOrderFilters } from "@/lib/orders/queries/reseller-orders";
import { getResubmitSource } from "@/lib/orders/queries/resubmit-source";
import { listUsableServers } from "@/lib/orders/usable-servers";

type Tenant = { id: string; userId: string; customerIds: string[] };

async function tenant(name: string): Promise<Tenant> {
  const r = await db().reseller.create({ data: { name, slug: `${name}-${randomUUID().slice(0, 8)}` } });
  const u = await db().user.create({
    data: { email: `${randomUUID()}@t.test`, name, role: "reseller", resellerId: r.id, passwordHash: "x" },
  });
  const c1 = await db().customer.create({ data: { resellerId: r.id, name: "One" } });
  const c2 = await db().customer.create({ data: { resellerId: r.id, name: "Two" } });
  return { id: r.id, userId: u.id, customerIds: [c1.id, c2.id] };
}

let seq = 0;
async function order(
  t: Tenant,
  o: {
    kind?: OrderKind;
    status?: OrderStatus;
    name?: string;
    key?: string;
    customer?: number;
    ref?: string;
    at?: Date;
    payload?: object;
    fieldErrors?: object;
  },
) {
  const kind = o.kind ?? "qboxmail_domain";
  const name = o.name ?? `d${seq++}.example.com`;
  const created = await db().order.create({
    data: {
      resellerId: t.id,
      customerId: t.customerIds[o.customer ?? 0]!,
      createdById: t.userId,
      kind,
      provider: kind.startsWith("qboxmail") ? "qboxmail" : "grommunio",
      status: o.status ?? "queued",
      naturalKey: o.key ?? name,
      displayName: name,
      payload: o.payload ?? { name },
      idempotencyKey: randomUUID(),
      upstreamRef: o.ref ?? null,
      createdAt: o.at ?? new Date(),
      fieldErrors: o.fieldErrors,
    },
  });
  // The pipeline brings a service into being with every succeeded create; do the same here.
  if (created.status === "succeeded" && created.upstreamRef) {
    await db().service.create({
      data: {
        resellerId: t.id,
        customerId: created.customerId,
        kind,
        provider: created.provider,
        upstreamRef: created.upstreamRef,
        naturalKey: created.naturalKey,
        displayName: name,
        createOrderId: created.id,
      },
    });
  }
  return created;
}

describe("reseller order reads", () => {
  let a: Tenant;
  let b: Tenant;
  beforeAll(async () => {
    a = await tenant("ord-a");
    b = await tenant("ord-b");
  });
  afterAll(disconnectDb);

  it("pages through every order once, newest first, with no offset", async () => {
    const t = await tenant("ord-pages");
    const base = Date.now() - 1_000_000;
    // Two orders share a timestamp: the id breaks the tie, so neither is skipped nor repeated.
    for (let i = 0; i < 11; i++) await order(t, { at: new Date(base + Math.floor(i / 2) * 1000) });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listResellerOrders(t.id, { cursor, limit: 4 });
      seen.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(11);
    const all = await db().order.findMany({
      where: { resellerId: t.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true },
    });
    expect(seen).toEqual(all.map((o) => o.id));
  });

  it("filters by status, kind, customer and name, only within the reseller", async () => {
    await order(a, { name: "münchen-shop.de", key: "xn--mnchen-shop-thb.de", status: "succeeded", ref: "D123456789" });
    await order(a, { name: "other.example.org", kind: "grommunio_domain", status: "failed", customer: 1 });
    await order(b, { name: "münchen-shop.de", key: "xn--mnchen-shop-thb.de", status: "succeeded" });

    // Names are stored under their IDNA ASCII key: found by a prefix in either spelling, any case.
    const byName = await listResellerOrders(a.id, { q: "MÜNCHEN-SHOP" });
    expect(byName.rows.map((r) => r.displayName)).toEqual(["münchen-shop.de"]);
    expect(byName.rows[0]?.customer.name).toBe("One");
    expect((await listResellerOrders(a.id, { q: "xn--mnchen" })).rows).toHaveLength(1);
    expect((await listResellerOrders(a.id, { q: "oth" })).rows.map((r) => r.displayName)).toEqual([
      "other.example.org",
    ]);
    // The upstream reference matches exactly.
    expect((await listResellerOrders(a.id, { q: "D123456789" })).rows).toHaveLength(1);

    expect((await listResellerOrders(a.id, { status: "failed" })).rows.map((r) => r.displayName)).toEqual([
      "other.example.org",
    ]);
    expect((await listResellerOrders(a.id, { kind: "grommunio_domain" })).rows).toHaveLength(1);
    expect((await listResellerOrders(a.id, { customerId: a.customerIds[1] })).rows).toHaveLength(1);
    // Another tenant's customer id finds nothing, not that tenant's orders.
    expect((await listResellerOrders(a.id, { customerId: b.customerIds[0] })).rows).toEqual([]);
  });

  it("parses URL filters, dropping values it does not know", () => {
    expect(parseOrderFilters({ status: "failed", kind: "nope", customer: "x", q: " a ", cursor: "zz" })).toEqual({
      status: "failed",
      kind: undefined,
      customerId: undefined,
      q: "a",
      cursor: "zz",
    });
  });

  it("shows an order, its timeline and resubmit source only to its own reseller", async () => {
    const o = await order(a, {
      status: "failed",
      fieldErrors: { name: ["is already taken"] },
      payload: { name: "taken.example.com", plan: "basic" },
    });
    // All in one millisecond, as on a fast machine: the timeline still reads as a story.
    const at = new Date();
    for (const action of ["order.placed", "order.provisioning", "order.failed"]) {
      await db().auditEvent.create({
        data: {
          actorType: action === "order.placed" ? "user" : "worker",
          actorId: a.userId,
          resellerId: a.id,
          orderId: o.id,
          action,
          at,
        },
      });
    }
    await db().attempt.create({
      data: {
        orderId: o.id,
        number: 1,
        kind: "create",
        workerId: "w1",
        outcome: "rejected",
        httpStatus: 422,
        durationMs: 87,
        message: "Name taken",
        startedAt: at,
      },
    });
    const snap = await getOrderSnapshot(a.id, o.id);
    expect(snap).toMatchObject({ status: "failed", fieldErrors: { name: ["is already taken"] } });
    expect(snap?.timeline.map((t) => (t.type === "event" ? t.action : "attempt"))).toEqual([
      "order.placed",
      "order.provisioning",
      "attempt",
      "order.failed",
    ]);
    expect(snap?.timeline.find((t) => t.type === "attempt")).toMatchObject({
      outcome: "rejected",
      httpStatus: 422,
      durationMs: 87,
    });
    expect(JSON.stringify(snap)).not.toContain("w1"); // worker ids are support's business

    expect(await getOrderSnapshot(b.id, o.id)).toBeNull();
    expect(await getOrderSnapshot(a.id, "nonsense")).toBeNull();
    expect(await getResubmitSource(a.id, o.id)).toMatchObject({
      kind: "qboxmail_domain",
      payload: { name: "taken.example.com" },
    });
    expect(await getResubmitSource(b.id, o.id)).toBeNull();
    const running = await order(a, { status: "queued" });
    expect(await getResubmitSource(a.id, running.id)).toBeNull();
  });

  it("offers the reseller's own servers and provisioned Qboxmail domains on the order form, the chosen customer's by default", async () => {
    const t = await tenant("ord-opts");
    const [one, two] = t.customerIds as [string, string];
    const viewer = { id: t.userId, role: "reseller" as const, resellerId: t.id };
    await order(t, { kind: "grommunio_server", name: "mx1.test", status: "succeeded", ref: "907" });
    await order(t, { kind: "grommunio_server", name: "mx2.test", status: "queued" });
    await order(t, { kind: "grommunio_server", name: "mx3.test", status: "failed" });
    await order(t, { kind: "grommunio_server", name: "mx4.test", status: "succeeded", ref: "908", customer: 1 });
    await order(t, { kind: "qboxmail_domain", name: "good.example", status: "succeeded", ref: "D100000001" });
    await order(t, {
      kind: "qboxmail_domain",
      name: "other.example",
      status: "succeeded",
      ref: "D100000003",
      customer: 1,
    });
    await order(t, { kind: "qboxmail_domain", name: "pending.example", status: "queued" });
    await order(b, { kind: "qboxmail_domain", name: "foreign.example", status: "succeeded", ref: "D100000002" });

    const labels = async (q: Parameters<typeof listUsableServers>[2]) =>
      (await listUsableServers(viewer, t.id, q)).map((s) => `${s.label}:${s.serverId ?? s.status}`).sort();
    expect(await labels({})).toEqual(["mx1.test:907", "mx2.test:queued", "mx4.test:908"]);
    expect(await labels({ customerId: one, onlyCustomer: true })).toEqual(["mx1.test:907", "mx2.test:queued"]);
    expect(await labels({ customerId: two, onlyCustomer: true })).toEqual(["mx4.test:908"]);
    expect(await labels({ customerId: two, onlyCustomer: true, search: "MX4" })).toEqual(["mx4.test:908"]);

    const codes = async (q: Parameters<typeof qboxmailDomainCodeOptions>[1]) =>
      (await qboxmailDomainCodeOptions(t.id, q)).map((o) => o.value);
    expect(await qboxmailDomainCodeOptions(t.id)).toEqual([
      { value: "D100000001", label: "good.example (D100000001)", customerId: one },
      { value: "D100000003", label: "other.example (D100000003)", customerId: two },
    ]);
    expect(await codes({ customerId: one, onlyCustomer: true })).toEqual(["D100000001"]);
    expect(await codes({ customerId: one, onlyCustomer: false, search: "OTHER" })).toEqual(["D100000003"]);
    expect(await codes({ search: "D100000003" })).toEqual(["D100000003"]);
    // Another reseller's code is never offered, not even when asked for by code.
    expect(await codes({ search: "D100000002", codes: ["D100000002"] })).toEqual([]);
    // A chosen code keeps its label whatever the search.
    expect(await codes({ customerId: one, onlyCustomer: true, search: "zzz", codes: ["D100000003"] })).toEqual([
      "D100000003",
    ]);
  });
});
