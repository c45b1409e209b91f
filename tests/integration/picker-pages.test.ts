// The order form's pickers page with keyset cursors (docs/order-form.md "Pickers"): following
// `next` from the first page yields every entry once, in the order one long list would have, with
// and without a search, and a cursor never leaks another reseller's entries.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import type { OrderStatus } from "@/lib/generated/prisma/enums";
import { qboxmailDomainPage } from "@/lib/orders/queries/order-form-options";
import { type UsableServerQuery, usableServerPage } from "@/lib/orders/usable-servers";

type Tenant = { id: string; userId: string; customers: [string, string] };

async function tenant(name: string): Promise<Tenant> {
  const r = await db().reseller.create({ data: { name, slug: `${name}-${randomUUID().slice(0, 8)}` } });
  const u = await db().user.create({
    data: { email: `${randomUUID()}@t.test`, name, role: "reseller", resellerId: r.id, passwordHash: "x" },
  });
  const one = await db().customer.create({ data: { resellerId: r.id, name: "One" } });
  const two = await db().customer.create({ data: { resellerId: r.id, name: "Two" } });
  return { id: r.id, userId: u.id, customers: [one.id, two.id] };
}

let ref = 300;
async function server(t: Tenant, name: string, status: OrderStatus, customer: 0 | 1) {
  await db().order.create({
    data: {
      resellerId: t.id,
      customerId: t.customers[customer],
      createdById: t.userId,
      kind: "grommunio_server",
      provider: "grommunio",
      status,
      naturalKey: name,
      displayName: name,
      payload: { hostname: name },
      idempotencyKey: randomUUID(),
      upstreamRef: status === "succeeded" ? String(ref++) : null,
    },
  });
}

let code = 700_000_000;
async function domain(t: Tenant, name: string, customer: 0 | 1) {
  return db().service.create({
    data: {
      resellerId: t.id,
      customerId: t.customers[customer],
      kind: "qboxmail_domain",
      provider: "qboxmail",
      upstreamRef: `D${code++}`,
      naturalKey: name,
      displayName: name,
    },
  });
}

describe("picker pages", () => {
  let a: Tenant;
  let b: Tenant;
  beforeAll(async () => {
    a = await tenant("pick-a");
    b = await tenant("pick-b");
    // Same-named servers in several tiers, so ties on the label are crossed by the cursor too.
    for (let i = 0; i < 6; i++) {
      await server(a, `mx${i % 3}.a.test`, "succeeded", 0);
      await server(a, `mx${i % 4}.a.test`, "queued", 0);
      await server(a, `mx${i % 2}.a.test`, "succeeded", 1);
      await server(a, `mx${i}.a.test`, "retrying", 1);
      await server(b, `mx${i}.b.test`, "succeeded", 0);
    }
    const admin = await db().user.create({
      data: { email: `${randomUUID()}@t.test`, name: "adm", role: "admin", passwordHash: "x" },
    });
    for (const [serverId, label] of [
      [90, "mx1.a.test"],
      [91, "pool.a.test"],
    ] as const) {
      await db().sharedGrommunioServer.create({ data: { resellerId: a.id, serverId, label, sharedById: admin.id } });
    }
    for (let i = 0; i < 9; i++) {
      await domain(a, i % 3 ? `shop${i % 4}.example` : `bücher${i}.de`, (i % 2) as 0 | 1);
      await domain(b, `shop${i}.example`, 0);
    }
  });
  afterAll(disconnectDb);

  const viewer = (t: Tenant) => ({ id: t.userId, role: "reseller" as const, resellerId: t.id });
  const serverKey = (s: { orderId: string | null; serverId: number | null }) => s.orderId ?? `shared:${s.serverId}`;

  async function allServerPages(t: Tenant, query: UsableServerQuery, limit: number) {
    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const page = await usableServerPage(viewer(t), t.id, { ...query, limit, after });
      expect(page.servers.length).toBeLessThanOrEqual(limit);
      seen.push(...page.servers.map(serverKey));
      if (!page.next) return seen;
      after = page.next;
    }
    throw new Error("the server picker never reached its last page");
  }

  it("pages through the home servers in the one-list order, the chosen customer's first", async () => {
    for (const query of [
      { customerId: a.customers[0] },
      { customerId: a.customers[1] },
      { customerId: a.customers[0], onlyCustomer: true },
      { customerId: a.customers[1], search: "MX1" },
      {},
    ] satisfies UsableServerQuery[]) {
      const whole = (await usableServerPage(viewer(a), a.id, { ...query, limit: 200 })).servers;
      expect(whole.length).toBeGreaterThan(3);
      const paged = await allServerPages(a, query, 3);
      expect(paged).toEqual(whole.map(serverKey));
      expect(new Set(paged).size).toBe(paged.length);
    }
    const first = await usableServerPage(viewer(a), a.id, { customerId: a.customers[0], limit: 200 });
    // The chosen customer's finished servers, then the ones on their way, then the rest.
    const tiers = first.servers.map((s) =>
      s.customerId === a.customers[0] ? (s.status === "succeeded" ? 0 : 1) : s.status === "succeeded" ? 2 : 3,
    );
    expect(tiers).toEqual([...tiers].sort());
    expect(first.servers.filter((s) => s.source === "shared").map((s) => s.serverId)).toEqual([90, 91]);
  });

  it("pages through the manager's domains in name order, Unicode fragments included", async () => {
    for (const query of [{}, { search: "ücher" }, { customerId: a.customers[1], onlyCustomer: true }]) {
      const whole = (await qboxmailDomainPage(a.id, { ...query, limit: 100 })).options.map((o) => o.value);
      const paged: string[] = [];
      let after: string | undefined;
      do {
        const page = await qboxmailDomainPage(a.id, { ...query, limit: 2, after });
        paged.push(...page.options.map((o) => o.value));
        after = page.next ?? undefined;
      } while (after);
      expect(paged).toEqual(whole);
      expect(whole.length).toBeGreaterThan(2);
    }
    expect((await qboxmailDomainPage(a.id, { search: "ücher", limit: 100 })).options.map((o) => o.label)).toEqual([
      expect.stringMatching(/^bücher0\.de /),
      expect.stringMatching(/^bücher3\.de /),
      expect.stringMatching(/^bücher6\.de /),
    ]);
  });

  it("keeps a cursor to the reseller who asks, and ignores a forged one", async () => {
    const firstOfA = await usableServerPage(viewer(a), a.id, { limit: 2 });
    expect(firstOfA.next).not.toBeNull();
    // a's cursor in b's hands only positions b's own list.
    const ofB = await usableServerPage(viewer(b), b.id, { after: firstOfA.next ?? "", limit: 200 });
    expect(ofB.servers.every((s) => s.label.endsWith(".b.test"))).toBe(true);
    const domainsOfA = await qboxmailDomainPage(a.id, { limit: 2 });
    const domainsOfB = await qboxmailDomainPage(b.id, { after: domainsOfA.next ?? "", limit: 200 });
    expect(domainsOfB.options.every((o) => o.label.startsWith("shop"))).toBe(true);
    // Nonsense is the first page, not an error.
    for (const after of ["not-a-cursor", "eyJ0IjoieCJ9", "\u0000"]) {
      expect((await usableServerPage(viewer(a), a.id, { after, limit: 2 })).servers).toEqual(firstOfA.servers);
      expect((await qboxmailDomainPage(a.id, { after, limit: 2 })).options).toEqual(domainsOfA.options);
    }
  });

  it("does not offer a domain whose delete is open, offers it again once the delete ended, and keeps it when already chosen", async () => {
    const c = await tenant("pick-c");
    const going = await domain(c, "going.example", 0);
    const staying = await domain(c, "staying.example", 0);
    const offered = async (codes?: string[]) =>
      (await qboxmailDomainPage(c.id, { limit: 100, codes })).options.map((o) => o.value);
    expect(await offered()).toEqual([going.upstreamRef, staying.upstreamRef]);
    const del = await db().order.create({
      data: {
        resellerId: c.id,
        customerId: c.customers[0],
        createdById: c.userId,
        kind: "qboxmail_domain",
        provider: "qboxmail",
        action: "delete",
        serviceId: going.id,
        status: "retrying",
        naturalKey: going.naturalKey,
        displayName: going.displayName,
        payload: {},
        idempotencyKey: randomUUID(),
      },
    });
    expect(await offered()).toEqual([staying.upstreamRef]);
    expect((await qboxmailDomainPage(c.id, { limit: 100, search: "going" })).options).toEqual([]);
    // LIKE's wildcards are searched as typed, not as wildcards.
    for (const search of ["%", "_", "stay%"])
      expect(await qboxmailDomainPage(c.id, { search })).toEqual({ options: [], next: null });
    expect((await qboxmailDomainPage(c.id, { search: "STAYING.ex" })).options.map((o) => o.value)).toEqual([
      staying.upstreamRef,
    ]);
    // Already chosen (a form sent back, a manager's change): kept with its label, placing says why not.
    expect(await offered([going.upstreamRef])).toEqual([going.upstreamRef, staying.upstreamRef]);
    // Another change of the domain open, or a delete that ended without deleting: offered.
    for (const status of ["failed", "cancelled"] as const) {
      await db().order.update({ where: { id: del.id }, data: { status } });
      expect(await offered()).toEqual([going.upstreamRef, staying.upstreamRef]);
    }
    await db().order.update({ where: { id: del.id }, data: { status: "held", action: "change" } });
    expect(await offered()).toEqual([going.upstreamRef, staying.upstreamRef]);
  });
});
