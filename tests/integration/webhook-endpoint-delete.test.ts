// Deleting a webhook endpoint removes its deliveries a batch at a time before the endpoint itself,
// without holding the endpoint's row meanwhile. In one transaction a busy endpoint's whole history
// held that row, which every placement and worker step writing the reseller's outbox rows reads
// (FOR KEY SHARE), for as long as the delete took, or ran past the transaction's limit and was
// rolled back with the endpoint still receiving. Here a statement holding the row as such a writer
// does stands in for them: the history goes while it holds the row.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { createWebhookEndpoint, deleteWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { makeTenant, type Tenant } from "../factories";

beforeAll(() => {
  process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true"; // the endpoints' address is on loopback
  resetEnvCache();
});
afterAll(async () => {
  delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
  resetEnvCache();
  await disconnectDb();
});

const person = (t: Tenant) => ({ ...t.user, resellerId: t.reseller.id });

/** An endpoint of `t` with `n` delivered events behind it. */
async function endpointWithHistory(t: Tenant, n: number): Promise<string> {
  const made = await createWebhookEndpoint(person(t), { url: "http://127.0.0.1:9/hook", events: ["order.placed"] });
  if (!made.ok) throw new Error(JSON.stringify(made.fieldErrors));
  await db().$executeRaw`
    INSERT INTO webhook_delivery (id, endpoint_id, reseller_id, event_type, payload, status, delivered_at)
    SELECT gen_random_uuid(), ${made.id}::uuid, ${t.reseller.id}::uuid, 'order.placed',
           jsonb_build_object('type', 'order.placed', 'n', i), 'succeeded', now()
    FROM generate_series(1, ${n}::int) AS i`;
  return made.id;
}

describe("deleting a webhook endpoint", () => {
  it("removes its history while a writer holds the endpoint's row, then the endpoint, and nothing of another reseller", async () => {
    const [t, other] = [await makeTenant(), await makeTenant()];
    const id = await endpointWithHistory(t, 12_001); // three batches
    const othersId = await endpointWithHistory(other, 10);
    // Another reseller's person naming the endpoint deletes nothing of it.
    expect(await deleteWebhookEndpoint(person(other), id)).toBe(false);
    expect(await db().webhookDelivery.count({ where: { endpointId: id } })).toBe(12_001);

    const writer = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await writer.connect();
    try {
      await writer.query("BEGIN");
      await writer.query("SELECT 1 FROM webhook_endpoint WHERE id = $1 FOR KEY SHARE", [id]);
      const deleting = deleteWebhookEndpoint(person(t), id);
      // The history goes while the writer still holds the row.
      for (let i = 0; (await db().webhookDelivery.count({ where: { endpointId: id } })) > 0; i++) {
        if (i > 500) throw new Error("the deliveries waited for the endpoint's row");
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(await db().webhookEndpoint.count({ where: { id } })).toBe(1);
      await writer.query("COMMIT");
      expect(await deleting).toBe(true);
    } finally {
      await writer.end();
    }
    expect(await db().webhookEndpoint.count({ where: { id } })).toBe(0);
    expect(
      await db().auditEvent.count({
        where: { action: "webhook_endpoint.deleted", after: { path: ["endpointId"], equals: id } },
      }),
    ).toBe(1);
    expect(await db().webhookDelivery.count({ where: { endpointId: othersId } })).toBe(10);
  });
});
