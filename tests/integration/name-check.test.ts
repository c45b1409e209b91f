// The order form's "already taken" warning: this portal first (own orders with their id, another
// reseller's only as "in use"), cancelled orders ignored, then a read-only lookup at the provider.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import type { OrderKind, OrderStatus } from "@/lib/generated/prisma/enums";
import { checkOrderName, nameKey } from "@/lib/orders/name-check";
import { upstreamClients } from "@/lib/upstream/clients";
import { registerGrommunioServer } from "../../scripts/lib/shared-grommunio-server";
import { domainBody, managerBody, qboxClient } from "./qboxmail-sim";

const tag = randomUUID().slice(0, 6);
type Tenant = { id: string; userId: string; customerId: string };

async function tenant(name: string): Promise<Tenant> {
  const r = await db().reseller.create({ data: { name, slug: `${name}-${tag}` } });
  const u = await db().user.create({
    data: { email: `${randomUUID()}@t.test`, name, role: "reseller", resellerId: r.id, passwordHash: "x" },
  });
  const c = await db().customer.create({ data: { resellerId: r.id, name: "C" } });
  return { id: r.id, userId: u.id, customerId: c.id };
}

async function order(t: Tenant, kind: OrderKind, key: string, status: OrderStatus, displayName = key) {
  return db().order.create({
    data: {
      resellerId: t.id,
      customerId: t.customerId,
      createdById: t.userId,
      kind,
      provider: kind.startsWith("qboxmail") ? "qboxmail" : "grommunio",
      status,
      naturalKey: key,
      displayName,
      payload: {},
      idempotencyKey: randomUUID(),
    },
  });
}

describe("checkOrderName", () => {
  let a: Tenant;
  let b: Tenant;
  const asked: string[] = [];
  const lookup = async (_kind: OrderKind, key: string) => {
    asked.push(key);
    return key.startsWith("upstream-") ? ("exists" as const) : ("absent" as const);
  };

  beforeAll(async () => {
    a = await tenant("nca");
    b = await tenant("ncb");
  });
  afterAll(async () => {
    await disconnectDb();
  });

  it("names the reseller's own order, in any state but cancelled, by its Unicode or ASCII name", async () => {
    // Stored as placing stores it: the IDNA ASCII form as the key, the Unicode form as the name.
    const ascii = nameKey("qboxmail_domain", `münchen-${tag}.de`)!;
    expect(ascii).toMatch(/^xn--mnchen-/);
    const mine = await order(a, "qboxmail_domain", ascii, "failed", `münchen-${tag}.de`);
    await order(a, "qboxmail_domain", `gone-${tag}.de`, "cancelled");
    const check = await checkOrderName(a.id, "qboxmail_domain", ascii, lookup);
    expect(check?.own).toEqual({ orderId: mine.id, status: "failed", displayName: `münchen-${tag}.de` });
    expect(check?.upstream).toBe("not-checked");
    // Typed as people write it: the same order.
    const unicode = await checkOrderName(a.id, "qboxmail_domain", `MÜNCHEN-${tag}.de`, lookup);
    expect(unicode?.own).toEqual({ orderId: mine.id, status: "failed", displayName: `münchen-${tag}.de` });
    const cancelled = await checkOrderName(a.id, "qboxmail_domain", `GONE-${tag}.de`, lookup);
    expect(cancelled?.own).toBeNull();
    expect(cancelled?.upstream).toBe("absent");
  });

  it("says only 'in use' for another reseller's order, and keeps kinds apart", async () => {
    await order(b, "grommunio_domain", `theirs-${tag}.de`, "succeeded");
    const check = await checkOrderName(a.id, "grommunio_domain", `theirs-${tag}.de`, lookup);
    expect(check).toMatchObject({ own: null, inUseElsewhere: true, upstream: "not-checked" });
    // The same name as a Qboxmail domain is another provider's namespace.
    const other = await checkOrderName(a.id, "qboxmail_domain", `theirs-${tag}.de`, lookup);
    expect(other).toMatchObject({ own: null, inUseElsewhere: false, upstream: "absent" });
  });

  it("finds the reseller's own order however many other resellers' orders of the name are newer", async () => {
    const key = `shared-${tag}.de`;
    const mine = await order(a, "qboxmail_domain", key, "failed");
    for (let i = 0; i < 6; i++) await order(b, "qboxmail_domain", key, "failed");
    const check = await checkOrderName(a.id, "qboxmail_domain", key, lookup);
    expect(check).toMatchObject({ own: { orderId: mine.id, status: "failed" }, inUseElsewhere: false });
  });

  it("asks the provider only for names this portal does not know", async () => {
    asked.length = 0;
    const check = await checkOrderName(a.id, "qboxmail_manager", `upstream-${tag}@Example.com`, lookup);
    expect(check).toMatchObject({ own: null, inUseElsewhere: false, upstream: "exists" });
    expect(asked).toEqual([`upstream-${tag}@example.com`]);
  });

  it("checks nothing for a name that is not valid yet", async () => {
    expect(nameKey("qboxmail_domain", "not a domain")).toBeNull();
    expect(nameKey("grommunio_domain", "Bücher.de")).toBe("xn--bcher-kva.de");
    // A manager's address on an accented domain: the domain in IDNA ASCII, as its order stores it.
    expect(nameKey("qboxmail_manager", "Anna@München.de")).toBe("anna@xn--mnchen-3ya.de");
    expect(nameKey("qboxmail_manager", "anna@münchen..de")).toBeNull();
    expect(await checkOrderName(a.id, "qboxmail_domain", "", lookup)).toBeNull();
  });
});

describe("read-only lookup at the simulators", () => {
  it("answers absent for a name neither provider has", async () => {
    const { upstreamPresence } = await import("@/lib/upstream/read-only-lookup");
    expect(await upstreamPresence("qboxmail_domain", `never-${tag}.example`)).toBe("absent");
    expect(await upstreamPresence("grommunio_domain", `never-${tag}.example`)).toBe("absent");
  });

  it("answers exists for a name each provider has, typed in another case, and only for its own kind", async () => {
    const { upstreamPresence } = await import("@/lib/upstream/read-only-lookup");
    const made = {
      qboxmail_domain: `there-${tag}.example`,
      qboxmail_manager: `there-${tag}@example.com`,
      grommunio_server: `there-${tag}.example.test`,
      grommunio_domain: `gthere-${tag}.example`,
    } as const;
    const q = qboxClient();
    expect(await q.createDomain(domainBody(made.qboxmail_domain))).toMatchObject({ kind: "success" });
    expect(await q.createManager(managerBody(made.qboxmail_manager))).toMatchObject({ kind: "success" });
    const serverId = await registerGrommunioServer(made.grommunio_server);
    const g = upstreamClients().grommunio!;
    const domain = { domainname: made.grommunio_domain, maxUser: 5, homeserver: serverId };
    expect(await g.createDomain(domain, { createRole: false })).toMatchObject({ kind: "success" });
    for (const [kind, name] of Object.entries(made) as [OrderKind, string][]) {
      expect(await upstreamPresence(kind, name.toUpperCase()), kind).toBe("exists");
    }
    // A Qboxmail domain's name is not a grommunio domain, nor a server's name a domain.
    expect(await upstreamPresence("grommunio_domain", made.qboxmail_domain)).toBe("absent");
    expect(await upstreamPresence("grommunio_domain", made.grommunio_server)).toBe("absent");
  });
});
