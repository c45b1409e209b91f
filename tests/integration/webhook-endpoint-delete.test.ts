// Deleting a webhook endpoint takes its deliveries with it, in one transaction whose length grows
// with every delivery the endpoint ever had. It is not cut off at the ORM's default 5 s: a delete
// that ran longer was rolled back, and the endpoint went on receiving events. Here the delete's
// transaction is made long by another one holding the endpoint row, as a large cascade would make it.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { createWebhookEndpoint, deleteWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { makeTenant } from "../factories";

beforeAll(() => {
  process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true"; // the endpoint's address is on loopback
  resetEnvCache();
});
afterAll(async () => {
  delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
  resetEnvCache();
  await disconnectDb();
});

describe("deleting a webhook endpoint", () => {
  it("completes when its transaction runs past 5 s, and the endpoint and its deliveries are gone", async () => {
    const t = await makeTenant();
    const person = { ...t.user, resellerId: t.reseller.id };
    const made = await createWebhookEndpoint(person, { url: "http://127.0.0.1:9/hook", events: ["order.placed"] });
    if (!made.ok) throw new Error(JSON.stringify(made.fieldErrors));
    await db().webhookDelivery.create({
      data: {
        endpointId: made.id,
        resellerId: t.reseller.id,
        eventType: "order.placed",
        payload: { type: "order.placed", data: {} },
      },
    });
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT 1 FROM webhook_endpoint WHERE id = $1 FOR KEY SHARE", [made.id]);
      const deleting = deleteWebhookEndpoint(person, made.id);
      await new Promise((r) => setTimeout(r, 6_000));
      await holder.query("COMMIT");
      expect(await deleting).toBe(true);
    } finally {
      await holder.end();
    }
    expect(await db().webhookEndpoint.count({ where: { id: made.id } })).toBe(0);
    expect(await db().webhookDelivery.count({ where: { endpointId: made.id } })).toBe(0);
    expect(
      await db().auditEvent.count({
        where: { action: "webhook_endpoint.deleted", after: { path: ["endpointId"], equals: made.id } },
      }),
    ).toBe(1);
  });
});
