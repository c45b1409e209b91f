// A webhook endpoint and a new signing secret outlive the session that makes them (an endpoint
// streams the reseller's order events to its address; a secret lets its holder sign as the
// portal): both ask for the person's current password, counted like the other account checks
// (docs/security.md "API tokens and webhooks").
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { db, disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
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
