// The reseller API's webhooks (docs/api.md "Webhooks"): an integration lists its endpoints with
// their failed deliveries counted, reads one endpoint's deliveries page by page (the failed ones
// alone, to reconcile what its receiver missed), and resends one, as the endpoint page does.
// Scoped by the token's reseller and by the endpoint in the path; never a signing secret.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiScope } from "@/lib/api/scopes";
import { createApiToken } from "@/lib/api/tokens";
import { db, disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { createWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { makeTenant, type Tenant } from "../factories";
import { callApi } from "./api-client";

const endpoints: string[] = [];
beforeAll(() => {
  process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true"; // nothing is sent: the endpoints are only read
  resetEnvCache();
});
afterAll(async () => {
  await db().webhookEndpoint.deleteMany({ where: { id: { in: endpoints } } });
  await disconnectDb();
  delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
  resetEnvCache();
});

async function tokenFor(t: Tenant, scopes: ApiScope[]): Promise<string> {
  const r = await createApiToken({ ...t.user, resellerId: t.reseller.id }, { name: `w-${randomUUID()}`, scopes });
  if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
  return r.token;
}

async function endpointOf(t: Tenant, description?: string) {
  const r = await createWebhookEndpoint(
    { ...t.user, resellerId: t.reseller.id },
    { url: `http://127.0.0.1:9/${randomUUID()}`, events: ["order.placed"], description },
  );
  if (!r.ok) throw new Error(JSON.stringify(r.fieldErrors));
  endpoints.push(r.id);
  return r.id;
}

// Each written row a millisecond after the one before, call after call.
let clock = Date.now() - 3_600_000;

/** Deliveries written straight in: `n` of `status`, each newer than any before it. */
async function deliveries(t: Tenant, endpointId: string, status: "pending" | "succeeded" | "failed", n: number) {
  const base = clock;
  clock += n;
  const rows = Array.from({ length: n }, (_, i) => ({
    id: randomUUID(),
    endpointId,
    resellerId: t.reseller.id,
    eventType: "order.placed",
    payload: { type: "order.placed", data: {} },
    status,
    attemptCount: status === "failed" ? 8 : 1,
    lastStatusCode: status === "failed" ? 503 : 204,
    nextAttemptAt: new Date(base + i),
    createdAt: new Date(base + i),
  }));
  await db().webhookDelivery.createMany({ data: rows });
  return rows.map((r) => r.id);
}

describe("the API's webhooks", () => {
  it("lists the endpoints with their failed deliveries counted, and no secret", async () => {
    const t = await makeTenant();
    const quiet = await endpointOf(t, "staging");
    const busy = await endpointOf(t, "production");
    await deliveries(t, busy, "failed", 3);
    await deliveries(t, busy, "succeeded", 2);
    // Another reseller's endpoint is not listed.
    const other = await makeTenant();
    await endpointOf(other);
    const r = await callApi("GET", "/webhooks", { token: await tokenFor(t, ["webhooks:read"]) });
    expect(r.status).toBe(200);
    expect(r.body.data.map((e: { id: string }) => e.id).sort()).toEqual([quiet, busy].sort());
    const byId = Object.fromEntries(r.body.data.map((e: { id: string }) => [e.id, e]));
    expect(byId[busy]).toMatchObject({
      // Scheme and host: the path, which may carry the receiver's token, is left out.
      address: "http://127.0.0.1:9",
      description: "production",
      state: "active",
      failedDeliveries: 3,
      failedDeliveriesMore: false,
    });
    expect(byId[quiet]).toMatchObject({ failedDeliveries: 0 });
    expect(JSON.stringify(r.body)).not.toMatch(/secret|sealed/i);
  });

  it("says when more than 1,000 failed, and takes no query parameter", async () => {
    const t = await makeTenant();
    const id = await endpointOf(t);
    const token = await tokenFor(t, ["webhooks:read"]);
    await deliveries(t, id, "failed", 1_000);
    expect((await callApi("GET", "/webhooks", { token })).body.data[0]).toMatchObject({
      id,
      failedDeliveries: 1_000,
      failedDeliveriesMore: false,
    });
    await deliveries(t, id, "failed", 1);
    expect((await callApi("GET", "/webhooks", { token })).body.data[0]).toMatchObject({
      id,
      failedDeliveries: 1_000,
      failedDeliveriesMore: true,
    });
    expect((await callApi("GET", "/webhooks?state=failing", { token })).status).toBe(400);
  });

  it("pages through an endpoint's deliveries newest first, of one status when asked", async () => {
    const t = await makeTenant();
    const id = await endpointOf(t);
    const failed = await deliveries(t, id, "failed", 5);
    const sent = await deliveries(t, id, "succeeded", 2);
    const token = await tokenFor(t, ["webhooks:read"]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?status=failed&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const page = await callApi("GET", `/webhooks/${id}/deliveries${query}`, { token });
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      for (const d of page.body.data) expect(d).toMatchObject({ status: "failed", lastStatusCode: 503, attempts: 8 });
      seen.push(...page.body.data.map((d: { id: string }) => d.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...failed].reverse());
    const all = await callApi("GET", `/webhooks/${id}/deliveries`, { token });
    expect(all.body.data.map((d: { id: string }) => d.id)).toEqual([...failed, ...sent].reverse());
    // What to fix, said: a status that is none, an unknown parameter.
    const bad = await callApi("GET", `/webhooks/${id}/deliveries?status=lost`, { token });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("pending, succeeded, failed");
    expect((await callApi("GET", `/webhooks/${id}/deliveries?stauts=failed`, { token })).status).toBe(400);
  });

  it("finds no other reseller's endpoint, nor an id that is not one", async () => {
    const t = await makeTenant();
    const other = await makeTenant();
    const theirs = await endpointOf(other);
    await deliveries(other, theirs, "failed", 1);
    const token = await tokenFor(t, ["webhooks:read", "webhooks:write"]);
    expect((await callApi("GET", `/webhooks/${theirs}/deliveries`, { token })).status).toBe(404);
    expect((await callApi("GET", "/webhooks/not-an-id/deliveries", { token })).status).toBe(404);
    const [d] = await db().webhookDelivery.findMany({ where: { endpointId: theirs } });
    expect((await callApi("POST", `/webhooks/${theirs}/deliveries/${d!.id}/resend`, { token })).status).toBe(404);
    // Their delivery under an endpoint of one's own: not found either.
    const mine = await endpointOf(t);
    expect((await callApi("POST", `/webhooks/${mine}/deliveries/${d!.id}/resend`, { token })).status).toBe(404);
    expect((await db().webhookDelivery.findUniqueOrThrow({ where: { id: d!.id } })).status).toBe("failed");
  });

  it("resends a failed delivery with a fresh round; not one asked for under another endpoint, not while its endpoint is off", async () => {
    const t = await makeTenant();
    const id = await endpointOf(t);
    const elsewhere = await endpointOf(t);
    const [failed] = await deliveries(t, id, "failed", 1);
    const token = await tokenFor(t, ["webhooks:write"]);
    // Under the other endpoint's path: not found there, and left as it was.
    const wrong = await callApi("POST", `/webhooks/${elsewhere}/deliveries/${failed}/resend`, { token });
    expect(wrong.status).toBe(404);
    expect((await db().webhookDelivery.findUniqueOrThrow({ where: { id: failed! } })).status).toBe("failed");

    // The path's id in capitals: answered as the receiver sees it, in lower case.
    const r = await callApi("POST", `/webhooks/${id}/deliveries/${failed!.toUpperCase()}/resend`, { token });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ id: failed, status: "pending" });
    const row = await db().webhookDelivery.findUniqueOrThrow({ where: { id: failed! } });
    expect(row).toMatchObject({ status: "pending", attemptCount: 0 });
    expect(row.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);

    await db().webhookEndpoint.update({ where: { id }, data: { disabledAt: new Date(), disabledReason: "test" } });
    await db().webhookDelivery.update({ where: { id: failed! }, data: { status: "failed" } });
    const off = await callApi("POST", `/webhooks/${id}/deliveries/${failed}/resend`, { token });
    expect(off.status).toBe(409);
    expect(off.body.detail).toContain("Turn it back on");
    expect((await db().webhookDelivery.findUniqueOrThrow({ where: { id: failed! } })).status).toBe("failed");
  });

  it("needs webhooks:read to list and webhooks:write to resend", async () => {
    const t = await makeTenant();
    const id = await endpointOf(t);
    const [failed] = await deliveries(t, id, "failed", 1);
    const orders = await tokenFor(t, ["orders:read", "services:read"]);
    expect((await callApi("GET", "/webhooks", { token: orders })).status).toBe(403);
    expect((await callApi("GET", `/webhooks/${id}/deliveries`, { token: orders })).status).toBe(403);
    const reader = await tokenFor(t, ["webhooks:read"]);
    expect((await callApi("POST", `/webhooks/${id}/deliveries/${failed}/resend`, { token: reader })).status).toBe(403);
    expect((await db().webhookDelivery.findUniqueOrThrow({ where: { id: failed! } })).status).toBe("failed");
  });
});
