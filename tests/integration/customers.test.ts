import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCustomer, updateCustomer } from "@/lib/customers/mutations";
import { getCustomer, listCustomers } from "@/lib/customers/queries";
import { db, disconnectDb } from "@/lib/db";

async function reseller(name: string) {
  return db().reseller.create({ data: { name, slug: `${name}-${randomUUID().slice(0, 8)}` } });
}

describe("customers", () => {
  let a: { id: string };
  let b: { id: string };
  beforeAll(async () => {
    a = await reseller("cust-a");
    b = await reseller("cust-b");
  });
  afterAll(disconnectDb);

  it("creates a customer, trimming input and dropping blank optional fields", async () => {
    const result = await createCustomer(a.id, { name: "  Acme Ltd ", email: "", reference: "C-1", notes: " " });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const row = await db().customer.findUniqueOrThrow({ where: { id: result.data.id } });
    expect(row).toMatchObject({ resellerId: a.id, name: "Acme Ltd", email: null, reference: "C-1", notes: null });
  });

  it("returns field errors for invalid input and for a duplicate name", async () => {
    const bad = await createCustomer(a.id, { name: "", email: "not-an-email" });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.fieldErrors.name?.[0]).toMatch(/name/i);
    expect(bad.fieldErrors.email?.[0]).toMatch(/e-mail/i);

    const dup = await createCustomer(a.id, { name: "Acme Ltd" });
    expect(dup).toEqual({ ok: false, fieldErrors: { name: ["You already have a customer with this name"] } });
    // The same name under another reseller is a different customer.
    expect((await createCustomer(b.id, { name: "Acme Ltd" })).ok).toBe(true);
  });

  it("updates only the reseller's own customer", async () => {
    const created = await createCustomer(a.id, { name: "Beta GmbH", email: "it@beta.example" });
    if (!created.ok) throw new Error("create failed");
    const id = created.data.id;

    const foreign = await updateCustomer(b.id, id, { name: "Stolen" });
    expect(foreign).toMatchObject({ ok: false, formError: expect.stringMatching(/no longer exists/) });
    expect(await getCustomer(b.id, id)).toBeNull();

    const own = await updateCustomer(a.id, id, { name: "Beta GmbH & Co", email: "" });
    expect(own.ok).toBe(true);
    expect(await getCustomer(a.id, id)).toMatchObject({ name: "Beta GmbH & Co", email: null });
    expect(await getCustomer(a.id, "not-a-uuid")).toBeNull();
  });

  it("lists by name with keyset pages and search, scoped to the reseller", async () => {
    const r = await reseller("cust-list");
    for (const n of ["Delta", "alpha", "Charlie", "Bravo", "Echo"])
      await createCustomer(r.id, { name: n, reference: `ref-${n}` });
    const first = await listCustomers(r.id, { limit: 2 });
    const second = await listCustomers(r.id, { limit: 2, after: first.nextAfter });
    const third = await listCustomers(r.id, { limit: 2, after: second.nextAfter });
    const names = [...first.rows, ...second.rows, ...third.rows].map((c) => c.name);
    expect(names).toHaveLength(5);
    expect(new Set(names).size).toBe(5);
    expect(third.nextAfter).toBeUndefined();

    const found = await listCustomers(r.id, { q: "REF-cha" });
    expect(found.rows.map((c) => c.name)).toEqual(["Charlie"]);
    expect((await listCustomers(b.id, { q: "Charlie" })).rows).toEqual([]);
  });
});
