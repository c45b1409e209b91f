// The customers support may adopt an unowned resource into (lib/services/drift-reads.ts): found by
// a fragment of the customer's name, reference or reseller's name, in any case, wherever they sit
// in the list; at most a page of them, saying when there are more. Staff only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/auth/session";
import { db, disconnectDb } from "@/lib/db";
import { ADOPTION_MATCHES, adoptionCustomers } from "@/lib/services/drift-reads";
import { makeReseller, makeUser, tag } from "../factories";

let support: Viewer;
let label: string;
let reseller: { id: string; name: string };

describe("adoption customers", () => {
  beforeAll(async () => {
    support = await makeUser("support");
    label = tag();
    reseller = await makeReseller({ label: `adopt${label}` });
    // More customers than one page, so the one wanted may sit past any first page.
    await db().customer.createMany({
      data: Array.from({ length: ADOPTION_MATCHES + 10 }, (_, i) => ({
        resellerId: reseller.id,
        name: `Zulu ${label} ${String(i).padStart(3, "0")}`,
        reference: `zref-${label}-${i}`,
      })),
    });
  });
  afterAll(disconnectDb);

  it("finds a customer by a fragment of its name, its reference or its reseller's name, in any case", async () => {
    const byName = await adoptionCustomers(support, `ZULU ${label} 059`);
    expect(byName.rows.map((c) => c.name)).toEqual([`Zulu ${label} 059`]);
    expect(byName.more).toBe(false);
    const byReference = await adoptionCustomers(support, `ZREF-${label}-7`);
    expect(byReference.rows.map((c) => c.reference).sort()).toEqual([`zref-${label}-7`]);
    const byReseller = await adoptionCustomers(support, `adopt${label}`.toUpperCase());
    expect(byReseller.rows).toHaveLength(ADOPTION_MATCHES);
    expect(byReseller.rows.every((c) => c.reseller.name === reseller.name)).toBe(true);
    expect(byReseller.rows[0]!.name).toBe(`Zulu ${label} 000`);
    expect(byReseller.more).toBe(true);
    expect((await adoptionCustomers(support, `no such ${label}`)).rows).toEqual([]);
  });

  it("lists a page of customers with no search, and refuses a reseller user", async () => {
    const all = await adoptionCustomers(support);
    expect(all.rows).toHaveLength(ADOPTION_MATCHES);
    expect(all.more).toBe(true);
    // A search with a control character (a hand-edited address) is ignored, not sent to Postgres.
    expect((await adoptionCustomers(support, `${label}\u0000`)).rows).toHaveLength(ADOPTION_MATCHES);
    const user = await makeUser("reseller", reseller.id);
    await expect(adoptionCustomers(user, label)).rejects.toThrow();
  });
});
