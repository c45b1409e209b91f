import type { JWT } from "next-auth/jwt";
import { afterAll, describe, expect, it } from "vitest";
import { createUserAsAdmin, disableUserAsAdmin, resetPasswordAsAdmin } from "@/lib/admin/users";
import { authOptions } from "@/lib/auth/options";
import { verifyPassword } from "@/lib/auth/password";
import { db, disconnectDb } from "@/lib/db";
import { findLiveSessionUser } from "@/lib/users/queries";
import { makeReseller, makeUser } from "../factories";

// Users are created, disabled and given new passwords the way production does it: by an admin.
const admin = () => makeUser("admin");

async function newReseller() {
  const reseller = await makeReseller();
  const email = `owner@${reseller.slug}.example.test`;
  const { id } = await createUserAsAdmin(await admin(), {
    email,
    name: "Owner",
    role: "reseller",
    resellerId: reseller.id,
    password: "first-password-1",
    reason: "test account",
  });
  return { id, email, slug: reseller.slug, resellerId: reseller.id };
}

// The jwt callback is what next-auth runs on every session read.
async function refresh(token: JWT): Promise<JWT> {
  const jwt = authOptions().callbacks!.jwt!;
  return (await jwt({ token } as never)) as JWT;
}

describe("passwords and session versions", () => {
  afterAll(disconnectDb);

  it("stores argon2id hashes, never the password", async () => {
    const { id } = await newReseller();
    const row = await db().user.findUniqueOrThrow({ where: { id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.passwordHash).not.toContain("first-password-1");
    expect(await verifyPassword(row.passwordHash, "first-password-1")).toBe(true);
    expect(await verifyPassword(row.passwordHash, "first-password-2")).toBe(false);
  });

  it("carries role and tenant in the session and refreshes them from the row", async () => {
    const u = await newReseller();
    const token = await refresh({ userId: u.id, sessionVersion: 1 });
    expect(token).toMatchObject({
      userId: u.id,
      role: "reseller",
      resellerId: u.resellerId,
      resellerSlug: u.slug,
      email: u.email,
    });
    await db().user.update({ where: { id: u.id }, data: { name: "Renamed Owner" } });
    expect((await refresh(token)).name).toBe("Renamed Owner");
  });

  it("kills sessions of a disabled user", async () => {
    const u = await newReseller();
    const token = await refresh({ userId: u.id, sessionVersion: 1 });
    await disableUserAsAdmin(await admin(), { userId: u.id, reason: "left the company" });
    expect(await findLiveSessionUser(u.id, 1)).toBeNull();
    await expect(refresh(token)).rejects.toThrow(/revoked/);
    // Re-enabling does not revive sessions issued before the disable.
    await db().user.update({ where: { id: u.id }, data: { disabledAt: null } });
    await expect(refresh(token)).rejects.toThrow(/revoked/);
    expect(await findLiveSessionUser(u.id, 2)).not.toBeNull();
  });

  it("kills sessions issued before a password change, not the ones after", async () => {
    const u = await newReseller();
    const old = await refresh({ userId: u.id, sessionVersion: 1 });
    await resetPasswordAsAdmin(await admin(), { userId: u.id, password: "second-password-2", reason: "forgot it" });
    await expect(refresh(old)).rejects.toThrow(/revoked/);
    const fresh = await refresh({ userId: u.id, sessionVersion: 2 });
    expect(fresh.userId).toBe(u.id);
    await expect(refresh({ sessionVersion: 1 })).rejects.toThrow(/revoked/);
  });
});
