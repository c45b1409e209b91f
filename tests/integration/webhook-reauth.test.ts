// A webhook endpoint and a new signing secret outlive the session that makes them (an endpoint
// streams the reseller's order events to its address; a secret lets its holder sign as the
// portal): both ask for the person's current password, counted like the other account checks
// (docs/security.md "API tokens and webhooks").
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeOwnPasswordAndTokens } from "@/lib/api/tokens";
import { hashPassword } from "@/lib/auth/password";
import { db, disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { enableWebhookEndpoint, endpointsOffForPasswordChange } from "@/lib/webhooks/endpoints";
import { readDisabledReason } from "@/lib/webhooks/error-words";
import { createWebhookEndpointWithPassword, rotateWebhookSecretWithPassword } from "@/lib/webhooks/with-password";
import { makeReseller, makeUser } from "../factories";

const PASSWORD = "endpoint-owner-password-1";

beforeAll(() => {
  process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true";
  resetEnvCache();
});
afterAll(async () => {
  delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
  resetEnvCache();
  await disconnectDb();
});

async function resellerUser() {
  const reseller = (await makeReseller()).id;
  const u = await makeUser("reseller", reseller, await hashPassword(PASSWORD));
  return { ...u, resellerId: reseller };
}

const form = (extra: Record<string, unknown> = {}) => ({
  url: "http://127.0.0.1:9/portal",
  events: ["order.succeeded"],
  description: "",
  ...extra,
});

describe("webhook endpoints and the person's password", () => {
  it("changing my password turns the reseller's endpoints off when I ask: parked, audited, and turned back on with what waited", async () => {
    const u = await resellerUser();
    const other = await resellerUser();
    const endpoint = async (who: typeof u) => {
      const made = await createWebhookEndpointWithPassword(who, form({ currentPassword: PASSWORD }));
      if (!made.ok) throw new Error(JSON.stringify(made.fieldErrors));
      return made.id;
    };
    const [mine, alsoMine, theirs] = [await endpoint(u), await endpoint(u), await endpoint(other)];
    const waiting = await db().webhookDelivery.create({
      data: { endpointId: mine, resellerId: u.resellerId, eventType: "order.placed", payload: {} },
    });
    const me = { id: u.id, email: u.email, resellerId: u.resellerId, sessionId: randomUUID() };
    const change = (from: string, to: string, off: boolean) =>
      changeOwnPasswordAndTokens(me, {
        currentPassword: from,
        newPassword: to,
        webhookEndpointsOff: off ? (tx) => endpointsOffForPasswordChange(tx, { ...u, role: "reseller" }) : undefined,
      });
    // Not asked: they stay on.
    expect(await change(PASSWORD, "copper lantern 52", false)).toMatchObject({ webhookEndpointsDisabled: 0 });
    expect(await db().webhookEndpoint.count({ where: { id: { in: [mine, alsoMine] }, disabledAt: null } })).toBe(2);
    // Asked: both of the reseller's are off, with the reason their page shows; another reseller's is not.
    expect(await change("copper lantern 52", "silver harbour 63", true)).toMatchObject({ webhookEndpointsDisabled: 2 });
    const rows = await db().webhookEndpoint.findMany({ where: { id: { in: [mine, alsoMine, theirs] } } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of [mine, alsoMine]) {
      expect(byId.get(id)?.disabledAt).not.toBeNull();
      expect(readDisabledReason(byId.get(id)?.disabledReason ?? "")).toEqual({ passwordChange: true });
    }
    expect(byId.get(theirs)?.disabledAt).toBeNull();
    // Its waiting delivery is parked, so no claim walks over it while the endpoint is off.
    const parked = await db().$queryRaw<{ parked: boolean }[]>`
      SELECT next_attempt_at = 'infinity' AS parked FROM webhook_delivery WHERE id = ${waiting.id}::uuid`;
    expect(parked).toEqual([{ parked: true }]);
    const audited = await db().auditEvent.findMany({
      where: { action: "webhook_endpoint.disabled", actorId: u.id },
      select: { after: true },
    });
    expect(audited.map((a) => (a.after as { endpointId: string }).endpointId).sort()).toEqual([mine, alsoMine].sort());
    const changed = await db().auditEvent.findFirstOrThrow({
      where: { action: "auth.password_change", actorId: u.id },
      orderBy: { id: "desc" },
    });
    expect(changed.after).toMatchObject({ webhookEndpointsDisabled: 2 });
    // Turned back on by a person: the delivery that waited is due again.
    expect(await enableWebhookEndpoint({ ...u, role: "reseller" }, mine)).toEqual({ ok: true });
    const due = await db().webhookDelivery.findUniqueOrThrow({ where: { id: waiting.id } });
    expect(due.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("says where an address's name leads only after the current password: no probing of the portal's network names", async () => {
    const u = await resellerUser();
    const nowhere = form({ url: "https://no-such-host.invalid/hook" });
    const passwordOnly = { ok: false, fieldErrors: { currentPassword: ["Enter your current password"] } };
    expect(await createWebhookEndpointWithPassword(u, nowhere)).toEqual(passwordOnly);
    const wrong = await createWebhookEndpointWithPassword(u, { ...nowhere, currentPassword: "a-guess-2026" });
    expect(wrong).toMatchObject({ ok: false, fieldErrors: { currentPassword: [expect.any(String)] } });
    expect(wrong.ok ? {} : wrong.fieldErrors).not.toHaveProperty("url");
    // With the password, the name is looked up and its problem said.
    expect(await createWebhookEndpointWithPassword(u, { ...nowhere, currentPassword: PASSWORD })).toEqual({
      ok: false,
      fieldErrors: { url: ["no-such-host.invalid does not resolve; check the host name"] },
    });
    expect(await db().webhookEndpoint.count({ where: { resellerId: u.resellerId } })).toBe(0);
  });

  it("registers an endpoint only with the current password; the form's own refusals cost no attempt", async () => {
    const u = await resellerUser();
    const failedChecks = () =>
      db().auditEvent.count({ where: { action: "auth.self_check_failed", after: { path: ["userId"], equals: u.id } } });
    expect(await createWebhookEndpointWithPassword(u, form())).toEqual({
      ok: false,
      fieldErrors: { currentPassword: ["Enter your current password"] },
    });
    const wrong = await createWebhookEndpointWithPassword(u, form({ currentPassword: "a-guess-2026" }));
    expect(wrong).toMatchObject({ ok: false, fieldErrors: { currentPassword: [expect.stringMatching(/not right/)] } });
    const noAddress = await createWebhookEndpointWithPassword(u, form({ url: "", currentPassword: "another-guess" }));
    expect(noAddress).toMatchObject({ ok: false, fieldErrors: { url: [expect.any(String)] } });
    // An address the sending rules refuse (not https, no host), shown with the password's problem.
    const plain = await createWebhookEndpointWithPassword(u, form({ url: "not an address" }));
    expect(plain).toMatchObject({
      ok: false,
      fieldErrors: { url: [expect.any(String)], currentPassword: [expect.any(String)] },
    });
    expect(await failedChecks()).toBe(1);
    expect(await db().webhookEndpoint.count({ where: { resellerId: u.resellerId } })).toBe(0);

    const made = await createWebhookEndpointWithPassword(u, form({ currentPassword: PASSWORD }));
    if (!made.ok) throw new Error(JSON.stringify(made.fieldErrors));
    expect(made.secret).toMatch(/^whsec_/);

    // A new signing secret too: refused without the password, the secret unchanged.
    const before = await db().webhookEndpoint.findUniqueOrThrow({ where: { id: made.id } });
    expect(await rotateWebhookSecretWithPassword(u, made.id, "")).toMatchObject({
      ok: false,
      refused: expect.any(String),
    });
    expect(await rotateWebhookSecretWithPassword(u, made.id, "a-guess-2027")).toMatchObject({
      ok: false,
      refused: expect.stringMatching(/not right/),
    });
    const after = await db().webhookEndpoint.findUniqueOrThrow({ where: { id: made.id } });
    expect(Buffer.from(after.sealedSecret).equals(Buffer.from(before.sealedSecret))).toBe(true);
    const rotated = await rotateWebhookSecretWithPassword(u, made.id, PASSWORD);
    expect(rotated).toMatchObject({ ok: true, secret: expect.stringMatching(/^whsec_/) });
  });
});
