import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { generate } from "otplib";
import { afterAll, describe, expect, it } from "vitest";
import { resetPasswordAsAdmin, resetTwoFactorAsAdmin } from "@/lib/admin/users";
import { changeOwnPassword } from "@/lib/auth/change-password";
import { authOptions } from "@/lib/auth/options";
import { hashPassword } from "@/lib/auth/password";
import { recoveryCodesHoldingPreviousKey } from "@/lib/auth/recovery-codes";
import { findLiveSession } from "@/lib/auth/sessions";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { createSignInSession } from "@/lib/auth/sign-in-session";
import { ACCOUNT_IP_LIMIT, accountKey, IP_LIMIT, SECOND_FACTOR_LIMIT, SELF_CHECK_LIMIT } from "@/lib/auth/throttle";
import { TOTP_PERIOD_SECONDS } from "@/lib/auth/totp";
import {
  beginEnrolment,
  confirmEnrolment,
  disableOwnTwoFactor,
  regenerateRecoveryCodes,
  TwoFactorError,
} from "@/lib/auth/two-factor";
import { db, disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { metrics } from "@/lib/metrics/registry";
import { findUserForLogin, normalizeEmail } from "@/lib/users/queries";
import { makeReseller, makeUser } from "../factories";

const PASSWORD = "first-password-1";
const IP = "203.0.113.20";

async function newUser(role: "reseller" | "support" | "admin" = "support") {
  const resellerId = role === "reseller" ? (await makeReseller()).id : null;
  const { id, email } = await makeUser(role, resellerId, await hashPassword(PASSWORD));
  return { id, email, resellerId, role };
}

// The code an authenticator app shows `steps` periods from now.
const codeAt = (secret: string, steps = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * TOTP_PERIOD_SECONDS });

async function enrolled(role: "reseller" | "support" | "admin" = "support") {
  const u = await newUser(role);
  const { secret } = await beginEnrolment(u);
  const { recoveryCodes: recovery } = await confirmEnrolment(
    { ...u, sessionId: null },
    { code: await codeAt(secret), currentPassword: PASSWORD },
  );
  return { ...u, secret, recovery };
}

/** Runs `fn` with another SECRETS_KEY (and SECRETS_KEY_PREVIOUS), then puts the test's keys back. */
async function withKeys<T>(keys: { current: string; previous?: string }, fn: () => Promise<T>): Promise<T> {
  const before = { current: process.env.SECRETS_KEY, previous: process.env.SECRETS_KEY_PREVIOUS };
  try {
    process.env.SECRETS_KEY = keys.current;
    if (keys.previous === undefined) delete process.env.SECRETS_KEY_PREVIOUS;
    else process.env.SECRETS_KEY_PREVIOUS = keys.previous;
    resetEnvCache();
    return await fn();
  } finally {
    process.env.SECRETS_KEY = before.current;
    if (before.previous === undefined) delete process.env.SECRETS_KEY_PREVIOUS;
    else process.env.SECRETS_KEY_PREVIOUS = before.previous;
    resetEnvCache();
  }
}

/** `npm run secrets:reseal` with the given keys: its exit code and output. */
async function reseal(keys: { current: string; previous: string }): Promise<{ code: number; out: string }> {
  const env = { ...process.env, SECRETS_KEY: keys.current, SECRETS_KEY_PREVIOUS: keys.previous };
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/reseal-secrets.ts"], {
      env,
    });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

const attempt = (email: string, code?: string) =>
  signInWithPassword({ email, password: PASSWORD, code, ip: IP, userAgent: "test" });

/** portal_sign_in_attempts_total of this process, by outcome. */
async function signInsCounted(): Promise<Record<"success" | "invalid", number>> {
  const { values } = await metrics().signIns.get();
  const of = (outcome: string) => values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
  return { success: of("success"), invalid: of("invalid") };
}

describe("two-factor sign-in", () => {
  afterAll(disconnectDb);

  it("counts a sign-in as a success only once its second factor passed, and a wrong code as invalid", async () => {
    const u = await enrolled("reseller");
    const before = await signInsCounted();
    expect(await attempt(u.email)).toEqual({ ok: false, reason: "second_factor_required" });
    const wrong = (await codeAt(u.secret, 1)).replace(/^./, (d) => String((Number(d) + 1) % 10));
    expect(await attempt(u.email, wrong)).toEqual({ ok: false, reason: "second_factor_invalid" });
    const asked = await signInsCounted();
    expect({ success: asked.success - before.success, invalid: asked.invalid - before.invalid }).toEqual({
      success: 0,
      invalid: 1,
    });
    expect(await attempt(u.email, await codeAt(u.secret, 1))).toMatchObject({ ok: true });
    expect((await signInsCounted()).success - asked.success).toBe(1);
  });

  it("keeps the TOTP secret sealed at rest and out of the audit trail", async () => {
    const u = await enrolled();
    const row = await db().user.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.totpEnabledAt).not.toBeNull();
    expect(row.totpPendingSecret).toBeNull();
    expect(Buffer.from(row.totpSecret!).toString("latin1")).not.toContain(u.secret);
    const events = await db().auditEvent.findMany({ where: { actorId: u.id } });
    expect(events.map((e) => e.action)).toContain("auth.2fa.enable");
    for (const c of [u.secret, ...u.recovery]) expect(JSON.stringify(events.map((e) => e.after))).not.toContain(c);
    const hashes = await db().recoveryCode.findMany({ where: { userId: u.id } });
    expect(hashes).toHaveLength(10);
    for (const c of u.recovery) expect(JSON.stringify(hashes)).not.toContain(c);
  });

  it("keeps an enrolment's key to the session that began it: a key another session read never becomes the factor", async () => {
    const u = await newUser("reseller");
    const owner = await attempt(u.email);
    const thief = await attempt(u.email); // a copied cookie: signed in, without the password
    if (!owner.ok || !thief.ok) throw new Error("sign-in failed");
    const stolen = await beginEnrolment({ ...u, sessionId: thief.sessionId });
    // The owner opens the page later: a new key, and the one the other session read is gone.
    const mine = await beginEnrolment({ ...u, sessionId: owner.sessionId });
    expect(mine.secret).not.toBe(stolen.secret);
    await expect(
      confirmEnrolment(
        { ...u, sessionId: owner.sessionId },
        { code: await codeAt(stolen.secret), currentPassword: PASSWORD },
      ),
    ).rejects.toThrow(/not right/);
    await confirmEnrolment(
      { ...u, sessionId: owner.sessionId },
      { code: await codeAt(mine.secret), currentPassword: PASSWORD },
    );
    // Signing in takes codes of the owner's key only.
    expect((await attempt(u.email, await codeAt(stolen.secret, 1))).ok).toBe(false);
    expect((await attempt(u.email, await codeAt(mine.secret, 1))).ok).toBe(true);
  });

  it("refuses a wrong enrolment code and keeps the same pending secret for a reload", async () => {
    const u = await newUser();
    const first = await beginEnrolment(u);
    await expect(
      confirmEnrolment({ ...u, sessionId: null }, { code: "000000", currentPassword: PASSWORD }),
    ).rejects.toThrow(/not right/);
    expect((await beginEnrolment(u)).secret).toBe(first.secret);
    expect(first.qrSvg).toMatch(/^<svg/);
    expect(first.uri).toContain(encodeURIComponent(u.email));
  });

  it("turning it on needs the current password, counted and audited, and ends the other sessions", async () => {
    // A stolen session can read the pending key off the page and make codes: the code alone must
    // not let it enrol its own app (and keep the recovery codes).
    const u = await newUser("reseller");
    const here = await attempt(u.email);
    const elsewhere = await attempt(u.email);
    if (!here.ok || !elsewhere.ok) throw new Error("sign-in failed");
    const me = { ...u, sessionId: here.sessionId };
    const { secret } = await beginEnrolment(me);
    const failedChecks = () =>
      db().auditEvent.count({ where: { action: "auth.self_check_failed", after: { path: ["userId"], equals: u.id } } });

    const refused = await confirmEnrolment(me, {
      code: await codeAt(secret),
      currentPassword: "not-my-password-1",
    }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(TwoFactorError);
    expect((refused as TwoFactorError).message).toMatch(/current password is not right/);
    expect((refused as TwoFactorError).field).toBe("currentPassword");
    expect(await failedChecks()).toBe(1);
    expect((await db().user.findUniqueOrThrow({ where: { id: u.id } })).totpEnabledAt).toBeNull();
    expect(await db().recoveryCode.count({ where: { userId: u.id } })).toBe(0);
    expect(await findLiveSession(elsewhere.sessionId, u.id, elsewhere.sessionVersion)).not.toBeNull();

    const { recoveryCodes: codes, sessionId } = await confirmEnrolment(me, {
      code: await codeAt(secret),
      currentPassword: PASSWORD,
    });
    expect(codes).toHaveLength(10);
    // Every other session ends with it, in the same transaction; this one goes on under a new id,
    // so a copy of its cookie (which could read the pending key) ends too.
    expect(await findLiveSession(elsewhere.sessionId, u.id, elsewhere.sessionVersion)).toBeNull();
    expect(await findLiveSession(here.sessionId, u.id, here.sessionVersion)).toBeNull();
    expect(sessionId).not.toBe(here.sessionId);
    expect(await findLiveSession(sessionId!, u.id, here.sessionVersion)).not.toBeNull();
    const enabled = await db().auditEvent.findFirstOrThrow({ where: { action: "auth.2fa.enable", actorId: u.id } });
    expect(enabled.after).toMatchObject({ userId: u.id, otherSessionsEnded: 1, sessionId });
  });

  it("stores recovery codes keyed with SECRETS_KEY, still accepts codes stored the old way, and during a key rotation", async () => {
    const u = await enrolled("reseller");
    const plainSha256 = (code: string) =>
      createHash("sha256")
        .update(`${u.id}:${code.toUpperCase().replace(/[^A-Z0-9]/g, "")}`)
        .digest("hex");
    const stored = (await db().recoveryCode.findMany({ where: { userId: u.id } })).map((r) => r.codeHash);
    expect(stored).toHaveLength(10);
    // A copy of the database without the key cannot check guesses: no stored value is the plain hash.
    for (const code of u.recovery) expect(stored).not.toContain(plainSha256(code));

    // Codes made before the keyed hash are single-use as ever, and nobody holding them is locked out.
    const legacy = "ABCDE-FGH23";
    await db().recoveryCode.create({ data: { userId: u.id, codeHash: plainSha256(legacy) } });
    expect(await attempt(u.email, legacy.toLowerCase())).toMatchObject({ ok: true });
    expect(await attempt(u.email, legacy)).toEqual({ ok: false, reason: "second_factor_invalid" });

    // A new SECRETS_KEY, the old one as SECRETS_KEY_PREVIOUS: codes made under the old key still work.
    const before = { current: process.env.SECRETS_KEY, previous: process.env.SECRETS_KEY_PREVIOUS };
    try {
      process.env.SECRETS_KEY_PREVIOUS = before.current;
      process.env.SECRETS_KEY = randomBytes(32).toString("base64");
      resetEnvCache();
      expect(await attempt(u.email, u.recovery[0])).toMatchObject({ ok: true });
    } finally {
      process.env.SECRETS_KEY = before.current;
      if (before.previous === undefined) delete process.env.SECRETS_KEY_PREVIOUS;
      else process.env.SECRETS_KEY_PREVIOUS = before.previous;
      resetEnvCache();
    }
    expect(await attempt(u.email, u.recovery[1])).toMatchObject({ ok: true });
  });

  it("a sign-in without a code makes no session once the second factor was turned on meanwhile", async () => {
    // The sign-in found no second factor (so asked for no code), then the owner turned it on,
    // ending the other sessions, then the sign-in reached its session step: it must not make a
    // session signed in with the password alone.
    const u = await newUser("reseller");
    const found = await findUserForLogin(u.email);
    if (!found) throw new Error("no user");
    const here = await attempt(u.email);
    if (!here.ok) throw new Error("sign-in failed");
    const { secret } = await beginEnrolment({ ...u, sessionId: here.sessionId });
    await confirmEnrolment(
      { ...u, sessionId: here.sessionId },
      { code: await codeAt(secret), currentPassword: PASSWORD },
    );
    const step = {
      user: found.user,
      passwordHash: found.passwordHash,
      sessionVersion: found.sessionVersion,
      method: "password" as const,
      knownDevice: false,
      client: { ip: IP, userAgent: "late sign-in" },
    };
    const sessionsBefore = await db().userSession.count({ where: { userId: u.id } });
    expect(await createSignInSession(step)).toEqual({ ok: false, reason: "second_factor_required" });
    expect(await db().userSession.count({ where: { userId: u.id } })).toBe(sessionsBefore);
    // A sign-in that did check a code goes through.
    expect(await createSignInSession({ ...step, method: "totp" })).toEqual({ ok: true, sessionId: expect.any(String) });
  });

  it("marks each recovery code with its key; the reseal names who still holds codes on the previous key", async () => {
    // Codes are HMACs under a key derived from SECRETS_KEY and only their owners know them: the
    // reseal cannot move them, so it must not say the previous key can go while unused ones need it.
    const testKey = process.env.SECRETS_KEY!;
    const oldKey = randomBytes(32).toString("base64");
    const keys = { current: Buffer.from(testKey, "base64"), previous: [Buffer.from(oldKey, "base64")] };
    // Enrolled while oldKey was SECRETS_KEY (the test key as the previous one, so both open).
    const early = await withKeys({ current: oldKey, previous: testKey }, () => enrolled("support"));
    const late = await enrolled("support");
    const holding = async (email: string) =>
      (await recoveryCodesHoldingPreviousKey(keys)).find((h) => h.email === email);
    expect(await holding(early.email)).toEqual({ email: early.email, previousKey: 10, unmarked: 0 });
    expect(await holding(late.email)).toBeUndefined();
    // A code stored without a mark (made before marks) may be on either key: counted too.
    const plain = createHash("sha256").update(`${late.id}:ABCDEFGH23`).digest("hex");
    await db().recoveryCode.create({ data: { userId: late.id, codeHash: plain } });
    expect(await holding(late.email)).toEqual({ email: late.email, previousKey: 0, unmarked: 1 });
    // Used codes hold nothing.
    expect(await attempt(late.email, "ABCDE-FGH23")).toMatchObject({ ok: true });
    expect(await holding(late.email)).toBeUndefined();

    // The rotation's second step with the old key as SECRETS_KEY_PREVIOUS: everything sealed is
    // moved (the early user's authenticator secret), but the codes keep the old key needed.
    const run = await reseal({ current: testKey, previous: oldKey });
    expect(run.code).toBe(3);
    expect(run.out).toContain(`${early.email}: 10 made under it, 0 unmarked`);
    expect(run.out).not.toContain("can be removed");
    // Their owner makes new codes (the secret now opens with the test key alone): nothing left of theirs.
    await regenerateRecoveryCodes(early, await codeAt(early.secret, 1));
    expect(await holding(early.email)).toBeUndefined();
  });

  it("asks for the code after a right password, refuses a wrong one and counts it as a failed sign-in", async () => {
    const u = await enrolled("reseller");
    expect(await attempt(u.email)).toEqual({ ok: false, reason: "second_factor_required" });
    const wrong = (await codeAt(u.secret, 4)).replace(/^./, (d) => String((Number(d) + 1) % 10));
    expect(await attempt(u.email, wrong)).toEqual({ ok: false, reason: "second_factor_invalid" });
    expect(await attempt(u.email, "123456")).toMatchObject({ ok: false });
    const failed = await db().auditEvent.findMany({
      where: { action: "auth.sign_in_failed", resellerId: u.resellerId },
    });
    expect(failed.map((e) => (e.after as { reason: string }).reason)).toEqual(["second_factor", "second_factor"]);
    // Wrong codes are not given back: after the per-account-and-address limit even the right
    // code is refused from that address, while the owner elsewhere still signs in.
    for (let i = 3; i < ACCOUNT_IP_LIMIT; i++) await attempt(u.email, "000000");
    expect(await attempt(u.email, await codeAt(u.secret, 1))).toMatchObject({ ok: false, reason: "throttled" });
    const elsewhere = await signInWithPassword({
      email: u.email,
      password: PASSWORD,
      code: await codeAt(u.secret, 1),
      ip: "198.51.100.99",
      userAgent: "test",
    });
    expect(elsewhere).toMatchObject({ ok: true });
  });

  it("limits wrong codes once the password is known, from any number of addresses, and a right code resets it", async () => {
    const u = await enrolled("reseller");
    // The owner's browser signed in before (with a recovery code, keeping the app's codes for
    // later): it holds a known-device cookie for the account.
    const owner = await signInWithPassword({
      email: u.email,
      password: PASSWORD,
      code: u.recovery[0]!,
      ip: "198.51.100.20",
      userAgent: "owner",
    });
    if (!owner.ok) throw new Error("the owner's sign-in failed");
    // Whoever knows the password, guessing from a new address each time (each address and the
    // account's minute cap alone would allow about 14,000 guesses a day).
    const from = (i: number, code: string) =>
      signInWithPassword({ email: u.email, password: PASSWORD, code, ip: `203.0.113.${10 + i}`, userAgent: "test" });
    for (let i = 0; i < SECOND_FACTOR_LIMIT; i++)
      expect(await from(i, "000000"), `guess ${i + 1}`).toMatchObject({ ok: false, reason: "second_factor_invalid" });
    // A minute later (the account's minute cap forgotten), the limit still holds: even the right
    // code is refused for now, whatever the address.
    await db().loginRateLimit.deleteMany({ where: { key: `acct:${accountKey(normalizeEmail(u.email))}` } });
    expect(await from(50, await codeAt(u.secret, 1))).toMatchObject({ ok: false, reason: "throttled" });
    const ownerAgain = async () =>
      signInWithPassword({
        email: u.email,
        password: PASSWORD,
        code: await codeAt(u.secret, 1),
        ip: "198.51.100.20",
        userAgent: "owner",
        deviceCookie: owner.deviceCookie,
      });
    const enabledDaysAgo = (days: number) =>
      db().$executeRaw`UPDATE app_user SET totp_enabled_at = now() - make_interval(days => ${days}::int)
                        WHERE id = ${u.id}::uuid`;
    // A device token issued before two-factor was on (gathered with the password alone, as many
    // as one likes) brings no bucket of its own: refused with the account.
    await enabledDaysAgo(-1);
    expect(await ownerAgain()).toMatchObject({ ok: false, reason: "throttled" });
    // The owner's own browser, whose token came from a sign-in with a code (a later day than the
    // factor was turned on), counts its answers on its own: the guessers cannot keep it out.
    await enabledDaysAgo(2);
    expect(await ownerAgain()).toMatchObject({ ok: true });

    // Another account's count is its own; a right code forgets the wrong ones before it.
    const other = await enrolled("reseller");
    const guess = (code: string) =>
      signInWithPassword({ email: other.email, password: PASSWORD, code, ip: "203.0.113.200", userAgent: "test" });
    expect(await guess("000000")).toMatchObject({ reason: "second_factor_invalid" });
    expect(await guess(await codeAt(other.secret, 1))).toMatchObject({ ok: true });
    const count = await db().loginRateLimit.findMany({ where: { key: { startsWith: `code:${other.id}` } } });
    expect(count.every((row) => row.points === 0)).toBe(true);
  });

  it("right sign-ins in two steps never use up the address's budget (a team behind one address)", async () => {
    // Each step is a request that reserves an attempt; a right password gives the address its
    // attempt back at the code step too, or every staff sign-in would keep one for 15 minutes.
    const office = "192.0.2.77";
    // One after another: at once, their enrolment transactions queue for the pool's connections
    // and a busy machine can time them out before the sign-ins this test is about even start.
    const team: Awaited<ReturnType<typeof enrolled>>[] = [];
    for (let i = 0; i < IP_LIMIT + 2; i++) team.push(await enrolled());
    for (const u of team) {
      const step = (code?: string) =>
        signInWithPassword({ email: u.email, password: PASSWORD, code, ip: office, userAgent: "test" });
      expect(await step()).toEqual({ ok: false, reason: "second_factor_required" });
      expect(await step(await codeAt(u.secret, 1))).toMatchObject({ ok: true });
    }
  });

  it("accepts a TOTP code only once", async () => {
    const u = await enrolled();
    const code = await codeAt(u.secret, 1); // the enrolment used the current step
    expect((await attempt(u.email, code)).ok).toBe(true);
    expect(await attempt(u.email, code)).toEqual({ ok: false, reason: "second_factor_invalid" });
  });

  it("accepts each recovery code once, in any case and spacing", async () => {
    const u = await enrolled();
    const [first, second] = u.recovery as [string, string];
    const typed = ` ${first.toLowerCase().replace("-", " ")} `;
    const r = await attempt(u.email, typed);
    expect(r).toMatchObject({ ok: true });
    expect(await attempt(u.email, first)).toEqual({ ok: false, reason: "second_factor_invalid" });
    expect((await attempt(u.email, second)).ok).toBe(true);
    const used = await db().auditEvent.findFirstOrThrow({
      where: { action: "auth.2fa.recovery_code_used", actorId: u.id },
      orderBy: { id: "desc" },
    });
    expect(used.after).toMatchObject({ recoveryCodesLeft: 8 });
    const signIn = await db().auditEvent.findFirstOrThrow({ where: { action: "auth.sign_in", actorId: u.id } });
    expect(signIn.after).toMatchObject({ method: "recovery_code" });
  });

  it("new recovery codes replace the old ones", async () => {
    const u = await enrolled();
    const fresh = await regenerateRecoveryCodes(u, await codeAt(u.secret, 1));
    expect(await attempt(u.email, u.recovery[0])).toEqual({ ok: false, reason: "second_factor_invalid" });
    expect((await attempt(u.email, fresh[0])).ok).toBe(true);
  });

  it("staff keep their second factor; a reseller may turn it off with a current code", async () => {
    const staff = await enrolled("admin");
    await expect(disableOwnTwoFactor({ ...staff, role: "admin" }, await codeAt(staff.secret, 1))).rejects.toThrow(
      /must keep/,
    );
    const reseller = await enrolled("reseller");
    await expect(disableOwnTwoFactor({ ...reseller, role: "reseller" }, "000000")).rejects.toThrow(/not right/);
    await disableOwnTwoFactor({ ...reseller, role: "reseller" }, await codeAt(reseller.secret, 1));
    expect((await attempt(reseller.email)).ok).toBe(true);
  });

  it("limits wrong codes and passwords asked again on the account pages, and audits each", async () => {
    const u = await enrolled("reseller");
    const failed = () =>
      db().auditEvent.count({ where: { action: "auth.self_check_failed", after: { path: ["userId"], equals: u.id } } });
    for (let i = 0; i < SELF_CHECK_LIMIT; i++)
      await expect(regenerateRecoveryCodes(u, "000000")).rejects.toThrow(/not right/);
    expect(await failed()).toBe(SELF_CHECK_LIMIT);
    // The limit is reached: even the right code, or the right password, is refused for now.
    await expect(regenerateRecoveryCodes(u, await codeAt(u.secret, 1))).rejects.toThrow(/Too many wrong answers/);
    await expect(disableOwnTwoFactor({ ...u, role: "reseller" }, await codeAt(u.secret, 1))).rejects.toThrow(
      /Too many wrong answers/,
    );
    const me = { ...u, sessionId: crypto.randomUUID() };
    await expect(changeOwnPassword(me, { currentPassword: PASSWORD, newPassword: "a-new-password-2" })).rejects.toThrow(
      /Too many wrong answers/,
    );
    expect((await db().user.findUniqueOrThrow({ where: { id: u.id } })).totpEnabledAt).not.toBeNull();

    // Another person's count is their own; a right answer forgets the wrong ones before it.
    const other = await newUser("reseller");
    const mine = { ...other, sessionId: crypto.randomUUID() };
    for (let i = 0; i < SELF_CHECK_LIMIT - 1; i++)
      await expect(
        changeOwnPassword(mine, { currentPassword: "wrong-guess-1", newPassword: "a-new-password-2" }),
      ).rejects.toThrow(/not right/);
    await changeOwnPassword(mine, { currentPassword: PASSWORD, newPassword: "a-new-password-2" });
    await expect(
      changeOwnPassword(mine, { currentPassword: "wrong-guess-2", newPassword: "a-new-password-3" }),
    ).rejects.toThrow(/not right/);
  });

  it("of two password changes racing with the same current password, one takes and the other is refused", async () => {
    const u = await newUser("reseller");
    const change = (newPassword: string) =>
      changeOwnPassword({ ...u, sessionId: crypto.randomUUID() }, { currentPassword: PASSWORD, newPassword });
    const results = await Promise.allSettled([change("a-new-password-owner"), change("a-new-password-other")]);
    const taken = results.filter((r) => r.status === "fulfilled");
    expect(taken).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected");
    expect(String((refused as PromiseRejectedResult).reason)).toMatch(/not right/);
    // The account's password is the one the change that took set.
    const winner = results[0]?.status === "fulfilled" ? "a-new-password-owner" : "a-new-password-other";
    expect((await signInWithPassword({ email: u.email, password: winner, ip: IP, userAgent: "test" })).ok).toBe(true);
  });

  it("a two-factor enrolment begun before a password change or reset starts over with a new key", async () => {
    const u = await newUser("reseller");
    const before = await beginEnrolment(u);
    await changeOwnPassword(
      { ...u, sessionId: crypto.randomUUID() },
      {
        currentPassword: PASSWORD,
        newPassword: "a-new-password-2",
      },
    );
    const afterChange = await beginEnrolment(u);
    expect(afterChange.secret).not.toBe(before.secret);
    const admin = await makeUser("admin");
    await resetPasswordAsAdmin(admin, { userId: u.id, password: "an-admin-password-3", reason: "locked out" });
    expect((await beginEnrolment(u)).secret).not.toBe(afterChange.secret);
  });

  it("an admin reset removes the factor, ends the sessions and is audited; staff enrol again", async () => {
    const u = await enrolled("support");
    const signedIn = await attempt(u.email, await codeAt(u.secret, 1));
    if (!signedIn.ok) throw new Error("sign-in failed");
    const admin = await newUser("admin");
    await resetTwoFactorAsAdmin(
      { id: admin.id, role: "admin", email: admin.email },
      { userId: u.id, reason: "lost phone" },
    );
    const jwt = authOptions().callbacks!.jwt!;
    await expect(
      jwt({ token: { userId: u.id, sid: signedIn.sessionId, sessionVersion: signedIn.sessionVersion } } as never),
    ).rejects.toThrow(/revoked/);
    const audit = await db().auditEvent.findFirstOrThrow({
      where: { action: "admin.user.2fa_reset", actorId: admin.id },
    });
    expect(audit).toMatchObject({
      reason: "lost phone",
      before: { userId: u.id, twoFactor: true },
      after: { twoFactor: false },
    });
    expect(await db().recoveryCode.count({ where: { userId: u.id } })).toBe(0);
    // Without a factor the password alone signs in; the guards then send staff to enrolment.
    expect((await attempt(u.email)).ok).toBe(true);
    expect((await beginEnrolment(u)).secret).not.toBe(u.secret);
  });
});
