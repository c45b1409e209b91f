// An API token, a webhook endpoint and turning an endpoint back on must not survive the password
// change (or admin's reset) racing them that revokes the person's tokens and turns the reseller's
// endpoints off (docs/security.md "Passwords"). Each write reads the user's row and the request's
// session row FOR SHARE in its own transaction and writes nothing once the password, the session
// or the account moved on (lib/auth/still-as-checked.ts).
// The change is held mid-way, after it revoked and turned off what it saw, at the lock its audit
// row needs: the audit chain's insert trigger takes a transaction advisory lock per chain (here the
// reseller's), and a client of the test holds that lock first. The other side then starts, and the
// test lets go once it waits too (behind the change, or, without the row lock, at the chain).
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetPasswordAsAdmin } from "@/lib/admin/users";
import {
  authenticateApiToken,
  changeOwnPasswordAndTokens,
  createApiToken,
  createApiTokenWithPassword,
} from "@/lib/api/tokens";
import { hashPassword } from "@/lib/auth/password";
import { createSession, revokeSession } from "@/lib/auth/sessions";
import { db, disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { createWebhookEndpoint, enableWebhookEndpoint, endpointsOffForPasswordChange } from "@/lib/webhooks/endpoints";
import { createWebhookEndpointWithPassword, rotateWebhookSecretWithPassword } from "@/lib/webhooks/with-password";
import { makeReseller, makeUser } from "../factories";
import { untilWaitingBehind } from "../support/lock-waits";

const PASSWORD = "racing-owner-password-1";
const NEW_PASSWORD = "granite orchard 74";
const SIGN_IN_AGAIN = /Sign in again/;

const clients: pg.Client[] = [];
const endpoints: string[] = [];
beforeAll(() => {
  process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true"; // the endpoints' address is on loopback
  resetEnvCache();
});
afterAll(async () => {
  for (const c of clients) await c.end().catch(() => undefined);
  await db().webhookEndpoint.deleteMany({ where: { id: { in: endpoints } } });
  delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
  resetEnvCache();
  await disconnectDb();
});

const browser = { ip: "203.0.113.21", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" };

/** A reseller user with PASSWORD and two sessions: the owner's browser and another one. */
async function owner() {
  const resellerId = (await makeReseller()).id;
  const u = await makeUser("reseller", resellerId, await hashPassword(PASSWORD));
  const [here, elsewhere] = [await createSession(u.id, browser), await createSession(u.id, browser)];
  return { ...u, role: "reseller" as const, resellerId, here, elsewhere };
}
type Owner = Awaited<ReturnType<typeof owner>>;

const tokenForm = (extra: Record<string, unknown> = {}) => ({
  name: `billing ${randomUUID().slice(0, 6)}`,
  scopes: ["orders:read"],
  expiresOn: "",
  ...extra,
});
const endpointForm = (extra: Record<string, unknown> = {}) => ({
  url: "http://127.0.0.1:9/portal",
  events: ["order.succeeded"],
  description: "",
  ...extra,
});

async function endpoint(u: Owner): Promise<string> {
  const made = await createWebhookEndpoint(u, endpointForm());
  if (!made.ok) throw new Error(JSON.stringify(made.fieldErrors));
  endpoints.push(made.id);
  return made.id;
}

/** The person's own password change from their browser, with both "revoke" and "turn off" ticked. */
const changeMine = (u: Owner) =>
  changeOwnPasswordAndTokens(
    { id: u.id, email: u.email, resellerId: u.resellerId, sessionId: u.here },
    {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
      revokeApiTokens: true,
      webhookEndpointsOff: (tx) => endpointsOffForPasswordChange(tx, u),
    },
  );

/** A client of the test holding the reseller's audit chain: whatever writes an audit row there waits. */
async function holdAuditChain(resellerId: string) {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  clients.push(c);
  const { rows } = await c.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  const key = `reseller:${resellerId}`;
  await c.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [key]);
  return {
    pid: rows[0]!.pid,
    release: () => c.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [key]),
  };
}

describe("account steps racing a password change that ends them", () => {
  it("an API token made while my password change revokes my tokens is refused, not left working", async () => {
    const u = await owner();
    const chain = await holdAuditChain(u.resellerId);
    const changing = changeMine(u);
    await untilWaitingBehind(chain.pid, { count: 1, work: changing }); // the change, having revoked what it saw
    // The other session makes a token with the password that is still the account's.
    const making = createApiTokenWithPassword(
      { ...u, sessionId: u.elsewhere },
      tokenForm({ currentPassword: PASSWORD }),
    );
    await untilWaitingBehind(chain.pid, { count: 2, work: making });
    await chain.release();
    const [changed, made] = await Promise.all([changing, making]);
    expect(made).toEqual({ ok: false, fieldErrors: {}, formError: expect.stringMatching(SIGN_IN_AGAIN) });
    expect(changed.apiTokensRevoked).toBe(0);
    expect(await db().apiToken.count({ where: { createdById: u.id, revokedAt: null } })).toBe(0);
    expect(await db().auditEvent.count({ where: { action: "api_token.created", actorId: u.id } })).toBe(0);
  });

  it("an API token made while an admin resets my password and revokes my tokens is refused", async () => {
    const u = await owner();
    const admin = await makeUser("admin");
    const chain = await holdAuditChain(u.resellerId);
    const resetting = resetPasswordAsAdmin(admin, {
      userId: u.id,
      password: NEW_PASSWORD,
      tokens: "revoke",
      reason: "the account may be compromised",
    });
    await untilWaitingBehind(chain.pid, { count: 1, work: resetting });
    const making = createApiTokenWithPassword({ ...u, sessionId: u.here }, tokenForm({ currentPassword: PASSWORD }));
    await untilWaitingBehind(chain.pid, { count: 2, work: making });
    await chain.release();
    const [, made] = await Promise.all([resetting, making]);
    expect(made).toEqual({ ok: false, fieldErrors: {}, formError: expect.stringMatching(SIGN_IN_AGAIN) });
    expect(await db().apiToken.count({ where: { createdById: u.id, revokedAt: null } })).toBe(0);
  });

  it("an endpoint registered while my password change turns the endpoints off is refused, not left on", async () => {
    const u = await owner();
    const chain = await holdAuditChain(u.resellerId);
    const changing = changeMine(u);
    await untilWaitingBehind(chain.pid, { count: 1, work: changing }); // the change, having turned off what it saw (none)
    const registering = createWebhookEndpointWithPassword(
      { ...u, sessionId: u.elsewhere },
      endpointForm({ currentPassword: PASSWORD }),
    );
    await untilWaitingBehind(chain.pid, { count: 2, work: registering });
    await chain.release();
    const [changed, made] = await Promise.all([changing, registering]);
    if (made.ok) endpoints.push(made.id);
    expect(made).toEqual({ ok: false, fieldErrors: {}, formError: expect.stringMatching(SIGN_IN_AGAIN) });
    expect(changed.webhookEndpointsDisabled).toBe(0);
    expect(await db().webhookEndpoint.count({ where: { resellerId: u.resellerId, disabledAt: null } })).toBe(0);
  });

  it("a signing secret rotated while my password change turns the endpoints off is refused, the secret as it was", async () => {
    const u = await owner();
    const id = await endpoint(u);
    const secretOf = async () =>
      Buffer.from(
        (await db().webhookEndpoint.findUniqueOrThrow({ where: { id }, select: { sealedSecret: true } })).sealedSecret,
      ).toString("base64");
    const before = await secretOf();
    const chain = await holdAuditChain(u.resellerId);
    const changing = changeMine(u);
    await untilWaitingBehind(chain.pid, { count: 1, work: changing }); // the change, having turned the endpoint off
    // The other session asks for a new secret with the password that is still the account's.
    const rotating = rotateWebhookSecretWithPassword({ ...u, sessionId: u.elsewhere }, id, PASSWORD);
    await untilWaitingBehind(chain.pid, { count: 2, work: rotating });
    await chain.release();
    const [changed, rotated] = await Promise.all([changing, rotating]);
    expect(rotated).toEqual({ ok: false, refused: expect.stringMatching(SIGN_IN_AGAIN) });
    expect(changed.webhookEndpointsDisabled).toBe(1);
    expect(await secretOf()).toBe(before);
    expect(await db().auditEvent.count({ where: { action: "webhook_endpoint.secret_rotated", actorId: u.id } })).toBe(
      0,
    );
  });

  it("Turn on from a session the change ended leaves the endpoints off, while the change runs and after it", async () => {
    const u = await owner();
    const turnedOff = await endpoint(u); // on: the change turns it off
    const offBefore = await endpoint(u); // already off (as after failures): the change leaves it alone
    await db().webhookEndpoint.update({
      where: { id: offBefore },
      data: { disabledAt: new Date(), disabledReason: "turned off by the test" },
    });
    const stolen = { ...u, sessionId: u.elsewhere };

    // While the change runs: "Turn on" waits for it, then finds its session ended.
    const chain = await holdAuditChain(u.resellerId);
    const changing = changeMine(u);
    await untilWaitingBehind(chain.pid, { count: 1, work: changing }); // at the audit row of the endpoint it turned off
    const enabling = enableWebhookEndpoint(stolen, offBefore);
    await untilWaitingBehind(chain.pid, { count: 2, work: enabling });
    await chain.release();
    const [changed, enabled] = await Promise.all([changing, enabling]);
    expect(changed.webhookEndpointsDisabled).toBe(1);
    // Refused for the account, not for the endpoint (which is there, and off).
    expect(enabled).toMatchObject({ ok: false, refusal: { alreadyOn: false, endpointGone: false } });

    // After it: a request of that session checked just before the change committed still finds it ended.
    expect(await enableWebhookEndpoint(stolen, turnedOff)).toMatchObject({ ok: false });
    const on = await db().webhookEndpoint.count({ where: { id: { in: [turnedOff, offBefore] }, disabledAt: null } });
    expect(on).toBe(0);
    expect(await db().auditEvent.count({ where: { action: "webhook_endpoint.enabled", actorId: u.id } })).toBe(0);

    // The owner, in the session the change continued, turns it back on.
    expect(await enableWebhookEndpoint({ ...u, sessionId: changed.sessionId! }, turnedOff)).toEqual({ ok: true });
  });

  it("refuses a token or an endpoint after the checked password changed, the session ended or the account was disabled", async () => {
    const u = await owner();
    const before = await db().user.findUniqueOrThrow({ where: { id: u.id }, select: { passwordHash: true } });
    // Checked against the password the account had: refused once it has another.
    await changeOwnPasswordAndTokens(
      { id: u.id, email: u.email, resellerId: u.resellerId, sessionId: u.here },
      { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    );
    const stale = await createApiToken(u, tokenForm(), { passwordHash: before.passwordHash });
    expect(stale).toMatchObject({ ok: false, formError: expect.stringMatching(SIGN_IN_AGAIN) });
    const staleEndpoint = await createWebhookEndpoint(u, endpointForm(), { passwordHash: before.passwordHash });
    expect(staleEndpoint).toMatchObject({ ok: false, formError: expect.stringMatching(SIGN_IN_AGAIN) });

    // A session signed out on "My sessions" makes nothing, even with the right password.
    const v = await owner();
    await revokeSession(v.id, v.elsewhere);
    const signedOut = { ...v, sessionId: v.elsewhere };
    expect(await createApiTokenWithPassword(signedOut, tokenForm({ currentPassword: PASSWORD }))).toMatchObject({
      ok: false,
      formError: expect.stringMatching(SIGN_IN_AGAIN),
    });
    expect(
      await createWebhookEndpointWithPassword(signedOut, endpointForm({ currentPassword: PASSWORD })),
    ).toMatchObject({ ok: false, formError: expect.stringMatching(SIGN_IN_AGAIN) });
    // The session that is still live makes one, and it works.
    const made = await createApiTokenWithPassword(
      { ...v, sessionId: v.here },
      tokenForm({ currentPassword: PASSWORD }),
    );
    if (!made.ok) throw new Error(JSON.stringify(made));
    expect(await authenticateApiToken(made.token)).toMatchObject({ tokenId: made.id });

    // A disabled account makes nothing (its session is ended too, but the row says it first).
    await db().user.update({ where: { id: v.id }, data: { disabledAt: new Date() } });
    expect(await createApiToken(v, tokenForm())).toMatchObject({
      ok: false,
      formError: expect.stringMatching(SIGN_IN_AGAIN),
    });
    expect(await db().apiToken.count({ where: { createdById: { in: [u.id, v.id] } } })).toBe(1);
  });
});
