// Sign-in limits (lib/auth/throttle.ts, docs/security.md "Sign-in"): attempts are reserved in
// Postgres before the password is verified, so parallel guesses are all counted, and each
// account has a rate cap that holds across addresses.
import { createHash, randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createUserAsAdmin, disableUserAsAdmin } from "@/lib/admin/users";
import { authenticate } from "@/lib/auth/authenticate";
import { signInWithPassword } from "@/lib/auth/sign-in";
import {
  ACCOUNT_IP_LIMIT,
  ACCOUNT_RATE_LIMIT,
  closeLoginLimiter,
  DEVICE_LIMIT,
  IP_LIMIT,
  reserveLoginAttempt,
  WINDOW_SECONDS,
} from "@/lib/auth/throttle";
import { db, disconnectDb } from "@/lib/db";
import { normalizeEmail } from "@/lib/users/queries";
import { makeUser } from "../factories";

const PASSWORD = "correct horse battery staple";

async function newUser() {
  const email = `user-${randomUUID()}@example.test`;
  await createUserAsAdmin(await makeUser("admin"), {
    email,
    name: "Test User",
    role: "support",
    password: PASSWORD,
    reason: "test account",
  });
  return email;
}

const count = (results: { ok: boolean; reason?: string }[], reason: string) =>
  results.filter((r) => !r.ok && r.reason === reason).length;

describe("login throttle", () => {
  beforeEach(async () => {
    await db().loginRateLimit.deleteMany();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    await closeLoginLimiter();
    await disconnectDb();
  });

  it("gives the same answer for an unknown account, a wrong password and a disabled user", async () => {
    const email = await newUser();
    const disabled = await newUser();
    const row = await db().user.findUniqueOrThrow({ where: { email: disabled } });
    await disableUserAsAdmin(await makeUser("admin"), { userId: row.id, reason: "left the company" });

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

  it("counts an IPv6 client by its /64: a fresh address in the same block is the same place", async () => {
    const email = await newUser();
    for (let i = 0; i < ACCOUNT_IP_LIMIT; i++)
      expect(await authenticate({ email, password: "guess", ip: `2001:db8:1:2::${(i + 1).toString(16)}` })).toEqual({
        ok: false,
        reason: "invalid",
      });
    const sameBlock = await authenticate({ email, password: PASSWORD, ip: "2001:db8:1:2:ffff:ffff:ffff:fffe" });
    expect(sameBlock).toEqual({ ok: false, reason: "throttled", retryAfterMinutes: 15 });
    // Another /64 is another place.
    expect((await authenticate({ email, password: PASSWORD, ip: "2001:db8:1:3::1" })).ok).toBe(true);
  });

  it("counts parallel guesses: only the limit's worth of passwords is ever verified", async () => {
    const email = await newUser();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => authenticate({ email, password: "guess", ip: "192.0.2.40" })),
    );
    expect(count(results, "invalid")).toBe(ACCOUNT_IP_LIMIT);
    expect(count(results, "throttled")).toBe(20 - ACCOUNT_IP_LIMIT);
  });

  it("caps each account's rate across addresses, without a long lock-out for the owner", async () => {
    const email = await newUser();
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => authenticate({ email, password: "guess", ip: `100.64.0.${i}` })),
    );
    expect(count(results, "invalid")).toBe(ACCOUNT_RATE_LIMIT);
    expect(count(results, "throttled")).toBe(25 - ACCOUNT_RATE_LIMIT);
    // The cap lasts a minute, never the 15-minute block.
    expect(await authenticate({ email, password: PASSWORD, ip: "100.64.1.1" })).toEqual({
      ok: false,
      reason: "throttled",
      retryAfterMinutes: 1,
    });
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 61_000 });
    expect((await authenticate({ email, password: PASSWORD, ip: "100.64.1.1" })).ok).toBe(true);
  });

  it("lets the owner's known browser in while guessers elsewhere keep the account's cap full", async () => {
    const email = await newUser();
    const client = { userAgent: "test", ip: "198.51.100.7" };
    const first = await signInWithPassword({ email, password: PASSWORD, ...client });
    if (!first.ok) throw new Error("first sign-in refused");
    // Guessers at many addresses fill the account's cap.
    await Promise.all(
      Array.from({ length: 15 }, (_, i) => authenticate({ email, password: "guess", ip: `100.65.0.${i}` })),
    );
    // A browser that never signed in is refused, as the guessers are, even with the right password.
    expect(await signInWithPassword({ email, password: PASSWORD, ...client })).toMatchObject({
      ok: false,
      reason: "throttled",
    });
    // The owner's browser, which holds the token of its last sign-in, is counted on its own.
    const again = await signInWithPassword({ email, password: PASSWORD, ...client, deviceCookie: first.deviceCookie });
    expect(again.ok).toBe(true);
    const audit = await db().auditEvent.findFirstOrThrow({
      where: { action: "auth.sign_in", after: { path: ["sessionId"], equals: again.ok ? again.sessionId : "" } },
    });
    expect(audit.after).toMatchObject({ knownDevice: true });
  });

  it("counts a known browser's wrong passwords against that browser, and only for its account", async () => {
    const email = await newUser();
    const other = await newUser();
    const client = { userAgent: "test", ip: "198.51.100.8" };
    const first = await signInWithPassword({ email, password: PASSWORD, ...client });
    if (!first.ok) throw new Error("first sign-in refused");
    const deviceCookie = first.deviceCookie;
    // A stolen token buys its holder the device's allowance, no more, from any address.
    const guesses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        authenticate({ email, password: "guess", ip: `100.66.0.${i}`, deviceCookie }),
      ),
    );
    expect(count(guesses, "invalid")).toBe(DEVICE_LIMIT);
    expect(count(guesses, "throttled")).toBe(12 - DEVICE_LIMIT);
    // The account's own cap was not charged: a new browser still signs in.
    expect((await authenticate({ email, password: PASSWORD, ip: "100.66.1.1" })).ok).toBe(true);
    // The token says nothing about another account: its attempts go to that account's cap.
    const elsewhere = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        authenticate({ email: other, password: "guess", ip: `100.67.0.${i}`, deviceCookie }),
      ),
    );
    expect(count(elsewhere, "invalid")).toBe(ACCOUNT_RATE_LIMIT);
    // The browser that spent its allowance is refused even with the right password; a token with
    // its signature changed is no token, so its attempt is one from a new browser, and passes.
    expect(await authenticate({ email, password: PASSWORD, ip: "100.66.1.2", deviceCookie })).toMatchObject({
      ok: false,
      reason: "throttled",
    });
    const at = deviceCookie.length - 20; // a character inside the signature
    const forged = `${deviceCookie.slice(0, at)}${deviceCookie[at] === "A" ? "B" : "A"}${deviceCookie.slice(at + 1)}`;
    expect((await authenticate({ email, password: PASSWORD, ip: "100.66.1.3", deviceCookie: forged })).ok).toBe(true);
  });

  it("throttles an unknown account exactly like a real one", async () => {
    const email = `ghost-${randomUUID()}@example.test`;
    for (let i = 0; i < ACCOUNT_IP_LIMIT; i++) await authenticate({ email, password: "guess", ip: "192.0.2.20" });
    expect(await authenticate({ email, password: "guess", ip: "192.0.2.20" })).toMatchObject({ reason: "throttled" });
  });

  it("blocks an IP that fails across many accounts, for every account, and only that IP", async () => {
    for (let i = 0; i < IP_LIMIT; i++)
      await authenticate({ email: `spray-${i}@example.test`, password: "guess", ip: "203.0.113.5" });
    const email = await newUser();
    expect(await authenticate({ email, password: PASSWORD, ip: "203.0.113.5" })).toMatchObject({
      ok: false,
      reason: "throttled",
    });
    expect((await authenticate({ email, password: PASSWORD, ip: "203.0.113.6" })).ok).toBe(true);
  });

  it("gives a correct password's attempt back and forgets failures once the window is over", async () => {
    const email = await newUser();
    for (let i = 0; i < ACCOUNT_IP_LIMIT - 1; i++) await authenticate({ email, password: "guess", ip: "192.0.2.30" });
    // The whole sign-in (password, then the second factor when there is one) gives it back.
    const signedIn = await signInWithPassword({ email, password: PASSWORD, ip: "192.0.2.30", userAgent: "test" });
    expect(signedIn.ok).toBe(true);
    // The success cleared the account's failures: a full allowance again.
    for (let i = 0; i < ACCOUNT_IP_LIMIT; i++) {
      expect(await authenticate({ email, password: "guess", ip: "192.0.2.30" })).toMatchObject({ reason: "invalid" });
    }
    expect((await reserveLoginAttempt(email, "192.0.2.30")).ok).toBe(false);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + (WINDOW_SECONDS + 60) * 1000 });
    expect((await reserveLoginAttempt(email, "192.0.2.30")).ok).toBe(true);
  });

  it("keys the account buckets with a digest keyed from AUTH_SECRET, not a SHA-256 of the typed text, one per account", async () => {
    // A password typed into the address box reaches the limiter like any address.
    const typed = `Amber-Kettle-${randomUUID().slice(0, 8)}`;
    const email = await newUser();
    for (let i = 0; i < 2; i++) await authenticate({ email: typed, password: "guess", ip: "192.0.2.40" });
    await authenticate({ email, password: "guess", ip: "192.0.2.40" });
    const rows = await db().loginRateLimit.findMany({ where: { key: { startsWith: "acct" } } });
    const keys = rows.map((r) => r.key).join(" ");
    for (const text of [typed, normalizeEmail(typed), email]) {
      expect(keys).not.toContain(createHash("sha256").update(text).digest("hex").slice(0, 40));
      expect(keys.toLowerCase()).not.toContain(text.toLowerCase());
    }
    // Still one bucket per account, counting that account's attempts only.
    const perAccount = rows.filter((r) => r.key.startsWith("acct:"));
    expect(perAccount.map((r) => r.key)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^acct:[0-9a-f]{40}$/)]),
    );
    expect(perAccount.map((r) => r.points).sort()).toEqual([1, 2]);
    for (let i = 2; i < ACCOUNT_IP_LIMIT; i++)
      await authenticate({ email: typed, password: "guess", ip: "192.0.2.40" });
    expect(await authenticate({ email: typed, password: "guess", ip: "192.0.2.40" })).toMatchObject({
      reason: "throttled",
    });
    expect(await authenticate({ email, password: "guess", ip: "192.0.2.40" })).toMatchObject({ reason: "invalid" });
  });
});
