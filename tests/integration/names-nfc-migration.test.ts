// The migration that stores names and references in NFC (prisma/migrations/20261206210000_names_nfc),
// run again over rows written before it: the list searches now read what is typed as NFC, so a
// name stored with "u" and a combining mark would otherwise be found by no search. A customer
// whose NFC name another customer of the reseller holds keeps its spelling; the rest go on.
import fs from "node:fs";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { listCustomers } from "@/lib/customers/queries";
import { db, disconnectDb } from "@/lib/db";
import { makeTenant } from "../factories";

const MIGRATION = "prisma/migrations/20261206210000_names_nfc/migration.sql";
afterAll(disconnectDb);

describe("names in NFC", () => {
  it("normalizes what was stored before, skips a name the reseller holds already, and the search finds them", async () => {
    const t = await makeTenant();
    const decomposed = "Mu\u0308ller GmbH";
    const [old, twinNfd, twinNfc] = await Promise.all([
      db().customer.create({ data: { resellerId: t.reseller.id, name: decomposed, reference: "Bu\u0308ro-7" } }),
      db().customer.create({ data: { resellerId: t.reseller.id, name: "Jo\u0308rg AG" } }),
      db().customer.create({ data: { resellerId: t.reseller.id, name: "Jörg AG" } }),
    ]);
    await db().user.update({ where: { id: t.user.id }, data: { name: "Zoe\u0308" } });

    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query(fs.readFileSync(MIGRATION, "utf8"));
    } finally {
      await client.end();
    }

    const row = (id: string) => db().customer.findUniqueOrThrow({ where: { id } });
    expect(await row(old.id)).toMatchObject({ name: "Müller GmbH", reference: "Büro-7" });
    // The pair the unique name would refuse: the NFD one keeps its spelling, the other is untouched.
    expect((await row(twinNfd.id)).name).toBe("Jo\u0308rg AG");
    expect((await row(twinNfc.id)).name).toBe("Jörg AG");
    expect((await db().user.findUniqueOrThrow({ where: { id: t.user.id } })).name).toBe("Zoë");
    // Found whichever way it is typed.
    const found = await listCustomers(t.reseller.id, { q: "mu\u0308ller" });
    expect(found.rows.map((c) => c.id)).toEqual([old.id]);
    expect((await listCustomers(t.reseller.id, { q: "büro" })).rows.map((c) => c.id)).toEqual([old.id]);
  });
});
