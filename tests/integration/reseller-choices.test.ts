// The staff pages' reseller choice (lib/support/reseller-options.ts): a select while the
// installation has at most a select's worth of resellers, a search beyond, so that the support
// filters and the admin's new-user form reach every reseller however many there are.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { resellerChoices, resellerPickerPage } from "@/lib/support/reseller-options";
import { makeUser } from "../factories";

describe("the staff pages' reseller choice", () => {
  let support: Awaited<ReturnType<typeof makeUser>>;
  const label = `rc${randomUUID().slice(0, 6)}`;

  beforeAll(async () => {
    support = await makeUser("support");
    // Slugs in one order, names in the reverse, so the search's order (by slug) is the one checked.
    await db().reseller.createMany({
      data: Array.from({ length: 60 }, (_, i) => ({
        name: `Mail House ${label} ${String(59 - i).padStart(2, "0")}`,
        slug: `${label}-${String(i).padStart(2, "0")}`,
      })),
    });
  });
  afterAll(disconnectDb);

  it("lists every reseller by name up to the cap, and beyond it only the one the filter names", async () => {
    // Other test files' resellers share this database: the cap is set around today's count.
    const count = await db().reseller.count();
    const all = await resellerChoices(support, { cap: count });
    expect(all.searchable).toBe(false);
    expect(all.options).toHaveLength(count);
    // By name: this file's resellers, alike but for their number, come in the names' order.
    const ours = all.options.map((o) => o.label).filter((name) => name.includes(label));
    expect(ours).toEqual(Array.from({ length: 60 }, (_, i) => `Mail House ${label} ${String(i).padStart(2, "0")}`));

    const named = await db().reseller.findFirstOrThrow({ where: { slug: `${label}-07` } });
    expect(await resellerChoices(support, { cap: count - 1 })).toEqual({ searchable: true, options: [] });
    expect(await resellerChoices(support, { cap: count - 1, include: named.id })).toEqual({
      searchable: true,
      options: [{ value: named.id, label: named.name }],
    });
    // An id that names no reseller, or is not an id at all, adds nothing.
    for (const include of [randomUUID(), "not-a-uuid", "'; DROP TABLE reseller; --"]) {
      expect((await resellerChoices(support, { cap: count - 1, include })).options).toEqual([]);
    }
  });

  it("lists the names in dictionary order, case and accents aside", async () => {
    // In the test cluster's byte order "Zeta" would come before "alpha", and "Ärzte" last.
    const mark = `dict${randomUUID().slice(0, 6)}`;
    const names = [`Zeta ${mark}`, `alpha ${mark}`, `Ärzte ${mark}`, `bravo ${mark}`, `Omega ${mark}`, `Òmnia ${mark}`];
    await db().reseller.createMany({ data: names.map((name, i) => ({ name, slug: `${mark}-${i}` })) });
    const all = await resellerChoices(support, { cap: await db().reseller.count() });
    expect(all.options.map((o) => o.label).filter((name) => name.endsWith(mark))).toEqual([
      `alpha ${mark}`,
      `Ärzte ${mark}`,
      `bravo ${mark}`,
      `Omega ${mark}`,
      `Òmnia ${mark}`,
      `Zeta ${mark}`,
    ]);
  });

  it("searches by a fragment of the name or the slug, in any case, 50 by slug at a time, each reseller once", async () => {
    const first = await resellerPickerPage(support, { q: label.toUpperCase() });
    expect(first.options).toHaveLength(50);
    expect(first.options[0]).toMatchObject({ label: `Mail House ${label} 59`, detail: `${label}-00` });
    expect(first.next).toBe(`${label}-49`);
    const second = await resellerPickerPage(support, { q: label, after: first.next ?? undefined });
    expect(second.options.map((o) => o.detail)).toEqual(
      Array.from({ length: 10 }, (_, i) => `${label}-${String(50 + i).padStart(2, "0")}`),
    );
    expect(second.next).toBeNull();
    const ids = [...first.options, ...second.options].map((o) => o.value);
    expect(new Set(ids).size).toBe(60);

    // By the name's fragment and by the slug's.
    expect((await resellerPickerPage(support, { q: `house ${label} 03` })).options.map((o) => o.detail)).toEqual([
      `${label}-56`,
    ]);
    expect((await resellerPickerPage(support, { q: `${label}-3` })).options).toHaveLength(10);
  });

  it("is for staff only: a reseller's user gets not-found", async () => {
    const reseller = await db().reseller.findFirstOrThrow({ where: { slug: `${label}-00` } });
    const user = await makeUser("reseller", reseller.id);
    await expect(resellerChoices(user)).rejects.toThrow(/404/);
    await expect(resellerPickerPage(user, { q: label })).rejects.toThrow(/404/);
  });
});
