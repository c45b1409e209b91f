// Admins cannot lock the portal out of administration (docs/security.md "Admins"): the self
// check compares canonical ids, and disabling keeps at least one active admin, decided inside
// the transaction so that two admins disabling each other cannot both succeed.

import { afterAll, afterEach, describe, expect, it } from "vitest";
import { disableUserAsAdmin } from "@/lib/admin/users";
import { db, disconnectDb } from "@/lib/db";
import { makeUser } from "../factories";

/** Leaves exactly the given admins active; returns a function that restores the others. */
async function onlyTheseActive(ids: string[]): Promise<() => Promise<void>> {
  const others = await db().user.findMany({
    where: { role: "admin", disabledAt: null, id: { notIn: ids } },
    select: { id: true },
  });
  await db().user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { disabledAt: new Date() } });
  return async () => {
    await db().user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { disabledAt: null } });
  };
}

describe("admin lock-out", () => {
  let restore: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await restore?.();
    restore = undefined;
  });
  afterAll(disconnectDb);

  it("refuses an admin disabling themselves, whatever the spelling of their id", async () => {
    const admin = await makeUser("admin");
    await makeUser("admin"); // not the last admin: the self check alone must refuse
    for (const userId of [admin.id, admin.id.toUpperCase()]) {
      await expect(disableUserAsAdmin(admin, { userId, reason: "oops" })).rejects.toThrow(/your own account/);
    }
    expect((await db().user.findUniqueOrThrow({ where: { id: admin.id } })).disabledAt).toBeNull();
  });

  it("keeps one active admin when two admins disable each other at the same moment", async () => {
    const a = await makeUser("admin");
    const b = await makeUser("admin");
    restore = await onlyTheseActive([a.id, b.id]);
    const results = await Promise.allSettled([
      disableUserAsAdmin(a, { userId: b.id, reason: "race" }),
      disableUserAsAdmin(b, { userId: a.id.toUpperCase(), reason: "race" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(String(rejected.reason)).toMatch(/last active admin/);
    expect(await db().user.count({ where: { id: { in: [a.id, b.id] }, disabledAt: null } })).toBe(1);
  });

  it("still lets an admin disable another admin while a second one stays active", async () => {
    const a = await makeUser("admin");
    const b = await makeUser("admin");
    const c = await makeUser("admin");
    restore = await onlyTheseActive([a.id, b.id, c.id]);
    await disableUserAsAdmin(a, { userId: b.id, reason: "left" });
    expect((await db().user.findUniqueOrThrow({ where: { id: b.id } })).disabledAt).not.toBeNull();
  });
});
