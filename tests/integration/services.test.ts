// Services: a succeeded create order brings exactly one service into being, in the same step;
// the database refuses a second live owner of one upstream resource.

import { describe, expect, it } from "vitest";
import { db, Prisma, sqlRows } from "@/lib/db";
import { indexPatterns, narrowedLike, sampleCommonTrigrams } from "@/lib/search/common-trigrams";
import { containsPattern } from "@/lib/search/like-pattern";
import { customerServices, serviceOrders } from "@/lib/services/queries";
import { listServices } from "@/lib/services/service-list";
import { spawnWorker } from "../../scripts/lib/worker-process";
import { makeTenant, type Tenant } from "../factories";
import { forms, pipelineFileHooks, place, uniq, waitForOrder } from "./pipeline-fixtures";

const final = (o: { status: string }) => ["succeeded", "failed", "held", "cancelled"].includes(o.status);
let t: Tenant;

pipelineFileHooks({
  setup: async () => {
    t = await makeTenant();
    const w = spawnWorker({ UPSTREAM_TIMEOUT_MS: "1500", MAX_ATTEMPTS: "4" });
    await w.waitForOutput(/worker started/);
  },
});

describe("services", () => {
  it("a succeeded create order brings one service into being, owned by the order's customer", async () => {
    const name = `svc${uniq()}.example.com`;
    const r = await place(t, "qboxmail_domain", forms.qboxmail_domain(name));
    if (!r.ok) throw new Error(JSON.stringify(r));
    const order = await waitForOrder(r.orderId, final);
    expect(order.status).toBe("succeeded");
    const services = await db().service.findMany({ where: { createOrderId: order.id } });
    expect(services).toHaveLength(1);
    expect(services[0]).toMatchObject({
      resellerId: t.reseller.id,
      customerId: t.customer.id,
      kind: "qboxmail_domain",
      upstreamRef: order.upstreamRef,
      naturalKey: name,
      status: "active",
    });
    // A new Qboxmail domain is scheduled for its first automatic ownership check.
    expect(services[0]!.nextCheckAt).not.toBeNull();
    const listed = await listServices(t.reseller.id, { q: name });
    expect(listed.rows.map((s) => s.id)).toEqual([services[0]!.id]);
    expect((await customerServices(t.reseller.id, t.customer.id)).rows.map((s) => s.id)).toContain(services[0]!.id);
    expect((await serviceOrders(t.reseller.id, services[0]!)).map((o) => o.id)).toEqual([order.id]);
    // Another reseller sees nothing of it.
    const other = await makeTenant();
    expect((await listServices(other.reseller.id, { q: name })).rows).toEqual([]);
  });

  it("the database refuses a second live service for the same upstream resource", async () => {
    const base = {
      resellerId: t.reseller.id,
      customerId: t.customer.id,
      kind: "grommunio_server" as const,
      provider: "grommunio" as const,
      upstreamRef: `9${uniq().replace(/\D/g, "")}`,
      naturalKey: "x.example.com",
      displayName: "x.example.com",
    };
    const first = await db().service.create({ data: base });
    await expect(db().service.create({ data: base })).rejects.toThrow(/Unique constraint/i);
    // Once the first has ended, the resource may have a new owner.
    await db().service.update({ where: { id: first.id }, data: { status: "deleted" } });
    await expect(db().service.create({ data: base })).resolves.toMatchObject({ status: "active" });
  });

  it("a customer's page shows its newest hundred live services and says when it has more", async () => {
    const big = await makeTenant();
    const row = (i: number) => ({
      resellerId: big.reseller.id,
      customerId: big.customer.id,
      kind: "qboxmail_domain" as const,
      provider: "qboxmail" as const,
      upstreamRef: `D${uniq()}${i}`,
      naturalKey: `many${i}-${uniq()}.example.com`,
      displayName: `many${i}.example.com`,
      createdAt: new Date(Date.now() - (200 - i) * 1000),
    });
    await db().service.createMany({ data: Array.from({ length: 100 }, (_, i) => row(i)) });
    const exactly = await customerServices(big.reseller.id, big.customer.id);
    expect(exactly.rows).toHaveLength(100);
    expect(exactly.more).toBe(false);
    await db().service.create({ data: row(100) });
    const more = await customerServices(big.reseller.id, big.customer.id);
    expect(more.rows).toHaveLength(100);
    expect(more.rows[0]!.displayName).toBe("many100.example.com");
    expect(more.more).toBe(true);
  });

  it("the name search asks the trigram index without common sequences and finds what the whole term finds", async () => {
    const own = await makeTenant();
    const names = ["Nw1-Shop.Example", "nw11-shop.example", "NW1-shop.exotic", "xnw1-SHOP.example.it"];
    await db().service.createMany({
      data: names.map((displayName) => ({
        resellerId: own.reseller.id,
        customerId: own.customer.id,
        kind: "qboxmail_domain" as const,
        provider: "qboxmail" as const,
        upstreamRef: `D${uniq()}`,
        naturalKey: `${displayName.toLowerCase()}-${uniq()}`,
        displayName,
      })),
    });
    const term = "NW1-shop.EXAMPLE";
    const narrower = indexPatterns(term, new Set(["sho", "hop", ".ex", "exa", "xam", "amp", "mpl", "ple"]));
    expect(narrower).toEqual(["%nw1-sh%", "%op.e%"]);
    const found = async (narrow: string[]) =>
      (
        await sqlRows<{ name: string }>(Prisma.sql`SELECT s.display_name AS name FROM service s
          WHERE s.reseller_id = ${own.reseller.id}::uuid
            AND ${narrowedLike(Prisma.sql`s.display_name`, "ILIKE", containsPattern(term), narrow)} ORDER BY 1`)
      ).map((r) => r.name);
    expect(await found([])).toEqual(["Nw1-Shop.Example", "xnw1-SHOP.example.it"]);
    expect(await found(narrower)).toEqual(["Nw1-Shop.Example", "xnw1-SHOP.example.it"]);
    // The list's own search agrees, whatever this process has sampled so far.
    const listed = await listServices(own.reseller.id, { q: term });
    expect(listed.rows.map((r) => r.displayName).sort()).toEqual(["Nw1-Shop.Example", "xnw1-SHOP.example.it"]);
    const common = await sampleCommonTrigrams("serviceNames");
    expect([...common].every((g) => g === g.toLowerCase() && Array.from(g).length === 3)).toBe(true);
  });
});
