// API tokens outlive the session that made them (docs/security.md "API tokens and webhooks"):
// making one asks for the person's current password, counted like the other account checks, and
// changing one's own password can revoke every token one made, at once in this process.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import {
  authenticateApiToken,
  changeOwnPasswordAndTokens,
  createApiToken,
  createApiTokenWithPassword,
} from "@/lib/api/tokens";
import { hashPassword } from "@/lib/auth/password";
import { SELF_CHECK_LIMIT } from "@/lib/auth/throttle";
import { db, disconnectDb } from "@/lib/db";
import { makeReseller, makeUser } from "../factories";

afterAll(disconnectDb);

const PASSWORD = "token-owner-password-1";

async function resellerUser(resellerId?: string) {
  const reseller = resellerId ?? (await makeReseller()).id;
  const u = await makeUser("reseller", reseller, await hashPassword(PASSWORD));
  return { ...u, resellerId: reseller };
}

const form = (extra: Record<string, unknown> = {}) => ({
  name: `billing ${randomUUID().slice(0, 6)}`,
  scopes: ["orders:read"],
  expiresOn: "",
  ...extra,
});

const tokensOf = (userId: string) => db().apiToken.count({ where: { createdById: userId } });

describe("API tokens and the person's password", () => {
  it("makes a token only with the current password: missing or wrong refuse on that field, counted and audited", async () => {
    const u = await resellerUser();
    const failedChecks = () =>
      db().auditEvent.count({ where: { action: "auth.self_check_failed", after: { path: ["userId"], equals: u.id } } });

    // A bare session (what a stolen cookie gives) is not enough.
    expect(await createApiTokenWithPassword(u, form())).toEqual({
      ok: false,
      fieldErrors: { currentPassword: ["Enter your current password"] },
    });
    const wrong = await createApiTokenWithPassword(u, form({ currentPassword: "a-guess-2026" }));
    expect(wrong).toMatchObject({ ok: false, fieldErrors: { currentPassword: [expect.stringMatching(/not right/)] } });
    expect(await failedChecks()).toBe(1);
    // The form's own refusals come first and cost no password attempt.
    const unnamed = await createApiTokenWithPassword(u, form({ name: "", currentPassword: "another-guess-1" }));
    expect(unnamed).toMatchObject({ ok: false, fieldErrors: { name: [expect.any(String)] } });
    expect(await failedChecks()).toBe(1);
    expect(await tokensOf(u.id)).toBe(0);

    const made = await createApiTokenWithPassword(u, form({ currentPassword: PASSWORD }));
    if (!made.ok) throw new Error(JSON.stringify(made.fieldErrors));
    expect(await authenticateApiToken(made.token)).toMatchObject({ tokenId: made.id, resellerId: u.resellerId });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "api_token.created", actorId: u.id } });
    expect(JSON.stringify(audit.after)).not.toContain(PASSWORD);

    // Guessing is limited: after the limit even the right password is refused for a while.
    for (let i = 0; i < SELF_CHECK_LIMIT; i++)
      await createApiTokenWithPassword(u, form({ currentPassword: `guess-number-${i}` }));
    expect(await createApiTokenWithPassword(u, form({ currentPassword: PASSWORD }))).toMatchObject({
      ok: false,
      fieldErrors: { currentPassword: [expect.stringMatching(/Too many wrong answers/)] },
    });
    expect(await tokensOf(u.id)).toBe(1);
  });

  it("changing my password revokes the tokens I made when I ask, at once, and leaves others' alone", async () => {
    const u = await resellerUser();
    const colleague = await resellerUser(u.resellerId);
    const make = async (who: typeof u) => {
      const r = await createApiToken(who, form());
      if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
      return r.token;
    };
    const mine = [await make(u), await make(u)];
    const theirs = await make(colleague);
    // Remembered by this process: the revocation must not wait for the cache to run out.
    for (const token of [...mine, theirs]) expect(await authenticateApiToken(token)).not.toBeNull();

    const me = { id: u.id, email: u.email, resellerId: u.resellerId, sessionId: randomUUID() };
    // Not asked: the tokens go on working (integrations must not stop with every password change).
    const keep = { currentPassword: PASSWORD, newPassword: "copper lantern 52", revokeApiTokens: false };
    expect(await changeOwnPasswordAndTokens(me, keep)).toMatchObject({
      apiTokensRevoked: 0,
    });
    for (const token of mine) expect(await authenticateApiToken(token)).not.toBeNull();

    expect(
      await changeOwnPasswordAndTokens(me, {
        currentPassword: "copper lantern 52",
        newPassword: "silver harbour 63",
        revokeApiTokens: true,
      }),
    ).toMatchObject({ apiTokensRevoked: 2 });
    for (const token of mine) expect(await authenticateApiToken(token)).toBeNull();
    expect(await authenticateApiToken(theirs)).not.toBeNull();
    const audit = await db().auditEvent.findFirstOrThrow({
      where: { action: "auth.password_change", actorId: u.id },
      orderBy: { id: "desc" },
    });
    expect(audit.after).toMatchObject({ userId: u.id, apiTokensRevoked: 2 });
  });
});
