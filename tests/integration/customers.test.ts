import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCustomer, updateCustomer } from "@/lib/customers/mutations";
import {
  countCustomers,
  customerChoices,
  customerPickerPage,
  getCustomer,
  listCustomers,
} from "@/lib/customers/queries";
import { db, disconnectDb } from "@/lib/db";

const ACTOR = { type: "user" as const, id: randomUUID(), label: "owner@cust.example.test" };

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
    const result = await createCustomer(a.id, { name: "  Acme Ltd ", email: "", reference: "C-1", notes: " " }, ACTOR);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const row = await db().customer.findUniqueOrThrow({ where: { id: result.data.id } });
    expect(row).toMatchObject({ resellerId: a.id, name: "Acme Ltd", email: null, reference: "C-1", notes: null });
  });

  it("returns field errors for invalid input and for a duplicate name", async () => {
    const bad = await createCustomer(a.id, { name: "", email: "not-an-email" }, ACTOR);
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.fieldErrors.name?.[0]).toMatch(/name/i);
    expect(bad.fieldErrors.email?.[0]).toMatch(/e-mail/i);

    const dup = await createCustomer(a.id, { name: "Acme Ltd" }, ACTOR);
    expect(dup).toEqual({ ok: false, fieldErrors: { name: ["You already have a customer with this name"] } });
    // The same name under another reseller is a different customer.
    expect((await createCustomer(b.id, { name: "Acme Ltd" }, ACTOR)).ok).toBe(true);
  });

  it("updates only the reseller's own customer", async () => {
    const created = await createCustomer(a.id, { name: "Beta GmbH", email: "it@beta.example" }, ACTOR);
    if (!created.ok) throw new Error("create failed");
    const id = created.data.id;

    const foreign = await updateCustomer(b.id, id, { name: "Stolen" }, ACTOR);
    expect(foreign).toMatchObject({ ok: false, formError: expect.stringMatching(/no longer exists/) });
    expect(await getCustomer(b.id, id)).toBeNull();

    const own = await updateCustomer(a.id, id, { name: "Beta GmbH & Co", email: "" }, ACTOR);
    expect(own.ok).toBe(true);
    expect(await getCustomer(a.id, id)).toMatchObject({ name: "Beta GmbH & Co", email: null });
    expect(await getCustomer(a.id, "not-a-uuid")).toBeNull();
  });

  it("refuses an edit made on a copy someone else changed since, and writes nothing of it", async () => {
    const created = await createCustomer(a.id, { name: "Kappa SpA", email: "it@kappa.example" }, ACTOR);
    if (!created.ok) throw new Error("create failed");
    const id = created.data.id;
    const read = async () => (await getCustomer(a.id, id))!;
    const auditCount = () => db().auditEvent.count({ where: { after: { path: ["customerId"], equals: id } } });
    // Two people open the edit page: each form carries the version it showed (an ISO time).
    const shown = (await read()).updatedAt.toISOString();
    const first = await updateCustomer(a.id, id, { name: "Kappa SpA", email: "billing@kappa.example" }, ACTOR, {
      updatedAt: shown,
    });
    expect(first).toEqual({ ok: true, data: { id } });
    const second = await updateCustomer(a.id, id, { name: "Kappa S.p.A.", email: "it@kappa.example" }, ACTOR, {
      updatedAt: shown,
    });
    expect(second).toMatchObject({
      ok: false,
      fieldErrors: {},
      formError: expect.stringMatching(/changed this customer after you opened this page.*save again/),
      updatedAt: (await read()).updatedAt,
      // What the other edit left, for the form to show and fill in.
      current: { name: "Kappa SpA", email: "billing@kappa.example", reference: "", notes: "" },
    });
    // The first person's change stands, and the refused save left no audit row.
    expect(await read()).toMatchObject({ name: "Kappa SpA", email: "billing@kappa.example" });
    expect(await auditCount()).toBe(2);
    // A form without a readable version (a page from before the check) is refused the same way.
    for (const bad of [null, "", "yesterday"])
      expect(await updateCustomer(a.id, id, { name: "X" }, ACTOR, { updatedAt: bad })).toMatchObject({ ok: false });
    // After a reload the save goes through; without a version (the API without If-Match) the last write wins.
    const now = (await read()).updatedAt;
    expect((await updateCustomer(a.id, id, { name: "Kappa S.p.A." }, ACTOR, { updatedAt: now.toISOString() })).ok).toBe(
      true,
    );
    expect((await read()).updatedAt.getTime()).toBeGreaterThan(now.getTime());
    expect((await updateCustomer(a.id, id, { name: "Kappa" }, ACTOR)).ok).toBe(true);
    // Two saves from one version at once, each within the same millisecond or not: one wins.
    const v = (await read()).updatedAt;
    const both = await Promise.all(
      ["Kappa 1", "Kappa 2"].map((name) => updateCustomer(a.id, id, { name }, ACTOR, { updatedAt: v })),
    );
    expect(both.map((r) => r.ok).sort()).toEqual([false, true]);
  });

  it("takes an internationalised address, as the order forms do, and keeps its domain in IDNA ASCII", async () => {
    const cases = [
      ["info@пример.рф", "info@xn--e1afmkfd.xn--p1ai"],
      ["info@example.xn--p1ai", "info@example.xn--p1ai"],
      ["Anne.Smith@münchen.de", "Anne.Smith@xn--mnchen-3ya.de"],
    ] as const;
    for (const [typed, kept] of cases) {
      const r = await createCustomer(a.id, { name: `IDN ${typed}`, email: ` ${typed} ` }, ACTOR);
      expect(r.ok, typed).toBe(true);
      if (r.ok) expect((await getCustomer(a.id, r.data.id))?.email).toBe(kept);
    }
  });

  it("audits creation and each edit with who did it and what changed, never a refused or foreign one", async () => {
    const created = await createCustomer(a.id, { name: "Gamma AG", email: "it@gamma.example", notes: "VIP" }, ACTOR);
    if (!created.ok) throw new Error("create failed");
    const id = created.data.id;
    const events = () =>
      db().auditEvent.findMany({ where: { after: { path: ["customerId"], equals: id } }, orderBy: { id: "asc" } });
    expect(await events()).toMatchObject([
      {
        action: "customer.create",
        actorType: "user",
        actorId: ACTOR.id,
        resellerId: a.id,
        after: { customerId: id, name: "Gamma AG", email: "it@gamma.example", hasNotes: true },
      },
    ]);
    await updateCustomer(b.id, id, { name: "Stolen" }, ACTOR);
    await updateCustomer(a.id, id, { name: "" }, ACTOR);
    expect(await events()).toHaveLength(1);

    await updateCustomer(a.id, id, { name: "Gamma AG", email: "ops@gamma.example", notes: "Key account" }, ACTOR);
    const [, edit] = await events();
    expect(edit).toMatchObject({
      action: "customer.update",
      before: { customerId: id, email: "it@gamma.example" },
      after: { customerId: id, email: "ops@gamma.example", notesChanged: true },
    });
    expect(JSON.stringify(edit?.after)).not.toContain("Key account");
    expect(Object.keys(edit?.after as object)).not.toContain("name");
  });

  it("searches for the text as typed: % _ and \\ are no wildcards", async () => {
    const r = await reseller("cust-like");
    for (const [name, reference] of [
      ["Acme one", "ACME_01"],
      ["Acme two", "ACME-01"],
      ["Acme three", "ACMEX01"],
      ["Half off", "50%"],
      ["Path", "AB\\12"],
    ])
      await createCustomer(r.id, { name, reference }, ACTOR);
    const names = async (q: string) => (await listCustomers(r.id, { q })).rows.map((c) => c.name);
    expect(await names("acme_01")).toEqual(["Acme one"]);
    expect(await names("50%")).toEqual(["Half off"]);
    expect(await names("%")).toEqual(["Half off"]);
    expect(await names("AB\\12")).toEqual(["Path"]);
    expect(await countCustomers(r.id, "_")).toBe(1);
  });

  it("keeps a name in one Unicode form: typed with a combining mark it is the same customer, found either way", async () => {
    const r = await reseller("cust-nfc");
    const first = await createCustomer(r.id, { name: "Mu\u0308ller GmbH" }, ACTOR);
    expect(first.ok).toBe(true);
    const again = await createCustomer(r.id, { name: "Müller GmbH" }, ACTOR);
    expect(again.ok).toBe(false);
    expect((await listCustomers(r.id, { q: "mu\u0308ller" })).rows.map((c) => c.name)).toEqual(["Müller GmbH"]);
    expect((await listCustomers(r.id, { q: "müller" })).rows).toHaveLength(1);
  });

  it("lists by name with keyset pages and search, scoped to the reseller", async () => {
    const r = await reseller("cust-list");
    for (const n of ["Delta", "Alpha", "Charlie", "Bravo", "Echo"])
      await createCustomer(r.id, { name: n, reference: `ref-${n}` }, ACTOR);
    const first = await listCustomers(r.id, { limit: 2 });
    const second = await listCustomers(r.id, { limit: 2, after: first.nextAfter });
    const third = await listCustomers(r.id, { limit: 2, after: second.nextAfter });
    const names = [...first.rows, ...second.rows, ...third.rows].map((c) => c.name);
    // By name, created in another order.
    expect(names).toEqual(["Alpha", "Bravo", "Charlie", "Delta", "Echo"]);
    expect(third.nextAfter).toBeUndefined();
    // "Previous" from each page shows exactly the page before it; the first has none.
    expect(first.prevBefore).toBeUndefined();
    const back2 = await listCustomers(r.id, { limit: 2, before: third.prevBefore });
    expect(back2.rows).toEqual(second.rows);
    const back1 = await listCustomers(r.id, { limit: 2, before: back2.prevBefore });
    expect(back1.rows).toEqual(first.rows);
    expect(back1.prevBefore).toBeUndefined();
    expect(back1.nextAfter).toBe(first.nextAfter);
    expect(await countCustomers(r.id, undefined)).toBe(5);
    expect(await countCustomers(r.id, undefined, 3)).toBe(4);
    expect(await countCustomers(r.id, "REF-")).toBe(5);
    expect(await countCustomers(b.id, "Charlie")).toBe(0);

    const found = await listCustomers(r.id, { q: "REF-cha" });
    expect(found.rows.map((c) => c.name)).toEqual(["Charlie"]);
    expect((await listCustomers(b.id, { q: "Charlie" })).rows).toEqual([]);
  });

  it("lists names in dictionary order, case and accents aside, page by page both ways", async () => {
    // The test cluster's collation is C: in byte order "Zeta" would come before "alpha", and
    // "Ärzte" and "Òmnia" after everything. Resellers expect the order of a dictionary.
    const r = await reseller("cust-dict");
    for (const n of ["Zeta srl", "alpha gmbh", "Òmnia spa", "Ärzte Partner", "beta", "Bravo", "Omega", "zulu"])
      await createCustomer(r.id, { name: n }, ACTOR);
    const expected = ["alpha gmbh", "Ärzte Partner", "beta", "Bravo", "Omega", "Òmnia spa", "Zeta srl", "zulu"];
    const pages = [await listCustomers(r.id, { limit: 3 })];
    while (pages.at(-1)?.nextAfter) pages.push(await listCustomers(r.id, { limit: 3, after: pages.at(-1)?.nextAfter }));
    expect(pages.flatMap((p) => p.rows.map((c) => c.name))).toEqual(expected);
    // Backwards from the last page gives the same pages: the keyset's bound and the order agree.
    const back = await listCustomers(r.id, { limit: 3, before: pages[2]?.prevBefore });
    expect(back.rows.map((c) => c.name)).toEqual(expected.slice(3, 6));
    expect((await customerChoices(r.id)).options.map((o) => o.label)).toEqual(expected);
    // Two names that differ only in case are still two customers.
    expect((await createCustomer(r.id, { name: "BETA" }, ACTOR)).ok).toBe(true);
  });

  it("a customer choice lists up to a thousand customers in a select and searches beyond, never another reseller's", async () => {
    const r = await reseller("cust-form");
    const names = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => ({
        resellerId: r.id,
        name: `Firm ${String(from + i).padStart(4, "0")}`,
        reference: `REF-${from + i}`,
      }));
    await db().customer.createMany({ data: names(0, 1000) });
    const atThousand = await customerChoices(r.id);
    expect(atThousand.searchable).toBe(false);
    expect(atThousand.options).toHaveLength(1000);
    expect(atThousand.options.at(-1)?.label).toBe("Firm 0999");
    // The customer a link names is listed once; another reseller's or a malformed id adds nothing.
    expect((await customerChoices(r.id, atThousand.options[0]!.value)).options).toHaveLength(1000);
    const elsewhere = await db().customer.create({ data: { resellerId: a.id, name: `Elsewhere ${randomUUID()}` } });
    expect((await customerChoices(r.id, elsewhere.id)).options).toHaveLength(1000);
    expect((await customerChoices(r.id, "not-a-uuid")).options).toHaveLength(1000);

    await db().customer.createMany({ data: names(1000, 1001) });
    const last = await db().customer.findFirstOrThrow({ where: { resellerId: r.id, name: "Firm 1000" } });
    // Past the thousand: a search, starting on the customer the link names, and only on it.
    expect(await customerChoices(r.id)).toEqual({ searchable: true, options: [] });
    expect(await customerChoices(r.id, last.id)).toEqual({
      searchable: true,
      options: [{ value: last.id, label: "Firm 1000" }],
    });
    const other = await db().customer.create({ data: { resellerId: a.id, name: `Not theirs ${randomUUID()}` } });
    expect((await customerChoices(r.id, other.id)).options).toEqual([]);

    // The search finds the last customer by its reference, in any case, with the reference beside it.
    expect(await customerPickerPage(r.id, { q: "ref-1000" })).toEqual({
      options: [{ value: last.id, label: "Firm 1000", detail: "REF-1000" }],
      next: null,
    });
    // Pages of 50 by name, each starting after the last one shown, reach every customer once.
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await customerPickerPage(r.id, { after });
      seen.push(...page.options.map((o) => o.label));
      if (!page.next) break;
      after = page.next;
    }
    expect(seen).toHaveLength(1001);
    expect(new Set(seen).size).toBe(1001);
    expect(seen.at(-1)).toBe("Firm 1000");
    expect((await customerPickerPage(r.id, { q: "Not theirs" })).options).toEqual([]);
  });
});
