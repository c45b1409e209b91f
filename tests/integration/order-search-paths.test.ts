// Every way an order row comes into being leaves its search text in order_search (written by the
// "order" triggers, migration *_order_search; docs/search.md), so the order is found by a fragment
// of its name: placing (the plain and the limit-guarded insert), a row written by the ORM (tests,
// prisma/seed.ts) and a bulk SQL insert (the benchmarks' seeds). A later change of the name moves
// the search text with it, and so does a renamed server's service name for the home-server picker.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { closeProducer } from "@/lib/jobs/enqueue-order";
import { listResellerOrders } from "@/lib/orders/queries/reseller-orders";
import { usableServerPage } from "@/lib/orders/usable-servers";
import { makeOrder, makeTenant, type Tenant } from "../factories";
import { forms, place, quiesceOrders } from "./pipeline-fixtures";

afterAll(async () => {
  await quiesceOrders(); // the placed orders are queued: leave no runnable work to the next file
  await closeProducer();
  await disconnectDb();
});

const found = async (t: Tenant, q: string) =>
  (await listResellerOrders(t.reseller.id, { q })).rows.map((r) => r.displayName).sort();

describe("an order is found by fragment whichever path wrote it", () => {
  it("placing, far from the limit (the plain insert) and near it (the guarded insert)", async () => {
    const far = await makeTenant({ limits: { maxDomains: 100_000 } });
    const near = await makeTenant({ limits: { maxServers: 5 } });
    const word = randomUUID().slice(0, 8);
    expect(await place(far, "qboxmail_domain", forms.qboxmail_domain(`bücher-${word}.example`))).toMatchObject({
      ok: true,
    });
    expect(await place(near, "grommunio_server", forms.grommunio_server(`mx-${word}.example.com`))).toMatchObject({
      ok: true,
    });
    expect(await found(far, `ÜCHER-${word}`)).toEqual([`bücher-${word}.example`]);
    expect(await found(far, `xn--bcher-${word}`)).toEqual([`bücher-${word}.example`]);
    expect(await found(near, `x-${word}`)).toEqual([`mx-${word}.example.com`]);
    // The home-server picker searches the server's host name through the same table.
    const page = await usableServerPage(near.user, near.reseller.id, { search: `MX-${word}` });
    expect(page.servers.map((s) => s.label)).toEqual([`mx-${word}.example.com`]);
  });

  it("a row written by the ORM, and many written by one SQL statement", async () => {
    const t = await makeTenant();
    const word = randomUUID().slice(0, 8);
    await makeOrder({ tenant: t, naturalKey: `orm-${word}.example`, status: "succeeded" });
    const suffix = `-${word}.example`;
    await db().$executeRaw`
      INSERT INTO "order" (id, reseller_id, customer_id, created_by_id, kind, provider, status, natural_key,
        display_name, payload, idempotency_key, updated_at)
      SELECT gen_random_uuid(), ${t.reseller.id}::uuid, ${t.customer.id}::uuid, ${t.user.id}::uuid,
        'qboxmail_domain', 'qboxmail', 'succeeded', 'bulk' || g || ${suffix}, 'bulk' || g || ${suffix},
        '{}'::jsonb, 'bulk-' || g || ${suffix}, now()
      FROM generate_series(1, 3) g`;
    expect(await found(t, `rm-${word}`)).toEqual([`orm-${word}.example`]);
    expect(await found(t, `k2-${word}`)).toEqual([`bulk2-${word}.example`]);
    expect(await found(t, `-${word}.exam`)).toHaveLength(4);
  });

  it("follows a change of the name, and a status change leaves it as it was", async () => {
    const t = await makeTenant();
    const word = randomUUID().slice(0, 8);
    const o = await makeOrder({ tenant: t, naturalKey: `before-${word}.example`, status: "queued" });
    await db().order.update({ where: { id: o.id }, data: { status: "succeeded" } });
    expect(await found(t, `fore-${word}`)).toEqual([`before-${word}.example`]);
    await db().order.update({
      where: { id: o.id },
      data: { naturalKey: `xn--after-${word}.example`, displayName: `äfter-${word}.example` },
    });
    expect(await found(t, `fore-${word}`)).toEqual([]);
    expect(await found(t, `ÄFTER-${word}`)).toEqual([`äfter-${word}.example`]);
    expect(await found(t, `xn--after-${word}`)).toEqual([`äfter-${word}.example`]);
  });

  it("a server's picker label follows its service's name, however many servers match", async () => {
    const t = await makeTenant({ limits: { maxServers: 1_000 } });
    const word = randomUUID().slice(0, 8);
    const ref = String(900_000_000 + Math.floor(Math.random() * 99_999_999));
    // 501 finished server orders: a fragment matching all of them takes the picker's dense path.
    await db().$executeRaw`
      INSERT INTO "order" (id, reseller_id, customer_id, created_by_id, kind, provider, status, natural_key,
        display_name, payload, idempotency_key, upstream_ref, updated_at)
      SELECT gen_random_uuid(), ${t.reseller.id}::uuid, ${t.customer.id}::uuid, ${t.user.id}::uuid,
        'grommunio_server', 'grommunio', 'succeeded', 'dense' || g || ${`-${word}.example.com`},
        'dense' || g || ${`-${word}.example.com`}, '{}'::jsonb, 'dense-' || g || ${word},
        CASE WHEN g = 1 THEN ${ref} ELSE (800000000 + g)::text END, now()
      FROM generate_series(1, 501) g`;
    const first = await db().order.findFirstOrThrow({
      where: { resellerId: t.reseller.id, naturalKey: `dense1-${word}.example.com` },
    });
    const service = await db().service.create({
      data: {
        resellerId: t.reseller.id,
        customerId: t.customer.id,
        kind: "grommunio_server",
        provider: "grommunio",
        upstreamRef: ref,
        naturalKey: first.naturalKey,
        displayName: first.displayName,
        createOrderId: first.id,
      },
    });
    // Renamed (docs/lifecycle.md "Renaming a grommunio server"): the service's name changes.
    // A name that sorts after every other one, under any collation.
    const renamed = `zz-renamed-${word}.example.com`;
    await db().service.update({ where: { id: service.id }, data: { displayName: renamed, naturalKey: renamed } });
    const labels = async (search: string) =>
      (await usableServerPage(t.user, t.reseller.id, { search, limit: 3 })).servers.map((x) => x.label);
    // A few matches (the ids path): found by the new name, not by the old one.
    expect(await labels(`RENAMED-${word}`)).toEqual([renamed]);
    expect(await labels(`dense1-${word}`)).toEqual([]);
    // More than 500 (the walk): shown by the new name, in its place under the new name, last.
    expect(await labels(`-${word}.example`)).toEqual([
      `dense10-${word}.example.com`,
      `dense100-${word}.example.com`,
      `dense101-${word}.example.com`,
    ]);
    const everyPage = async (search?: string) => {
      const all: string[] = [];
      for (let after: string | undefined, page = 0; page < 10; page++) {
        const p = await usableServerPage(t.user, t.reseller.id, { search, limit: 200, after });
        all.push(...p.servers.map((x) => x.label));
        if (!p.next) break;
        after = p.next;
      }
      return all;
    };
    // Through every page, with the fragment and without one: each server once, the renamed one last.
    for (const all of [await everyPage(`-${word}.example`), await everyPage()]) {
      expect(all).toHaveLength(501);
      expect(new Set(all).size).toBe(501);
      expect(all.at(-1)).toBe(renamed);
    }
    expect(await labels(ref)).toEqual([renamed]);
  });

  it("no order in the database is without its search text", async () => {
    const [missing] = await db().$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "order" o WHERE NOT EXISTS (SELECT 1 FROM order_search s WHERE s.order_id = o.id)`;
    expect(missing?.n).toBe(0);
  });
});
