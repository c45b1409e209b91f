import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb } from "@/lib/db";
import { parseSupportOrderFilters } from "@/lib/support/order-filters";
import { csvCell, ordersCsvStream } from "@/lib/support/orders-csv";
import { makeOrder, makeTenant, makeUser } from "./support-fixtures";

describe("support CSV export", () => {
  let support: Awaited<ReturnType<typeof makeUser>>;
  let tenant: Awaited<ReturnType<typeof makeTenant>>;

  beforeAll(async () => {
    support = await makeUser("support");
    tenant = await makeTenant("csv");
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

  it("escapes quotes, commas, newlines and formula starts", () => {
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell("=1+2")).toBe("'=1+2");
    expect(csvCell(null)).toBe("");
    expect(csvCell(42)).toBe("42");
  });

  it("streams exactly the filtered rows across batches", async () => {
    const text = await new Response(
      ordersCsvStream(support, parseSupportOrderFilters({ resellerId: tenant.reseller.id })),
    ).text();
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^order_id,created_at,status,kind/);
    // Records end in CRLF; the quoted multi-line error holds a bare LF, so it stays one record.
    expect(lines).toHaveLength(1 + 1_006);
    const failed = await new Response(
      ordersCsvStream(
        support,
        parseSupportOrderFilters({ resellerId: tenant.reseller.id, status: "failed", q: "csv" }),
      ),
    ).text();
    const rows = failed.trimEnd().split("\r\n").slice(1);
    expect(rows).toHaveLength(201);
    expect(rows.every((r) => r.includes(",failed,"))).toBe(true);
    expect(text).toContain('"Upstream said ""no"", twice\nthen =SUM(A1)"');
  });

  it("refuses a reseller user", () => {
    expect(() => ordersCsvStream({ id: tenant.user.id, role: "reseller" }, parseSupportOrderFilters({}))).toThrow(
      /404/,
    );
  });
});
