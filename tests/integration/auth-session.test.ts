import { randomUUID } from "node:crypto";
import { encode, type JWT } from "next-auth/jwt";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { disableUserAsAdmin, resetPasswordAsAdmin } from "@/lib/admin/users";
import { changeOwnPassword } from "@/lib/auth/change-password";
import { authOptions } from "@/lib/auth/options";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { userForSessionCookies } from "@/lib/auth/session";
import { signOutOtherSession } from "@/lib/auth/session-audit";
import { decodeSessionCookie, sessionCookieName } from "@/lib/auth/session-cookie";
import { findLiveSession, listActiveSessions, revokeSession, SESSION_IDLE_SECONDS } from "@/lib/auth/sessions";
import { failedSignInAuditsWritten, signInWithPassword } from "@/lib/auth/sign-in";
import { createSignInSession } from "@/lib/auth/sign-in-session";
import { db, disconnectDb } from "@/lib/db";
import { env } from "@/lib/env";
import { findUserForLogin } from "@/lib/users/queries";
import { makeReseller, makeUser } from "../factories";

const PASSWORD = "first-password-1";

async function newReseller() {
  const reseller = await makeReseller();
  const { id, email } = await makeUser("reseller", reseller.id, await hashPassword(PASSWORD));
  return { id, email, slug: reseller.slug, resellerId: reseller.id };
}

// What next-auth does on a sign-in: authorize(), then the jwt callback with the new user.
async function signIn(email: string, password = PASSWORD, userAgent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0") {
  const r = await signInWithPassword({ email, password, ip: "203.0.113.7", userAgent });
  if (!r.ok) throw new Error(`sign-in refused: ${r.reason}`);
  return { userId: r.user.id, sid: r.sessionId, sessionVersion: r.sessionVersion } satisfies JWT;
}

/** Until `count` statements of other sessions wait for a lock (at most 10 s). */
async function waitForLockWaits(count: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const [row] = await db().$queryRaw<{ waiting: bigint }[]>`
      SELECT count(*) AS waiting FROM pg_stat_activity
      WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()`;
    if (Number(row?.waiting ?? 0) >= count) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`fewer than ${count} statements waited for a lock`);
}

// The cookie next-auth gives the browser at sign-in: the token encoded for the options' maxAge.
async function signInCookie(email: string) {
  const token = await signIn(email);
  const { secret, session } = authOptions();
  const value = await encode({ token, secret: secret!, maxAge: session!.maxAge });
  return { token, cookies: [{ name: sessionCookieName(), value }] };
}

// The jwt callback is what next-auth runs on every request that reads the session.
async function refresh(token: JWT): Promise<JWT> {
  const jwt = authOptions().callbacks!.jwt!;
  return (await jwt({ token } as never)) as JWT;
}

describe("passwords, sessions and session versions", () => {
  afterAll(disconnectDb);

  it("stores argon2id hashes, never the password", async () => {
    const { id } = await newReseller();
    const row = await db().user.findUniqueOrThrow({ where: { id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.passwordHash).not.toContain(PASSWORD);
    expect(await verifyPassword(row.passwordHash, PASSWORD)).toBe(true);
    expect(await verifyPassword(row.passwordHash, "first-password-2")).toBe(false);
  });

  it("records each sign-in as a session row with device and address, and as an audit event", async () => {
    const u = await newReseller();
    const token = await signIn(u.email);
    const [s] = await listActiveSessions(u.id);
    expect(s).toMatchObject({ id: token.sid, ip: "203.0.113.7", userAgent: expect.stringContaining("Firefox") });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "auth.sign_in", actorId: u.id } });
    expect(audit.after).toMatchObject({ sessionId: token.sid, method: "password", ip: "203.0.113.7" });
    expect(JSON.stringify(audit.after)).not.toContain(PASSWORD);
  });

  it("carries role and tenant in the session and refreshes them from the row", async () => {
    const u = await newReseller();
    const token = await refresh(await signIn(u.email));
    expect(token).toMatchObject({ userId: u.id, role: "reseller", resellerId: u.resellerId, resellerSlug: u.slug });
    await db().user.update({ where: { id: u.id }, data: { name: "Renamed Owner" } });
    expect((await refresh(token)).name).toBe("Renamed Owner");
  });

  it("refuses a revoked session while the user's other sessions go on", async () => {
    const u = await newReseller();
    const laptop = await signIn(u.email);
    const phone = await signIn(u.email, PASSWORD, "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0) Safari/604.1");
    expect(await revokeSession(u.id, phone.sid!)).toBe(true);
    await expect(refresh(phone)).rejects.toThrow(/revoked/);
    expect((await refresh(laptop)).userId).toBe(u.id);
    expect((await listActiveSessions(u.id)).map((s) => s.id)).toEqual([laptop.sid]);
  });

  it("My sessions' Sign out never ends the session in use, however its id is spelled, and ends another once", async () => {
    const u = await newReseller();
    const here = await signIn(u.email);
    const there = await signIn(u.email);
    const me = { id: u.id, email: u.email, resellerId: u.resellerId, sessionId: here.sid! };
    const revokes = () => db().auditEvent.count({ where: { action: "auth.session_revoke", actorId: u.id } });
    expect(await signOutOtherSession(me, here.sid!.toUpperCase())).toBe("current");
    expect((await refresh(here)).userId).toBe(u.id);
    expect(await revokes()).toBe(0);
    expect(await signOutOtherSession(me, there.sid!.toUpperCase())).toBe("ended");
    await expect(refresh(there)).rejects.toThrow(/revoked/);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "auth.session_revoke", actorId: u.id } });
    expect(audit.after).toMatchObject({ fromSessionId: here.sid, ended: [there.sid] });
    expect(await signOutOtherSession(me, there.sid!)).toBe("endedAlready");
    // Another user's session: nothing ends, and the answer is the same.
    const other = await newReseller();
    const theirs = await signIn(other.email);
    expect(await signOutOtherSession(me, theirs.sid!)).toBe("endedAlready");
    expect((await refresh(theirs)).userId).toBe(other.id);
    expect(await revokes()).toBe(1);
  });

  it("lets nobody revoke or use another user's session", async () => {
    const a = await newReseller();
    const b = await newReseller();
    const tokenA = await signIn(a.email);
    expect(await revokeSession(b.id, tokenA.sid!)).toBe(false);
    expect((await refresh(tokenA)).userId).toBe(a.id);
    // A session id pasted into another user's token opens nothing.
    await expect(refresh({ ...tokenA, userId: b.id })).rejects.toThrow(/revoked/);
  });

  it("refuses tokens without a session row, and sessions idle for longer than the limit", async () => {
    const u = await newReseller();
    await expect(refresh({ userId: u.id, sessionVersion: 1 })).rejects.toThrow(/revoked/);
    await expect(refresh({ userId: u.id, sid: randomUUID(), sessionVersion: 1 })).rejects.toThrow(/revoked/);
    const token = await signIn(u.email);
    const later = new Date(Date.now() + (SESSION_IDLE_SECONDS + 60) * 1000);
    expect(await findLiveSession(token.sid!, u.id, 1, later)).toBeNull();
  });

  it("ends a session at its absolute lifetime, however recently it was used", async () => {
    // Without a cap on the row's age a stolen cookie kept busy would live as long as the cookie,
    // and next-auth's session route issues that again whenever it is read.
    const u = await newReseller();
    const token = await signIn(u.email);
    const old = await signIn(u.email);
    const cap = env().SESSION_MAX_HOURS * 60 * 60;
    expect(cap).toBe(24 * 60 * 60);
    const signedInAgo = (sid: string, seconds: number) =>
      db().userSession.update({
        where: { id: sid },
        data: { createdAt: new Date(Date.now() - seconds * 1000), lastSeenAt: new Date() },
      });
    await signedInAgo(token.sid!, cap - 120);
    await signedInAgo(old.sid!, cap + 60);
    expect((await refresh(token)).userId).toBe(u.id);
    await expect(refresh(old)).rejects.toThrow(/revoked/);
    expect(await findLiveSession(old.sid!, u.id, old.sessionVersion!)).toBeNull();
    // My sessions lists only the ones that still work.
    expect((await listActiveSessions(u.id)).map((s) => s.id)).toEqual([token.sid]);
    // The live one ends too once its own time is up, even though it was used a moment ago.
    const later = new Date(Date.now() + 180 * 1000);
    expect(await findLiveSession(token.sid!, u.id, token.sessionVersion!, later)).toBeNull();
  });

  it("a sign-in that checked the old password makes no session once the password has changed", async () => {
    // The sign-in verified the hash, then the owner changed the password (ending the other
    // sessions), then the sign-in reached its session step: it must not make a row that survives.
    const u = await newReseller();
    const found = await findUserForLogin(u.email);
    if (!found) throw new Error("no user");
    const here = await signIn(u.email);
    await changeOwnPassword(
      { id: u.id, email: u.email, resellerId: u.resellerId, sessionId: here.sid! },
      { currentPassword: PASSWORD, newPassword: "amber kettle 41" },
    );
    const step = {
      user: found.user,
      passwordHash: found.passwordHash,
      sessionVersion: found.sessionVersion,
      method: "password" as const,
      knownDevice: false,
      client: { ip: "203.0.113.9", userAgent: "late sign-in" },
    };
    const sessionsBefore = await db().userSession.count({ where: { userId: u.id } });
    expect(await createSignInSession(step)).toEqual({ ok: false, reason: "changed" });
    expect(await db().userSession.count({ where: { userId: u.id } })).toBe(sessionsBefore);
    expect(await db().auditEvent.count({ where: { action: "auth.sign_in", actorId: u.id } })).toBe(1);
    // The same step with the hash the user has now goes through.
    const now = await findUserForLogin(u.email);
    expect(await createSignInSession({ ...step, passwordHash: now!.passwordHash })).toEqual({
      ok: true,
      sessionId: expect.any(String),
    });
    // A disabled account or a moved session version (admin reset) is refused the same way.
    await disableUserAsAdmin(await makeUser("admin"), { userId: u.id, reason: "left the company" });
    expect(await createSignInSession({ ...step, passwordHash: now!.passwordHash })).toEqual({
      ok: false,
      reason: "changed",
    });
  });

  it("a password change that comes while a sign-in makes its session waits for it, then ends that session too", async () => {
    // The other order of the same race: the sign-in has read the user's row again (FOR SHARE) and
    // is still making its session when the change runs. The sign-in is held at that point by the
    // lock its audit row needs: the audit chain's insert trigger takes a transaction advisory lock
    // per chain (here the reseller's), and a client of the test holds that lock first. Without the
    // row lock the change would update the password and end the sessions it sees before the new
    // one is committed, and the new session would outlive the change.
    const u = await newReseller();
    const found = await findUserForLogin(u.email);
    if (!found) throw new Error("no user");
    const here = await signIn(u.email);
    const step = {
      user: found.user,
      passwordHash: found.passwordHash,
      sessionVersion: found.sessionVersion,
      method: "password" as const,
      knownDevice: false,
      client: { ip: "203.0.113.10", userAgent: "sign-in held at its audit row" },
    };
    const chain = `reseller:${u.resellerId}`;
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [chain]);
      const signingIn = createSignInSession(step);
      await waitForLockWaits(1); // the sign-in, after its read of the row, at its audit row
      const changing = changeOwnPassword(
        { id: u.id, email: u.email, resellerId: u.resellerId, sessionId: here.sid! },
        { currentPassword: PASSWORD, newPassword: "copper lantern 58" },
      );
      // The change waits too: for the row (with the lock) or, without it, for the chain after
      // it has already ended the sessions it could see.
      await waitForLockWaits(2);
      await holder.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [chain]);
      const [made, changed] = await Promise.all([signingIn, changing]);
      if (!made.ok) throw new Error(`the sign-in made no session: ${made.reason}`);
      expect(changed.otherSessionsEnded).toBe(1);
      const late = await db().userSession.findUniqueOrThrow({ where: { id: made.sessionId } });
      expect(late.revokedAt).not.toBeNull();
      expect(await findLiveSession(made.sessionId, u.id, found.sessionVersion)).toBeNull();
      expect(await findLiveSession(changed.sessionId!, u.id, here.sessionVersion!)).not.toBeNull();
    } finally {
      await holder.end();
    }
  });

  it("kills sessions of a disabled user, and re-enabling does not revive them", async () => {
    const u = await newReseller();
    const token = await refresh(await signIn(u.email));
    await disableUserAsAdmin(await makeUser("admin"), { userId: u.id, reason: "left the company" });
    await expect(refresh(token)).rejects.toThrow(/revoked/);
    // Ended as rows too: once enabled again, "My sessions" does not list them as live.
    expect(await db().userSession.count({ where: { userId: u.id, revokedAt: null } })).toBe(0);
    await db().user.update({ where: { id: u.id }, data: { disabledAt: null } });
    await expect(refresh(token)).rejects.toThrow(/revoked/);
    expect((await refresh(await signIn(u.email))).userId).toBe(u.id);
  });

  it("changing my password needs the current one and ends my other sessions; this one goes on under a new id", async () => {
    const u = await newReseller();
    const here = await signIn(u.email);
    const elsewhere = await signIn(u.email);
    const me = { id: u.id, email: u.email, resellerId: u.resellerId, sessionId: here.sid! };
    await expect(
      changeOwnPassword(me, { currentPassword: "wrong-password-1", newPassword: "violet tractor 93" }),
    ).rejects.toThrow(/current password is not right/);
    await expect(changeOwnPassword(me, { currentPassword: PASSWORD, newPassword: "password12345" })).rejects.toThrow(
      /most common passwords/,
    );
    await expect(changeOwnPassword(me, { currentPassword: PASSWORD, newPassword: "short" })).rejects.toThrow(
      /at least 12/,
    );
    expect((await refresh(elsewhere)).userId).toBe(u.id); // refusals changed nothing

    const changed = await changeOwnPassword(me, { currentPassword: PASSWORD, newPassword: "violet tractor 93" });
    expect(changed).toEqual({
      otherSessionsEnded: 1,
      apiTokensRevoked: 0,
      webhookEndpointsDisabled: 0,
      sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    await expect(refresh(elsewhere)).rejects.toThrow(/revoked/);
    // A cookie naming the old id, a copy taken before the change included, no longer works; the
    // new id (the cookie the action gives this browser) goes on, with the old sign-in's lifetime.
    await expect(refresh(here)).rejects.toThrow(/revoked/);
    expect((await refresh({ ...here, sid: changed.sessionId! })).userId).toBe(u.id);
    const [before, after] = await Promise.all(
      [here.sid!, changed.sessionId!].map((id) => db().userSession.findUniqueOrThrow({ where: { id } })),
    );
    expect(after!.createdAt).toEqual(before!.createdAt);
    expect(after!).toMatchObject({ ip: before!.ip, userAgent: before!.userAgent, revokedAt: null });
    await expect(
      signInWithPassword({ email: u.email, password: PASSWORD, ip: "203.0.113.8", userAgent: "" }),
    ).resolves.toMatchObject({ ok: false });
    expect(
      (await signInWithPassword({ email: u.email, password: "violet tractor 93", ip: "203.0.113.8", userAgent: "" }))
        .ok,
    ).toBe(true);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "auth.password_change", actorId: u.id } });
    expect(JSON.stringify(audit.after)).not.toContain("violet");
  });

  it("forces a new password after an admin reset and ends every session", async () => {
    const u = await newReseller();
    const admin = await makeUser("admin");
    const token = await signIn(u.email);
    await resetPasswordAsAdmin(
      { id: admin.id, role: "admin", email: "admin@example.test" },
      { userId: u.id, password: "admin chosen pw 7", reason: "locked out" },
    );
    await expect(refresh(token)).rejects.toThrow(/revoked/);
    expect(await listActiveSessions(u.id)).toEqual([]);
    const fresh = await signIn(u.email, "admin chosen pw 7");
    const live = await findLiveSession(fresh.sid!, u.id, fresh.sessionVersion!);
    expect(live?.mustChangePassword).toBe(true);
    const { sessionId } = await changeOwnPassword(live!, {
      currentPassword: "admin chosen pw 7",
      newPassword: "my own secret words",
    });
    expect((await findLiveSession(sessionId!, u.id, fresh.sessionVersion!))?.mustChangePassword).toBe(false);
  });

  it("audits failed sign-ins, naming the account when it exists and never the typed password", async () => {
    const u = await newReseller();
    const r = await signInWithPassword({
      email: u.email,
      password: "guess-number-1",
      ip: "198.51.100.4",
      userAgent: "",
    });
    expect(r).toMatchObject({ ok: false, reason: "invalid" });
    await failedSignInAuditsWritten();
    const row = await db().auditEvent.findFirstOrThrow({
      where: { action: "auth.sign_in_failed", resellerId: u.resellerId },
    });
    expect(row.after).toMatchObject({ userId: u.id, reason: "password", ip: "198.51.100.4" });
    expect(JSON.stringify(row.after)).not.toContain("guess-number-1");
    // Written after the answer: the row says when the attempt was answered.
    const attemptedAt = new Date(String((row.after as { attemptedAt?: unknown }).attemptedAt));
    expect(attemptedAt.getTime()).toBeLessThanOrEqual(row.at.getTime());
    expect(Date.now() - attemptedAt.getTime()).toBeLessThan(60_000);
  });
  it("keeps neither the typed text nor a password typed as an address for an unknown account: a digest, and the domain only when it is one", async () => {
    const octet = () => Math.floor(Math.random() * 250) + 1;
    const ip = `198.18.${octet()}.${octet()}`;
    // The last: a password that looks like an address at a domain no account uses.
    const tries = ["Summer@2024", "summer@2024", `nobody-${randomUUID().slice(0, 8)}@example.test`, "P@ssw0rd.com"];
    for (const email of tries) {
      const r = await signInWithPassword({ email, password: "guess-number-2", ip, userAgent: "" });
      expect(r).toMatchObject({ ok: false, reason: "invalid" });
    }
    await failedSignInAuditsWritten();
    const rows = await db().$queryRaw<{ after: Record<string, unknown> }[]>`
      SELECT after FROM audit_event
      WHERE action = 'auth.sign_in_failed' AND after->>'ip' = ${ip} ORDER BY id`;
    expect(rows).toHaveLength(4);
    const text = JSON.stringify(rows);
    expect(text.toLowerCase()).not.toContain("summer@2024");
    expect(text).not.toContain("2024");
    expect(text).not.toContain("guess-number-2");
    expect(text).not.toContain(tries[2]!.split("@")[0]);
    expect(text).not.toContain("ssw0rd");
    const [a, b, c, d] = rows.map((r) => r.after);
    expect(a).toMatchObject({ knownAccount: false, reason: "password" });
    expect(a).not.toHaveProperty("domain");
    // The address is compared lower-cased, so both spellings are one address to the digest.
    expect(a!.addressDigest).toMatch(/^[0-9a-f]{16}$/);
    expect(b!.addressDigest).toBe(a!.addressDigest);
    // Accounts of the portal use example.test: a colleague's typo there keeps its domain.
    expect(c).toMatchObject({ knownAccount: false, domain: "example.test" });
    expect(c!.addressDigest).not.toBe(a!.addressDigest);
    expect(d).not.toHaveProperty("domain");
  });

  it("answers a wrong password before its failure audit is written, so an unknown address costs no more time", async () => {
    // The audit of an unknown address does more database work than a known one's (the domain
    // check); held here at the audit chain's advisory lock (the chain of rows without a reseller),
    // the answer must not wait for it.
    const email = `nobody-${randomUUID().slice(0, 8)}@example.test`;
    const ip = "198.18.7.9";
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock(hashtextextended('global', 0))");
      const answer = signInWithPassword({ email, password: "guess-number-3", ip, userAgent: "" });
      const waited = new Promise((resolve) => setTimeout(() => resolve("waited for the audit"), 5_000));
      expect(await Promise.race([answer, waited])).toMatchObject({ ok: false, reason: "invalid" });
      expect(
        await db().auditEvent.count({ where: { action: "auth.sign_in_failed", after: { path: ["ip"], equals: ip } } }),
      ).toBe(0);
    } finally {
      await holder.query("SELECT pg_advisory_unlock(hashtextextended('global', 0))");
      await holder.end();
    }
    await failedSignInAuditsWritten();
    const row = await db().auditEvent.findFirstOrThrow({
      where: { action: "auth.sign_in_failed", after: { path: ["ip"], equals: ip } },
    });
    expect(row.after).toMatchObject({ knownAccount: false, domain: "example.test", reason: "password" });
  });

  describe("through the cookie, as every guard reads it (currentUser)", () => {
    const HOUR = 60 * 60 * 1000;
    afterEach(() => {
      vi.useRealTimers();
    });

    it("keeps a session in steady use past 12 hours until SESSION_MAX_HOURS after its sign-in, then refuses it", async () => {
      const u = await newReseller();
      const start = Date.now();
      const { cookies } = await signInCookie(u.email);
      const cap = env().SESSION_MAX_HOURS * HOUR;
      expect(cap).toBeGreaterThan(12 * HOUR);
      // Only Date is faked: the JWT's expiry check and the row's checks read it, the driver's timers do not.
      vi.useFakeTimers({ toFake: ["Date"], now: start });
      for (const at of [6 * HOUR, 13 * HOUR, 20 * HOUR, cap - 2 * 60_000]) {
        vi.setSystemTime(start + at);
        expect((await userForSessionCookies(cookies))?.id, `${at / HOUR} h after sign-in`).toBe(u.id);
      }
      vi.setSystemTime(start + cap + 60_000);
      expect(await userForSessionCookies(cookies)).toBeNull();
    });

    it("refuses a session idle for 12 hours, and a revoked one, while their cookies are still valid", async () => {
      const u = await newReseller();
      const start = Date.now();
      const idle = await signInCookie(u.email);
      const revoked = await signInCookie(u.email);
      expect((await userForSessionCookies(revoked.cookies))?.id).toBe(u.id);
      expect(await revokeSession(u.id, revoked.token.sid!)).toBe(true);
      expect(await userForSessionCookies(revoked.cookies)).toBeNull();
      vi.useFakeTimers({ toFake: ["Date"], now: start + 12 * HOUR + 2 * 60_000 });
      expect(await userForSessionCookies(idle.cookies)).toBeNull();
      // Both cookies still decode: the row's checks are what refused them.
      expect((await decodeSessionCookie(idle.cookies))?.sid).toBe(idle.token.sid);
      expect((await decodeSessionCookie(revoked.cookies))?.sid).toBe(revoked.token.sid);
    });
  });
});
