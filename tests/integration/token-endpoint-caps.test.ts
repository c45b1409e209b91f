// The API access and webhooks pages list every token that works and every endpoint, each with the
// button that stops it (docs/api.md "Tokens", docs/webhooks.md "How many endpoints"). So a reseller
// holds at most MAX_LIVE_API_TOKENS working tokens and MAX_WEBHOOK_ENDPOINTS endpoints: one more is
// refused, saying to revoke or delete one, also when two are made at once. Revoked and expired
// tokens do not count and are listed after the working ones, so they never push one off the page;
// the "an endpoint was disabled" warning is counted, not read off the listed rows.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createApiToken,
  INACTIVE_TOKENS_LISTED,
  listApiTokens,
  MAX_LIVE_API_TOKENS,
  revokeApiToken,
} from "@/lib/api/tokens";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { said } from "@/lib/i18n/sentences";
import {
  countDisabledEndpoints,
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookEndpoints,
  MAX_WEBHOOK_ENDPOINTS,
} from "@/lib/webhooks/endpoints";
import { makeTenant, type Tenant } from "../factories";

beforeAll(() => {
  process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true"; // the endpoints' address is on loopback
  resetEnvCache();
});
afterAll(() => {
  delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
  resetEnvCache();
});

const DAY = 86_400_000;
const person = (t: Tenant) => ({ ...t.user, resellerId: t.reseller.id });

/** Token rows written directly (the cap is what is tested, not creation), `ago` days old. */
function tokenRows(t: Tenant, n: number, ago: (i: number) => number, extra: object = {}) {
  return db().apiToken.createMany({
    data: Array.from({ length: n }, (_, i) => ({
      resellerId: t.reseller.id,
      createdById: t.user.id,
      name: `row-${i}`,
      scopes: ["orders:read"],
      tokenHash: randomUUID(),
      prefix: "mrp_xxxxxx",
      createdAt: new Date(Date.now() - ago(i) * DAY),
      ...extra,
    })),
  });
}

describe("API tokens per reseller", () => {
  it("lists every working token before the stopped ones, however many expired meanwhile", async () => {
    const t = await makeTenant();
    // One token a year old that works until far ahead, then 200 newer ones that expired since.
    const oldest = await db().apiToken.create({
      data: {
        resellerId: t.reseller.id,
        createdById: t.user.id,
        name: "year-old integration",
        scopes: ["orders:read"],
        tokenHash: randomUUID(),
        prefix: "mrp_oldone",
        createdAt: new Date(Date.now() - 365 * DAY),
        expiresAt: new Date(Date.now() + 365 * DAY),
      },
    });
    await tokenRows(t, 200, (i) => 300 - i, { expiresAt: new Date(Date.now() - DAY) });
    await tokenRows(t, 10, (i) => 100 - i, { revokedAt: new Date() });
    const { tokens, notListed } = await listApiTokens(t.reseller.id);
    expect(tokens[0]).toMatchObject({ id: oldest.id, revokedAt: null });
    expect(tokens).toHaveLength(1 + INACTIVE_TOKENS_LISTED);
    expect(notListed).toBe(210 - INACTIVE_TOKENS_LISTED);
    // Another reseller's tokens are not among them.
    const other = await makeTenant();
    expect((await listApiTokens(other.reseller.id)).tokens).toEqual([]);
  });

  it(`refuses a working token past ${MAX_LIVE_API_TOKENS}, saying to revoke one; expired and revoked ones do not count`, async () => {
    const t = await makeTenant();
    await tokenRows(t, 30, () => 10, { expiresAt: new Date(Date.now() - DAY) });
    await tokenRows(t, 30, () => 10, { revokedAt: new Date() });
    await tokenRows(t, MAX_LIVE_API_TOKENS - 1, (i) => i + 1);
    const make = () => createApiToken(person(t), { name: `cap-${randomUUID()}`, scopes: ["orders:read"] });
    // Two at once for the last place: one is made, the other refused.
    const raced = await Promise.all([make(), make()]);
    expect(raced.filter((r) => r.ok)).toHaveLength(1);
    const refusal = {
      ok: false,
      fieldErrors: {},
      formError: said("tokenLimitReached", { max: MAX_LIVE_API_TOKENS }),
    };
    expect(raced.find((r) => !r.ok)).toEqual(refusal);
    expect(await make()).toEqual(refusal);
    const { tokens } = await listApiTokens(t.reseller.id);
    const working = tokens.filter((r) => !r.revokedAt && (!r.expiresAt || r.expiresAt > new Date()));
    expect(working).toHaveLength(MAX_LIVE_API_TOKENS);
    // Revoking one makes room again.
    expect(await revokeApiToken(person(t), working.at(-1)!.id)).toEqual({ ok: true });
    expect(await make()).toMatchObject({ ok: true });
    expect(await db().apiToken.count({ where: { resellerId: t.reseller.id, revokedAt: null, expiresAt: null } })).toBe(
      MAX_LIVE_API_TOKENS,
    );
  });
});

describe("webhook endpoints per reseller", () => {
  const hook = { url: "http://127.0.0.1:9/hook", events: ["order.succeeded"] };

  function endpointRows(t: Tenant, n: number, extra: (i: number) => object = () => ({})) {
    return db().webhookEndpoint.createMany({
      data: Array.from({ length: n }, (_, i) => ({
        resellerId: t.reseller.id,
        url: `https://hooks-${i}.example.com/in`,
        events: ["order.succeeded"],
        sealedSecret: new Uint8Array([0]),
        createdAt: new Date(Date.now() - (n - i) * DAY),
        ...extra(i),
      })),
    });
  }

  it("lists every endpoint, and the warning counts a disabled one however old", async () => {
    const t = await makeTenant();
    // More than a page used to hold (rows from before the bound): the oldest is off.
    await endpointRows(t, MAX_WEBHOOK_ENDPOINTS + 20, (i) => (i === 0 ? { disabledAt: new Date() } : {}));
    const listed = await listWebhookEndpoints(t.reseller.id);
    expect(listed).toHaveLength(MAX_WEBHOOK_ENDPOINTS + 20);
    expect(listed.at(-1)!.disabledAt).not.toBeNull();
    expect(await countDisabledEndpoints(t.reseller.id)).toBe(1);
    expect(await countDisabledEndpoints((await makeTenant()).reseller.id)).toBe(0);
  });

  it(`refuses an endpoint past ${MAX_WEBHOOK_ENDPOINTS}, saying to delete one`, async () => {
    const t = await makeTenant();
    await endpointRows(t, MAX_WEBHOOK_ENDPOINTS - 1);
    const raced = await Promise.all([createWebhookEndpoint(person(t), hook), createWebhookEndpoint(person(t), hook)]);
    expect(raced.filter((r) => r.ok)).toHaveLength(1);
    const refusal = {
      ok: false,
      fieldErrors: {},
      formError: said("endpointLimitReached", { max: MAX_WEBHOOK_ENDPOINTS }),
    };
    expect(raced.find((r) => !r.ok)).toEqual(refusal);
    expect(await db().webhookEndpoint.count({ where: { resellerId: t.reseller.id } })).toBe(MAX_WEBHOOK_ENDPOINTS);
    const made = raced.find((r) => r.ok);
    if (!made?.ok) throw new Error("none made");
    expect(await deleteWebhookEndpoint(person(t), made.id)).toBe(true);
    expect(await createWebhookEndpoint(person(t), hook)).toMatchObject({ ok: true });
    // The bound is per reseller: another reseller registers as usual.
    expect(await createWebhookEndpoint(person(await makeTenant()), hook)).toMatchObject({ ok: true });
  });
});
