// Search anywhere (either spelling of a name, the customer's name), totals, previous/next and
// the reseller's CSV export, against real Postgres with the trigram indexes of the migrations.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb, Prisma, sqlRows } from "@/lib/db";
import { countResellerOrders, listResellerOrders } from "@/lib/orders/queries/reseller-orders";
import { resellerOrdersCsvStream } from "@/lib/orders/queries/reseller-orders-csv";
import { indexPatterns, sampleCommonTrigrams } from "@/lib/search/common-trigrams";
import { containsPattern } from "@/lib/search/like-pattern";
import { nameMatch } from "@/lib/search/order-search";
import { parseSupportOrderFilters } from "@/lib/support/order-filters";
import { listSupportOrders } from "@/lib/support/orders-query";
import { makeOrder } from "../factories";

type Tenant = { id: string; userId: string; customers: Record<string, string> };
const tag = randomUUID().slice(0, 6);

async function tenant(name: string, customers: string[]): Promise<Tenant> {
  const r = await db().reseller.create({ data: { name, slug: `${name.toLowerCase()}-${tag}` } });
  const u = await db().user.create({
    data: { email: `${randomUUID()}@t.test`, name, role: "reseller", resellerId: r.id, passwordHash: "x" },
  });
  const ids: Record<string, string> = {};
  for (const c of customers) ids[c] = (await db().customer.create({ data: { resellerId: r.id, name: c } })).id;
  return { id: r.id, userId: u.id, customers: ids };
}

let minute = 0;
async function order(t: Tenant, customer: string, displayName: string, naturalKey = displayName) {
  minute += 1;
  return makeOrder({
    tenant: { reseller: { id: t.id }, user: { id: t.userId }, customer: { id: t.customers[customer]! } },
    status: "succeeded",
    naturalKey,
    displayName,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, minute)),
  });
}

const names = async (p: Promise<{ rows: { displayName: string }[] }>) =>
  (await p).rows.map((r) => r.displayName).sort();

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("order search", () => {
  let a: Tenant;
  let b: Tenant;

  beforeAll(async () => {
    a = await tenant("Srch", [`Bäckerei Müller ${tag}`, `Zeta ${tag}`]);
    b = await tenant("Other", [`Bäckerei Müller ${tag}`]);
    await order(a, `Zeta ${tag}`, `bücher-${tag}.de`, `xn--bcher-${tag}-kva.de`);
    await order(a, `Zeta ${tag}`, `shop-${tag}.example`);
    await order(a, `Bäckerei Müller ${tag}`, `brot-${tag}.example`);
    await order(b, `Bäckerei Müller ${tag}`, `bücher-${tag}.it`, `xn--bcher-${tag}-kva.it`);
  });
  afterAll(async () => {
    await disconnectDb();
  });

  it("matches a fragment anywhere in the name, in either spelling, any case", async () => {
    expect(await names(listResellerOrders(a.id, { q: `OP-${tag}` }))).toEqual([`shop-${tag}.example`]);
    expect(await names(listResellerOrders(a.id, { q: "ÜCHER" }))).toEqual([`bücher-${tag}.de`]);
    expect(await names(listResellerOrders(a.id, { q: `xn--bcher-${tag}` }))).toEqual([`bücher-${tag}.de`]);
  });

  it("finds an order by its id, as tickets quote it, and only within the reseller", async () => {
    const shop = await db().order.findFirstOrThrow({ where: { resellerId: a.id, displayName: `shop-${tag}.example` } });
    expect(await names(listResellerOrders(a.id, { q: ` ${shop.id.toUpperCase()} ` }))).toEqual([`shop-${tag}.example`]);
    expect(await names(listResellerOrders(b.id, { q: shop.id }))).toEqual([]);
    const viewer = { id: a.userId, role: "support" as const };
    const support = await listSupportOrders(viewer, parseSupportOrderFilters({ q: shop.id, view: "all" }));
    expect(support?.rows.map((r) => r.displayName)).toEqual([`shop-${tag}.example`]);
  });

  it("matches the customer's name, and only within the reseller", async () => {
    expect(await names(listResellerOrders(a.id, { q: "ckerei mü" }))).toEqual([`brot-${tag}.example`]);
    expect(await names(listResellerOrders(b.id, { q: "ckerei mü" }))).toEqual([`bücher-${tag}.it`]);
    expect(await names(listResellerOrders(a.id, { q: `zeta ${tag}` }))).toEqual([
      `bücher-${tag}.de`,
      `shop-${tag}.example`,
    ]);
  });

  it("finds a customer's orders by name whether the customer has a few orders or hundreds", async () => {
    // Few: the customer ids go into the query as a list; hundreds: the sub-select walk (lib/search).
    const c = await tenant("Dense", [`Grosskunde ${tag}`, `Kleinkunde ${tag}`, `Other ${tag}`]);
    await db().$executeRaw`
      INSERT INTO "order" (id, reseller_id, customer_id, created_by_id, kind, provider, status, natural_key,
        display_name, payload, idempotency_key, version, created_at, updated_at)
      SELECT gen_random_uuid(), ${c.id}::uuid, ${c.customers[`Grosskunde ${tag}`]}::uuid, ${c.userId}::uuid,
        'qboxmail_domain', 'qboxmail', 'succeeded', 'big' || g || '.test', 'big' || g || '.test', '{}'::jsonb,
        'big-' || g, 1, timestamptz '2026-02-01' + g * interval '1 minute', now()
      FROM generate_series(1, 520) g`;
    await order(c, `Kleinkunde ${tag}`, `small-a-${tag}.example`);
    await order(c, `Kleinkunde ${tag}`, `small-b-${tag}.example`);
    await order(c, `Other ${tag}`, `kleinkunde-${tag}.example`); // the name matches, not the customer

    expect(await names(listResellerOrders(c.id, { q: `kleinkunde ${tag}` }))).toEqual([
      `small-a-${tag}.example`,
      `small-b-${tag}.example`,
    ]);
    expect(await names(listResellerOrders(c.id, { q: `kleinkunde` }))).toEqual([
      `kleinkunde-${tag}.example`,
      `small-a-${tag}.example`,
      `small-b-${tag}.example`,
    ]);
    expect(await countResellerOrders(c.id, { q: `grosskunde ${tag}` })).toEqual({ count: 520, capped: false });
    const page = await listResellerOrders(c.id, { q: `grosskunde ${tag}` });
    expect(page.rows.map((r) => r.displayName)).toEqual(Array.from({ length: 25 }, (_, i) => `big${520 - i}.test`));
    expect(await countResellerOrders(c.id, { q: `kunde ${tag}` })).toEqual({ count: 522, capped: false });
    // By name: a few hundred matching orders go in as ids; more than 500, the walk (lib/search).
    expect(await countResellerOrders(c.id, { q: "big5" })).toEqual({ count: 32, capped: false });
    expect(await countResellerOrders(c.id, { q: "big" })).toEqual({ count: 520, capped: false });
    expect((await listResellerOrders(c.id, { q: "big" })).rows.map((r) => r.displayName)).toEqual(
      page.rows.map((r) => r.displayName),
    );
  });

  it("takes LIKE wildcards in the term literally", async () => {
    expect((await listResellerOrders(a.id, { q: "%" })).rows).toEqual([]);
    expect((await listResellerOrders(a.id, { q: "_" })).rows).toEqual([]);
  });

  it("support's search finds the same across resellers", async () => {
    const viewer = { id: a.userId, role: "support" as const };
    const page = await listSupportOrders(viewer, parseSupportOrderFilters({ q: `ücher-${tag}`, view: "all" }));
    expect(page?.rows.map((r) => r.displayName).sort()).toEqual([`bücher-${tag}.de`, `bücher-${tag}.it`]);
  });

  it("counts what the filters match", async () => {
    expect(await countResellerOrders(a.id, {})).toEqual({ count: 3, capped: false });
    expect(await countResellerOrders(a.id, { q: "ücher" })).toEqual({ count: 1, capped: false });
  });

  it("walks next and previous pages back to the same rows", async () => {
    const first = await listResellerOrders(a.id, { limit: 2 });
    expect(first.rows).toHaveLength(2);
    expect(first.prevCursor).toBeUndefined();
    const second = await listResellerOrders(a.id, { limit: 2, cursor: first.nextCursor });
    expect(second.rows).toHaveLength(1);
    expect(second.nextCursor).toBeUndefined();
    const back = await listResellerOrders(a.id, { limit: 2, before: second.prevCursor });
    expect(back.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    expect(back.prevCursor).toBeUndefined();
    expect(back.nextCursor).toBe(first.nextCursor);
  });

  it("exports what the reseller sees as CSV, Unicode and ASCII names side by side", async () => {
    const csv = await readAll(resellerOrdersCsvStream(a.id, { q: "ücher" }));
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]?.replaceAll('"', "")).toBe(
      "order_id,placed_at,status,kind,name,ascii_name,customer,upstream_ref,attempts,last_error",
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]?.replaceAll('"', "")).toContain(`bücher-${tag}.de,xn--bcher-${tag}-kva.de,Zeta ${tag}`);
    const all = await readAll(resellerOrdersCsvStream(a.id, {}));
    expect(all.trim().split("\r\n")).toHaveLength(4);
    expect(all).not.toContain(`.it`);
  });

  it("asks the trigram index without the sequences most names share, and finds what the whole term finds", async () => {
    const n = await tenant("Narrow", [`Narrow ${tag}`]);
    const customer = `Narrow ${tag}`;
    for (const name of [`nw1-${tag}.example`, `nw11-${tag}.example`, `nw1-${tag}.exotic`, `xnw1-${tag}.example.it`]) {
      await order(n, customer, name);
    }
    const term = `nw1-${tag}.example`;
    const narrower = indexPatterns(term, new Set([".ex", "exa", "xam", "amp", "mpl", "ple"]));
    // The run before ".ex" is asked of the index; `nw1-….exotic` holds it but not the term.
    expect(narrower).toEqual([`%nw1-${tag}.e%`]);
    const found = async (condition: Prisma.Sql) =>
      (
        await sqlRows<{ name: string }>(Prisma.sql`SELECT s.name_text AS name FROM order_search s
          WHERE s.reseller_id = ${n.id}::uuid AND ${condition} ORDER BY 1`)
      ).map((r) => r.name);
    const pattern = containsPattern(term);
    const whole = await found(nameMatch(pattern, []));
    expect(whole).toEqual([`nw1-${tag}.example nw1-${tag}.example`, `xnw1-${tag}.example.it xnw1-${tag}.example.it`]);
    expect(await found(nameMatch(pattern, narrower))).toEqual(whole);
    // The sample reads the real table: whatever it finds is sequences of three characters.
    const common = await sampleCommonTrigrams("orderNames");
    expect([...common].every((g) => Array.from(g).length === 3)).toBe(true);
  });
});
