import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listResellers, updateResellerLimits } from "@/lib/admin/resellers";
import { createUserSchema } from "@/lib/admin/schemas";
import {
  AdminActionError,
  createUserAsAdmin,
  disableUserAsAdmin,
  enableUserAsAdmin,
  listUsers,
  resetPasswordAsAdmin,
  resetTwoFactorAsAdmin,
} from "@/lib/admin/users";
import { authenticateApiToken, createApiToken } from "@/lib/api/tokens";
import { verifyPassword } from "@/lib/auth/password";
import { db, disconnectDb } from "@/lib/db";
import { failure } from "@/lib/forms/action";
import { makeTenant, makeUser, tag } from "../factories";

describe("administration", () => {
  let admin: Awaited<ReturnType<typeof makeUser>>;
  let support: Awaited<ReturnType<typeof makeUser>>;
  let tenant: Awaited<ReturnType<typeof makeTenant>>;

  beforeAll(async () => {
    admin = await makeUser("admin");
    support = await makeUser("support");
    tenant = await makeTenant();
  });
  afterAll(disconnectDb);

  it("disabling a user bumps session_version (their sessions end) and writes an audit row", async () => {
    const before = await db().user.findUniqueOrThrow({ where: { id: tenant.user.id } });
    await disableUserAsAdmin(admin, { userId: tenant.user.id, reason: "left the company" });
    const after = await db().user.findUniqueOrThrow({ where: { id: tenant.user.id } });
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(after.disabledAt).not.toBeNull();
    const audit = await db().auditEvent.findFirstOrThrow({
      where: { action: "admin.user.disable", actorId: admin.id },
      orderBy: { id: "desc" },
    });
    expect(audit).toMatchObject({
      actorType: "user",
      actorLabel: admin.email,
      reason: "left the company",
      resellerId: tenant.reseller.id,
    });
    expect(audit.after).toMatchObject({ disabled: true, sessionVersion: after.sessionVersion });
  });

  it("resetting a password stores an argon2id hash, bumps session_version and keeps the password out of the audit row", async () => {
    const u = await makeUser("support");
    await resetPasswordAsAdmin(admin, { userId: u.id, password: "correct horse battery", reason: "forgot it" });
    const row = await db().user.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.passwordHash, "correct horse battery")).toBe(true);
    expect(row.sessionVersion).toBe(2);
    const audit = await db().auditEvent.findFirstOrThrow({
      where: { action: "admin.user.password_reset" },
      orderBy: { id: "desc" },
    });
    const text = JSON.stringify({ ...audit, id: String(audit.id) });
    expect(text).not.toContain("correct horse");
    expect(text).not.toContain(row.passwordHash);
  });

  it("keeps a reseller user's API tokens on a reset unless the admin revokes them with it", async () => {
    const t = await makeTenant();
    const token = async () => {
      const r = await createApiToken(
        { ...t.user, resellerId: t.reseller.id },
        { name: `t-${tag()}`, scopes: ["orders:read"] },
      );
      if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
      return r.token;
    };
    const kept = await token();
    await resetPasswordAsAdmin(admin, { userId: t.user.id, password: "forgot it and reset 1", reason: "forgot" });
    expect(await authenticateApiToken(kept)).not.toBeNull();

    await resetPasswordAsAdmin(admin, {
      userId: t.user.id,
      password: "phished and reset 22",
      reason: "phished",
      tokens: "revoke",
    });
    // At once in this process; other web processes within the principal cache's few seconds.
    expect(await authenticateApiToken(kept)).toBeNull();
    expect(await db().apiToken.count({ where: { createdById: t.user.id, revokedAt: null } })).toBe(0);
    const audit = await db().auditEvent.findFirstOrThrow({
      where: { action: "admin.user.password_reset", reason: "phished" },
      orderBy: { id: "desc" },
    });
    expect(audit.after).toMatchObject({ apiTokensRevoked: 1 });
  });

  it("enabling a user again lets their API tokens work again, or revokes them when the admin says so", async () => {
    const t = await makeTenant();
    const made = await createApiToken(
      { ...t.user, resellerId: t.reseller.id },
      { name: `t-${tag()}`, scopes: ["orders:read"] },
    );
    if (!made.ok) throw new Error(JSON.stringify(made.fieldErrors));
    await disableUserAsAdmin(admin, { userId: t.user.id, reason: "on leave" });
    expect(await authenticateApiToken(made.token)).toBeNull();
    await enableUserAsAdmin(admin, { userId: t.user.id, reason: "back", tokens: "keep" });
    expect(await authenticateApiToken(made.token)).not.toBeNull();

    await disableUserAsAdmin(admin, { userId: t.user.id, reason: "laptop stolen" });
    await enableUserAsAdmin(admin, { userId: t.user.id, reason: "new laptop", tokens: "revoke" });
    expect(await authenticateApiToken(made.token)).toBeNull();
    expect(await db().apiToken.count({ where: { createdById: t.user.id, revokedAt: null } })).toBe(0);
    const audit = await db().auditEvent.findFirstOrThrow({
      where: { action: "admin.user.enable", reason: "new laptop" },
      orderBy: { id: "desc" },
    });
    expect(audit.after).toMatchObject({ disabled: false, apiTokensRevoked: 1 });
  });

  it("refuses an admin's reset of their own password or second factor: the account pages ask for the current password", async () => {
    const self = await makeUser("admin");
    await db().user.update({ where: { id: self.id }, data: { totpEnabledAt: new Date() } });
    const before = await db().user.findUniqueOrThrow({ where: { id: self.id } });
    // The page hides both forms for one's own row; a post made by hand names one's own id.
    await expect(
      resetPasswordAsAdmin(self, { userId: self.id, password: "a new one typed here", reason: "mine" }),
    ).rejects.toThrow(AdminActionError);
    await expect(resetTwoFactorAsAdmin(self, { userId: self.id.toUpperCase(), reason: "mine" })).rejects.toThrow(
      /account pages/,
    );
    const after = await db().user.findUniqueOrThrow({ where: { id: self.id } });
    expect(after).toEqual(before);
  });

  it("creates users with roles and edits reseller limits, audited", async () => {
    const input = createUserSchema.parse({
      email: "New.Person@Example.test",
      name: "New",
      role: "reseller",
      resellerId: tenant.reseller.id,
      password: "a long enough password",
      reason: "onboarding",
    });
    const { id } = await createUserAsAdmin(admin, input);
    expect(await db().user.findUniqueOrThrow({ where: { id } })).toMatchObject({
      email: "new.person@example.test",
      role: "reseller",
      resellerId: tenant.reseller.id,
    });
    await expect(createUserAsAdmin(admin, input)).rejects.toThrow(/exists already/);
    // About the e-mail field, so the form shows it there.
    await expect(createUserAsAdmin(admin, input)).rejects.toMatchObject({ field: "email" });
    expect(createUserSchema.safeParse({ ...input, resellerId: "" }).success).toBe(false);
    // A reseller id that names no reseller (a stale picker, a hand-made post, a customer's id) is
    // refused beside the reseller field, with no user and no audit row made.
    for (const resellerId of [randomUUID(), tenant.customer.id]) {
      const stale = { ...input, email: `stale-${randomUUID()}@example.test`, resellerId };
      const refusal = await createUserAsAdmin(admin, stale).catch((err: unknown) => err);
      expect(refusal).toBeInstanceOf(AdminActionError);
      // As the form shows it: beside the reseller field, not "Something went wrong".
      expect(failure(refusal, [AdminActionError])).toEqual({
        ok: false,
        fieldErrors: { resellerId: ["That reseller no longer exists; reload the page."] },
      });
      expect(await db().user.count({ where: { email: stale.email } })).toBe(0);
    }

    const shown = (await db().reseller.findUniqueOrThrow({ where: { id: tenant.reseller.id } })).updatedAt;
    await updateResellerLimits(admin, {
      resellerId: tenant.reseller.id,
      maxDomains: 7,
      maxManagers: 3,
      maxServers: 1,
      updatedAt: shown,
      reason: "contract change",
    });
    expect(await db().reseller.findUniqueOrThrow({ where: { id: tenant.reseller.id } })).toMatchObject({
      maxDomains: 7,
      maxManagers: 3,
      maxServers: 1,
    });
    const audit = await db().auditEvent.findFirstOrThrow({
      where: { action: "admin.reseller.limits", resellerId: tenant.reseller.id },
    });
    expect(audit.before).toMatchObject({ maxDomains: 100 });
    expect(audit.after).toMatchObject({ maxDomains: 7 });
  });

  it("refuses a limits save from a page loaded before another admin's save, writing nothing", async () => {
    const t = await makeTenant();
    const shown = (await db().reseller.findUniqueOrThrow({ where: { id: t.reseller.id } })).updatedAt;
    const save = (maxDomains: number, updatedAt: Date | null) =>
      updateResellerLimits(admin, {
        resellerId: t.reseller.id,
        maxDomains,
        maxManagers: 3,
        maxServers: 1,
        updatedAt,
        reason: "contract change",
      });
    // Two admins opened the page; the first saves, the second's page still shows the old limits.
    await save(40, shown);
    await expect(save(5, shown)).rejects.toThrow(/changed this reseller after this page was loaded/);
    // A form without a readable version (a page from before the check) is refused the same way.
    await expect(save(5, null)).rejects.toThrow(/changed this reseller/);
    expect((await db().reseller.findUniqueOrThrow({ where: { id: t.reseller.id } })).maxDomains).toBe(40);
    expect(await db().auditEvent.count({ where: { action: "admin.reseller.limits", resellerId: t.reseller.id } })).toBe(
      1,
    );
    // The reloaded page saves, and each save is a new version even within one millisecond.
    const now = (await db().reseller.findUniqueOrThrow({ where: { id: t.reseller.id } })).updatedAt;
    expect(now.getTime()).toBeGreaterThan(shown.getTime());
    await save(5, now);
    const [a, b] = await Promise.allSettled([save(6, now), save(7, now)]);
    expect([a.status, b.status].sort()).toEqual(["rejected", "rejected"]);
    const later = (await db().reseller.findUniqueOrThrow({ where: { id: t.reseller.id } })).updatedAt;
    const [c, d] = await Promise.allSettled([save(8, later), save(9, later)]);
    expect([c.status, d.status].sort()).toEqual(["fulfilled", "rejected"]);
  });

  it("lists the users a page at a time by e-mail, and finds one by e-mail, name or reseller", async () => {
    const label = `pg${Date.now().toString(36)}`;
    const reseller = await db().reseller.create({ data: { name: `Paging ${label}`, slug: `paging-${label}` } });
    await db().user.createMany({
      data: Array.from({ length: 7 }, (_, i) => ({
        email: `${label}-${i}@example.test`,
        name: `Pat ${label} ${i}`,
        role: "reseller" as const,
        resellerId: reseller.id,
        passwordHash: "x",
      })),
    });
    const emails = (rows: { email: string }[]) => rows.map((u) => u.email);
    const all = (i: number) => `${label}-${i}@example.test`;
    // Three pages of three by the reseller's name, then back from the last to the first.
    const first = await listUsers(admin, { q: `PAGING ${label}`, limit: 3 });
    expect(emails(first.rows)).toEqual([all(0), all(1), all(2)]);
    expect(first.prevBefore).toBeUndefined();
    const second = await listUsers(admin, { q: `paging ${label}`, after: first.nextAfter, limit: 3 });
    expect(emails(second.rows)).toEqual([all(3), all(4), all(5)]);
    const third = await listUsers(admin, { q: `paging ${label}`, after: second.nextAfter, limit: 3 });
    expect(emails(third.rows)).toEqual([all(6)]);
    expect(third.nextAfter).toBeUndefined();
    const back = await listUsers(admin, { q: `paging ${label}`, before: third.prevBefore, limit: 3 });
    expect(emails(back.rows)).toEqual([all(3), all(4), all(5)]);
    expect(back.prevBefore).toBe(all(3));
    // By a fragment of the e-mail or of the name; a search with a control character is ignored.
    expect(emails((await listUsers(admin, { q: `${label}-4@` })).rows)).toEqual([all(4)]);
    expect(emails((await listUsers(admin, { q: `pat ${label} 5` })).rows)).toEqual([all(5)]);
    expect((await listUsers(admin, { q: `${label}\u0000` })).rows.length).toBeGreaterThan(1);
  });

  it("lists the resellers a page at a time by slug, found by name or slug", async () => {
    const label = `rp${Date.now().toString(36)}`;
    await db().reseller.createMany({
      data: Array.from({ length: 5 }, (_, i) => ({ name: `Hosting ${label} ${4 - i}`, slug: `${label}-${i}` })),
    });
    const slugs = (rows: { slug: string }[]) => rows.map((r) => r.slug);
    const first = await listResellers(admin, { q: label.toUpperCase(), limit: 2 });
    expect(slugs(first.rows)).toEqual([`${label}-0`, `${label}-1`]);
    const second = await listResellers(admin, { q: label, after: first.nextAfter, limit: 2 });
    expect(slugs(second.rows)).toEqual([`${label}-2`, `${label}-3`]);
    const back = await listResellers(admin, { q: label, before: second.prevBefore, limit: 2 });
    expect(slugs(back.rows)).toEqual([`${label}-0`, `${label}-1`]);
    expect(back.prevBefore).toBeUndefined();
    expect(slugs((await listResellers(admin, { q: `hosting ${label} 0` })).rows)).toEqual([`${label}-4`]);
    await expect(listResellers(support)).rejects.toThrow(/404/);
  });

  it("is admin only: support and reseller users get not-found and nothing changes", async () => {
    const victim = await makeUser("support");
    for (const who of [support, { id: tenant.user.id, role: "reseller" as const }]) {
      await expect(listUsers(who)).rejects.toThrow(/404/);
      await expect(disableUserAsAdmin(who, { userId: victim.id, reason: "nope" })).rejects.toThrow(/404/);
      await expect(
        resetPasswordAsAdmin(who, { userId: victim.id, password: "xxxxxxxxxxxxxxxx", reason: "nope" }),
      ).rejects.toThrow(/404/);
    }
    expect((await db().user.findUniqueOrThrow({ where: { id: victim.id } })).sessionVersion).toBe(1);
  });
});
