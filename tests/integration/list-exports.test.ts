// The services list finds a service by a Unicode fragment and by its customer's name, counts
// what matches, and the services and customers lists export exactly what the reseller sees as
// CSV, every batch, never another reseller's rows (docs/search.md "Totals, pages and export").
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resellerCustomersCsvStream } from "@/lib/customers/customers-csv";
import { db, disconnectDb } from "@/lib/db";
import { countServices, listServices, parseServiceFilters } from "@/lib/services/service-list";
import { resellerServicesCsvStream } from "@/lib/services/services-csv";

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  // Keep the byte-order mark (Response.text() would drop it): the export must send it.
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());
}

async function tenant(name: string) {
  const r = await db().reseller.create({ data: { name, slug: `${name}-${randomUUID().slice(0, 8)}` } });
  const baker = await db().customer.create({ data: { resellerId: r.id, name: "Bäckerei Müller", reference: "K-1" } });
  const other = await db().customer.create({ data: { resellerId: r.id, name: "ACME" } });
  return { id: r.id, baker: baker.id, other: other.id };
}

let code = 810_000_000;
async function service(resellerId: string, customerId: string, displayName: string, naturalKey = displayName) {
  return db().service.create({
    data: {
      resellerId,
      customerId,
      kind: "qboxmail_domain",
      provider: "qboxmail",
      upstreamRef: `D${code++}`,
      naturalKey,
      displayName,
    },
  });
}

describe("lists: service search, totals and CSV exports", () => {
  let a: Awaited<ReturnType<typeof tenant>>;
  let b: Awaited<ReturnType<typeof tenant>>;
  beforeAll(async () => {
    a = await tenant("exp-a");
    b = await tenant("exp-b");
    await service(a.id, a.baker, "bücher.de", "xn--bcher-kva.de");
    await service(a.id, a.other, "=cmd.example");
    // More than one CSV batch (200) of plain services.
    await db().service.createMany({
      data: Array.from({ length: 230 }, (_, i) => ({
        resellerId: a.id,
        customerId: a.other,
        kind: "qboxmail_domain" as const,
        provider: "qboxmail" as const,
        upstreamRef: `D${code++}`,
        naturalKey: `bulk${i}.example`,
        displayName: `bulk${i}.example`,
      })),
    });
    await service(b.id, b.baker, "bücher-b.de", "xn--bcher-b-5ya.de");
    for (let i = 0; i < 210; i++) await db().customer.create({ data: { resellerId: a.id, name: `Kunde ${i}` } });
  });
  afterAll(disconnectDb);

  it("finds services by a Unicode fragment, the ASCII spelling and the customer's name, only the reseller's", async () => {
    const names = async (q: string) =>
      (await listServices(a.id, parseServiceFilters({ q }))).rows.map((r) => r.displayName).sort();
    expect(await names("ücher")).toEqual(["bücher.de"]);
    expect(await names("xn--bcher")).toEqual(["bücher.de"]);
    expect(await names("ckerei mü")).toEqual(["bücher.de"]);
    expect(await countServices(a.id, parseServiceFilters({ q: "bulk1" }))).toBe(111); // bulk1, bulk10–19, bulk100–199
    expect(await countServices(a.id, parseServiceFilters({}))).toBe(232);
    expect(await countServices(a.id, parseServiceFilters({}), 100)).toBe(101);
  });

  it("pages the services list by keyset cursors, forwards and back, each service once in the database's order", async () => {
    // Same creation time for many rows: the id breaks the tie, so no row is skipped or repeated.
    const same = new Date("2026-01-01T00:00:00Z");
    await db().service.updateMany({
      where: { resellerId: a.id, naturalKey: { startsWith: "bulk1" } },
      data: { createdAt: same },
    });
    const expected = (
      await db().service.findMany({
        where: { resellerId: a.id, status: "active" },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        select: { id: true },
      })
    ).map((r) => r.id);
    const pages: string[][] = [];
    let page = await listServices(a.id, parseServiceFilters({}), 50);
    expect(page.prevCursor).toBeNull();
    pages.push(page.rows.map((r) => r.id));
    while (page.nextCursor) {
      page = await listServices(a.id, parseServiceFilters({ cursor: page.nextCursor }), 50);
      pages.push(page.rows.map((r) => r.id));
    }
    expect(pages.map((p) => p.length)).toEqual([50, 50, 50, 50, 32]);
    expect(pages.flat()).toEqual(expected);
    // Back from the last page: each "previous" shows exactly the page before it.
    for (let i = pages.length - 1; i > 0; i--) {
      expect(page.prevCursor).not.toBeNull();
      page = await listServices(a.id, parseServiceFilters({ before: page.prevCursor! }), 50);
      expect(page.rows.map((r) => r.id)).toEqual(pages[i - 1]);
    }
    expect(page.prevCursor).toBeNull();
    // A searched list pages the same way, and a tampered cursor starts again from the top.
    const searched = await listServices(a.id, parseServiceFilters({ q: "bulk1" }), 100);
    const rest = await listServices(a.id, parseServiceFilters({ q: "bulk1", cursor: searched.nextCursor! }), 100);
    expect([...searched.rows, ...rest.rows]).toHaveLength(111);
    expect(rest.nextCursor).toBeNull();
    expect(
      (await listServices(a.id, parseServiceFilters({ cursor: "not-a-cursor" }), 50)).rows.map((r) => r.id),
    ).toEqual(pages[0]);
  });

  it("exports every matching service as CSV, with a byte-order mark and defused formulas", async () => {
    const csv = await text(resellerServicesCsvStream(a.id, parseServiceFilters({})));
    expect(csv.startsWith('\uFEFF"service_id","created_at","kind","name","ascii_name","customer",')).toBe(true);
    const lines = csv.trim().split("\r\n");
    expect(lines).toHaveLength(1 + 232);
    expect(new Set(lines).size).toBe(lines.length);
    expect(csv).toContain('"bücher.de","xn--bcher-kva.de","Bäckerei Müller"');
    expect(csv).toContain(`"'=cmd.example"`);
    expect(csv).not.toContain("bücher-b.de");
    const searched = await text(resellerServicesCsvStream(a.id, parseServiceFilters({ q: "ücher" })));
    expect(searched.trim().split("\r\n")).toHaveLength(2);
  });

  it("exports the reseller's customers as CSV, searched as the list is", async () => {
    const all = (await text(resellerCustomersCsvStream(a.id, undefined))).replace(/\r\n$/, "").split("\r\n"); // not trim(): it eats the byte-order mark
    expect(all[0]).toBe('\uFEFF"customer_id","name","email","reference","created_at"');
    expect(all).toHaveLength(1 + 212);
    const found = (await text(resellerCustomersCsvStream(a.id, "müller"))).replace(/\r\n$/, "").split("\r\n"); // not trim(): it eats the byte-order mark
    expect(found).toHaveLength(2);
    expect(found[1]).toContain('"Bäckerei Müller",,"K-1"');
    expect(await text(resellerCustomersCsvStream(b.id, "Kunde"))).toBe(
      '\uFEFF"customer_id","name","email","reference","created_at"\r\n',
    );
  });
});
