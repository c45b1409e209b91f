import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { closeProducer } from "@/lib/jobs/enqueue-order";
import { getOrderForReseller } from "@/lib/orders/queries/get-order";
import { listOrdersForReseller } from "@/lib/orders/queries/list-orders-for-reseller";
import { makeTenant, type Tenant } from "../factories";
import { forms, place, quiesceOrders, uniq } from "./pipeline-fixtures";

let t: Tenant;
let other: Tenant;
const ids: string[] = [];

beforeAll(async () => {
  t = await makeTenant({ limits: { maxServers: 50 } });
  other = await makeTenant();
  const second = await db().customer.create({ data: { resellerId: t.reseller.id, name: `Second ${uniq()}` } });
  for (let i = 0; i < 5; i++) {
    const r = await place(t, "grommunio_server", forms.grommunio_server(`host${i}-${t.tag}.example.com`));
    if (r.ok) ids.push(r.orderId);
  }
  const q = await place(t, "qboxmail_domain", forms.qboxmail_domain(`oq-${t.tag}.example.com`));
  if (q.ok) ids.push(q.orderId);
  const { placeOrder } = await import("@/lib/orders/place-order");
  const c = await placeOrder(t.user, {
    customerId: second.id,
    kind: "grommunio_server",
    idempotencyKey: `k-${uniq()}-x`,
    form: forms.grommunio_server(),
  });
  if (!c.ok) throw new Error(JSON.stringify(c));
  ids.push(c.orderId);
  await place(other, "grommunio_server", forms.grommunio_server());
  // Few distinct timestamps, so that ties (broken by id) are exercised too.
  const base = Date.now() - 60_000;
  for (const [i, id] of ids.entries())
    await db().order.update({ where: { id }, data: { createdAt: new Date(base + (i % 3) * 1_000) } });
});
afterAll(async () => {
  await quiesceOrders(); // leave no jobs or runnable orders to the next test file
  await closeProducer();
  await disconnectDb();
});

describe("listOrdersForReseller", () => {
  it("pages through all of the reseller's orders newest first, without gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await listOrdersForReseller(t.reseller.id, { limit: 3, cursor });
      expect(page.rows.length).toBeLessThanOrEqual(3);
      seen.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(ids.length);
    expect([...seen].sort()).toEqual([...ids].sort());
    const rows = await db().order.findMany({ where: { id: { in: seen } }, select: { id: true, createdAt: true } });
    const at = new Map(rows.map((r) => [r.id, r.createdAt.getTime()]));
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1]!, seen[i]!];
      expect(at.get(a)! > at.get(b)! || (at.get(a) === at.get(b) && a > b)).toBe(true);
    }
  });

  it("filters by kind, customer, status and name prefix, and never shows another tenant's orders", async () => {
    expect(
      (await listOrdersForReseller(t.reseller.id, { kind: "qboxmail_domain" })).rows.map((r) => r.naturalKey),
    ).toEqual([`oq-${t.tag}.example.com`]);
    expect((await listOrdersForReseller(t.reseller.id, { customerId: t.customer.id })).rows).toHaveLength(6);
    expect((await listOrdersForReseller(t.reseller.id, { q: `HOST1-${t.tag}` })).rows).toHaveLength(1);
    expect((await listOrdersForReseller(t.reseller.id, { q: "%" })).rows).toHaveLength(0);
    expect((await listOrdersForReseller(t.reseller.id, { status: "succeeded" })).rows).toHaveLength(0);
    expect((await listOrdersForReseller(t.reseller.id, { status: "queued" })).rows.length).toBe(7);
    const others = (await listOrdersForReseller(other.reseller.id)).rows.map((r) => r.id);
    expect(others.some((id) => ids.includes(id))).toBe(false);
    expect((await listOrdersForReseller(t.reseller.id, { customerId: "not-a-uuid" })).rows).toEqual([]);
  });
});

describe("getOrderForReseller", () => {
  it("returns status, attempts and the audit timeline, without the sealed secret", async () => {
    const id = ids.at(-2)!; // the Qboxmail domain, which has a secret
    const o = await getOrderForReseller(t.reseller.id, id);
    expect(o).toMatchObject({
      id,
      status: "queued",
      kind: "qboxmail_domain",
      attempts: [],
      audit: [{ action: "order.placed", actorType: "user" }],
    });
    expect(o).not.toHaveProperty("sealedSecret");
    expect(typeof o!.audit[0]!.id).toBe("string");
  });

  it("answers null for another tenant's order or a malformed id", async () => {
    expect(await getOrderForReseller(other.reseller.id, ids[0]!)).toBeNull();
    expect(await getOrderForReseller(t.reseller.id, "nope")).toBeNull();
  });
});
