import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { authenticate } from "@/lib/auth/authenticate";
import { ACCOUNT_IP_LIMIT, checkLoginThrottle, IP_LIMIT, recordLoginFailure, WINDOW_MS } from "@/lib/auth/throttle";
import { db, disconnectDb } from "@/lib/db";
import { createUser, disableUser } from "@/lib/users/mutations";

const PASSWORD = "correct horse battery staple";

async function newUser() {
  const email = `user-${randomUUID()}@example.test`;
  await createUser({ email, name: "Test User", role: "support", password: PASSWORD });
  return email;
}

describe("login throttle", () => {
  beforeEach(async () => {
    await db().loginThrottle.deleteMany();
  });
  afterAll(disconnectDb);

  it("gives the same answer for an unknown account, a wrong password and a disabled user", async () => {
    const email = await newUser();
    const disabled = await newUser();
    const row = await db().user.findUniqueOrThrow({ where: { email: disabled } });
    await disableUser(row.id);

    const unknown = await authenticate({
      email: `nobody-${randomUUID()}@example.test`,
      password: PASSWORD,
      ip: "10.0.0.1",
    });
    const wrong = await authenticate({ email, password: "wrong", ip: "10.0.0.2" });
    const off = await authenticate({ email: disabled, password: PASSWORD, ip: "10.0.0.3" });
    expect(unknown).toEqual({ ok: false, reason: "invalid" });
    expect(wrong).toEqual(unknown);
    expect(off).toEqual(unknown);

    const ok = await authenticate({ email: email.toUpperCase(), password: PASSWORD, ip: "10.0.0.4" });
    expect(ok.ok && ok.user.email).toBe(email);
  });

  it("blocks one account from one IP after the limit, while the owner's other IP still signs in", async () => {
    const email = await newUser();
    for (let i = 0; i < ACCOUNT_IP_LIMIT; i++) {
      expect(await authenticate({ email, password: "guess", ip: "192.0.2.10" })).toEqual({
        ok: false,
        reason: "invalid",
      });
    }
    // Blocked even with the right password: the block must not be a password oracle.
    const blocked = await authenticate({ email, password: PASSWORD, ip: "192.0.2.10" });
    expect(blocked).toEqual({ ok: false, reason: "throttled", retryAfterMinutes: 15 });

    const owner = await authenticate({ email, password: PASSWORD, ip: "198.51.100.7" });
    expect(owner.ok).toBe(true);
  });

  it("throttles an unknown account exactly like a real one", async () => {
    const email = `ghost-${randomUUID()}@example.test`;
    for (let i = 0; i < ACCOUNT_IP_LIMIT; i++) await authenticate({ email, password: "guess", ip: "192.0.2.20" });
    expect(await authenticate({ email, password: "guess", ip: "192.0.2.20" })).toMatchObject({ reason: "throttled" });
  });

  it("blocks an IP that fails across many accounts, for every account, and only that IP", async () => {
    for (let i = 0; i < IP_LIMIT; i++) await recordLoginFailure(`spray-${i}@example.test`, "203.0.113.5");
    const email = await newUser();
    expect(await authenticate({ email, password: PASSWORD, ip: "203.0.113.5" })).toMatchObject({
      ok: false,
      reason: "throttled",
    });
    expect((await authenticate({ email, password: PASSWORD, ip: "203.0.113.6" })).ok).toBe(true);
  });

  it("never locks an account out account-wide: failures from many IPs only slow it down", async () => {
    const email = await newUser();
    for (let i = 0; i < 12; i++) await recordLoginFailure(email, `100.64.0.${i}`);
    const verdict = await checkLoginThrottle(email, "100.64.1.1");
    expect(verdict).toEqual({ blocked: false, delayMs: 500 });
    expect((await authenticate({ email, password: PASSWORD, ip: "100.64.1.1" })).ok).toBe(true);
  });

  it("forgets failures once the window is over", async () => {
    const t0 = new Date("2026-01-01T10:00:00Z");
    for (let i = 0; i < ACCOUNT_IP_LIMIT; i++) await recordLoginFailure("late@example.test", "192.0.2.30", t0);
    expect((await checkLoginThrottle("late@example.test", "192.0.2.30", new Date(t0.getTime() + 60_000))).blocked).toBe(
      true,
    );
    const later = new Date(t0.getTime() + WINDOW_MS + 60_000);
    expect(await checkLoginThrottle("late@example.test", "192.0.2.30", later)).toEqual({ blocked: false, delayMs: 0 });
    await recordLoginFailure("late@example.test", "192.0.2.30", later);
    const row = await db().loginThrottle.findUniqueOrThrow({ where: { key: "acct-ip:late@example.test:192.0.2.30" } });
    expect(row.failures).toBe(1);
  });
});
