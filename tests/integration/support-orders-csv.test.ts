import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { csvCell, UTF8_BOM } from "@/lib/format/csv";
import { parseSupportOrderFilters } from "@/lib/support/order-filters";
import { ordersCsvStream } from "@/lib/support/orders-csv";
import { makeOrder, makeTenant, makeUser } from "../factories";

describe("support CSV export", () => {
  let support: Awaited<ReturnType<typeof makeUser>>;
  let tenant: Awaited<ReturnType<typeof makeTenant>>;

  beforeAll(async () => {
    support = await makeUser("support");
    // Search matches customer names too: a label without "csv" keeps `q: "csv"` to the csvN orders.
    tenant = await makeTenant({ label: "export" });
    // More than one keyset batch of 1,000 so the batch boundary is crossed.
    for (let i = 0; i < 1_005; i++)
      await makeOrder({
        tenant,
        status: i % 5 ? "succeeded" : "failed",
        naturalKey: `csv${i}.example`,
        createdAt: new Date(Date.UTC(2026, 1, 1) + i * 1000),
      });
    await makeOrder({
      tenant,
      status: "failed",
      naturalKey: "quote.example",
      lastError: 'Upstream said "no", twice\nthen =SUM(A1)',
    });
  });
  afterAll(disconnectDb);

  it("quotes every text cell and neutralises formula starts, also after any separator", () => {
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell("plain")).toBe('"plain"');
    expect(csvCell("=1+2")).toBe(`"'=1+2"`);
    expect(csvCell("@SUM(A1)")).toBe(`"'@SUM(A1)"`);
    // In a ";" locale Excel may split a cell at ";" or ",": what follows must not run either.
    expect(csvCell('shop;=HYPERLINK("http://evil.example")')).toBe(`"shop;'=HYPERLINK(""http://evil.example"")"`);
    expect(csvCell("a, +cmd|' /C calc'!A0")).toBe(`"a, '+cmd|' /C calc'!A0"`);
    expect(csvCell("x\t-2+3")).toBe(`"x\t'-2+3"`);
    expect(csvCell("line\n=1")).toBe(`"line\n'=1"`);
    expect(csvCell(null)).toBe("");
    expect(csvCell(42)).toBe("42");
  });

  it("starts with a UTF-8 byte order mark, so Excel shows umlauts, and audits the export", async () => {
    const before = await db().auditEvent.count({ where: { action: "support.orders.export", actorId: support.id } });
    const bytes = new Uint8Array(
      await new Response(
        await ordersCsvStream(support, parseSupportOrderFilters({ resellerId: tenant.reseller.id, q: "bücher" })),
      ).arrayBuffer(),
    );
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const audits = await db().auditEvent.findMany({
      where: { action: "support.orders.export", actorId: support.id },
      orderBy: { id: "desc" },
    });
    expect(audits).toHaveLength(before + 1);
    expect(JSON.stringify(audits[0]!.after)).toContain("bücher");
  });

  it("streams exactly the filtered rows across batches", async () => {
    const text = (
      await new Response(
        await ordersCsvStream(support, parseSupportOrderFilters({ resellerId: tenant.reseller.id })),
      ).text()
    ).replace(UTF8_BOM, "");
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^"order_id","created_at","status","kind"/);
    // Records end in CRLF; the quoted multi-line error holds a bare LF, so it stays one record.
    expect(lines).toHaveLength(1 + 1_006);
    const failed = await new Response(
      await ordersCsvStream(
        support,
        parseSupportOrderFilters({ resellerId: tenant.reseller.id, status: "failed", q: "csv" }),
      ),
    ).text();
    const rows = failed.trimEnd().split("\r\n").slice(1);
    expect(rows).toHaveLength(201);
    expect(rows.every((r) => r.includes(',"failed",'))).toBe(true);
    expect(text).toContain('"Upstream said ""no"", twice\nthen =SUM(A1)"');
  });

  it("refuses a reseller user", async () => {
    await expect(
      ordersCsvStream({ id: tenant.user.id, role: "reseller" }, parseSupportOrderFilters({})),
    ).rejects.toThrow(/404/);
  });
});
