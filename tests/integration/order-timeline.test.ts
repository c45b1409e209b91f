// The order timeline reads as a story on both pages: the steps that lead up to a call, then the
// call, then the state its outcome caused. An attempt row commits in the same statement as the
// move to provisioning, so both share a timestamp and the order between them is the builder's.

import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { getOrderSnapshot } from "@/lib/orders/queries/order-view";
import { getSupportOrderDetail, TIMELINE_ATTEMPTS, TIMELINE_EVENTS } from "@/lib/support/order-detail";
import { giveUsableGrommunioServer, makeOrder, makeTenant, makeUser, type Tenant } from "../factories";
import { fault, forms, pipelineFileHooks, place, startWorker, uniq, waitForOrder } from "./pipeline-fixtures";

let t: Tenant;
let orderId: string;

pipelineFileHooks({
  setup: async () => {
    t = await makeTenant();
    await giveUsableGrommunioServer(t);
    await startWorker({ UPSTREAM_TIMEOUT_MS: "1500", MAX_ATTEMPTS: "4" });
    // A lost answer gives the order two attempts: the create, and the lookup that adopts it.
    await fault("grommunio", { method: "POST", path: "/system/domains", count: 1, action: "drop-after-commit" });
    const placed = await place(t, "grommunio_domain", forms.grommunio_domain(`tl${uniq()}.example.com`));
    if (!placed.ok) throw new Error(`not placed: ${JSON.stringify(placed)}`);
    orderId = placed.orderId;
    const done = await waitForOrder(orderId, (o) => ["succeeded", "failed", "held"].includes(o.status));
    expect(done.status).toBe("succeeded");
  },
});

type Step = { type: "event"; action: string } | { type: "attempt"; kind: string };
const label = (s: Step) => (s.type === "event" ? s.action : `attempt:${s.kind}`);

const STORY = [
  "order.placed",
  "order.provisioning",
  "attempt:create",
  "order.unknown",
  "order.provisioning",
  "attempt:lookup",
  "order.succeeded",
];

describe("order timeline", () => {
  it("support sees the steps in story order: each attempt after the step that started it", async () => {
    const support = await makeUser("support");
    const { timeline } = await getSupportOrderDetail(support, orderId);
    const steps = timeline.map(label).filter((s) => !s.startsWith("order.") || STORY.includes(s));
    expect(steps).toEqual(STORY);
  });

  it("the reseller's page tells the same story as support's", async () => {
    const support = await makeUser("support");
    const [reseller, detail] = await Promise.all([
      getOrderSnapshot(t.reseller.id, orderId),
      getSupportOrderDetail(support, orderId),
    ]);
    expect(reseller?.timeline.map(label)).toEqual(detail.timeline.map(label));
    // The reseller's page leads to the service the create brought into being.
    const service = await db().service.findUniqueOrThrow({ where: { createOrderId: orderId } });
    expect(reseller?.serviceId).toBe(service.id);
  });

  it("support sees the order's webhook deliveries, the endpoint by scheme and host (a token may be in its path or query)", async () => {
    const support = await makeUser("support");
    const endpoint = await db().webhookEndpoint.create({
      data: {
        resellerId: t.reseller.id,
        url: "https://receiver.example.test/hooks/s3cr3t-path/?token=s3cr3t-query",
        events: ["order.placed", "order.succeeded"],
        sealedSecret: Buffer.from("not opened by this test"),
      },
    });
    try {
      const placed = await place(t, "grommunio_domain", forms.grommunio_domain(`wh${uniq()}.example.com`));
      if (!placed.ok) throw new Error(`not placed: ${JSON.stringify(placed)}`);
      await waitForOrder(placed.orderId, (o) => ["succeeded", "failed", "held"].includes(o.status));
      const { deliveries } = await getSupportOrderDetail(support, placed.orderId);
      expect(deliveries.total).toBe(2);
      expect(deliveries.rows.map((d) => d.eventType)).toEqual(["order.succeeded", "order.placed"]);
      for (const d of deliveries.rows)
        expect(d.endpoint).toEqual({
          id: endpoint.id,
          address: "https://receiver.example.test",
          disabled: false,
        });
      expect(JSON.stringify(deliveries)).not.toContain("s3cr3t");
      // Another order's deliveries are not this one's.
      expect((await getSupportOrderDetail(support, orderId)).deliveries).toEqual({ rows: [], total: 0 });
    } finally {
      await db().webhookEndpoint.delete({ where: { id: endpoint.id } });
    }
  });

  it("support sees the newest of a long history, and how many older events and calls it leaves out", async () => {
    const support = await makeUser("support");
    const order = await makeOrder({ tenant: t, status: "failed" });
    // Numbered so the test can tell which ones the page kept: n1 is the oldest.
    await db().$executeRaw`
      INSERT INTO audit_event (actor_type, actor_label, order_id, action, reason)
      SELECT 'system', 'test', ${order.id}::uuid, 'order.note', 'n' || i
      FROM generate_series(1, ${TIMELINE_EVENTS + 3}::int) AS i`;
    await db().$executeRaw`
      INSERT INTO attempt (id, order_id, number, kind, worker_id, outcome, message)
      SELECT gen_random_uuid(), ${order.id}::uuid, i, 'create', 'test', 'transient', 'a' || i
      FROM generate_series(1, ${TIMELINE_ATTEMPTS + 2}::int) AS i`;
    const detail = await getSupportOrderDetail(support, order.id);
    expect(detail.omitted).toEqual({ events: 3, attempts: 2 });
    const reasons = detail.timeline.flatMap((e) => (e.type === "event" ? [e.reason] : []));
    expect(reasons).toHaveLength(TIMELINE_EVENTS);
    expect([reasons[0], reasons.at(-1)]).toEqual(["n4", `n${TIMELINE_EVENTS + 3}`]);
    const attempts = detail.timeline.flatMap((e) => (e.type === "attempt" ? [e.number] : []));
    expect(attempts).toHaveLength(TIMELINE_ATTEMPTS);
    expect([attempts[0], attempts.at(-1)]).toEqual([3, TIMELINE_ATTEMPTS + 2]);

    // A short history leaves nothing out.
    expect((await getSupportOrderDetail(support, orderId)).omitted).toEqual({ events: 0, attempts: 0 });
  });
});
