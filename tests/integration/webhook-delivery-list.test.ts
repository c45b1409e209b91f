// An endpoint's deliveries, as its page lists them (docs/webhooks.md "Delivery"): newest first, a
// page at a time, keyset on (created_at, id), optionally of one status, with the failed ones
// counted. A failed delivery, however many were written after it, stays reachable and so can be
// resent. Every read is scoped by the reseller, and an address with a cursor made up or cut short
// gives the first page.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import type { WebhookDeliveryStatus } from "@/lib/generated/prisma/enums";
import { encodeCursor } from "@/lib/pagination/cursor";
import {
  countFailedDeliveries,
  type DeliveryFilter,
  FAILED_COUNT_CAP,
  listDeliveries,
  resendDelivery,
} from "@/lib/webhooks/endpoints";
import { makeTenant, type Tenant } from "../factories";

const PAGE = 4;
const BASE = Date.parse("2026-11-01T10:00:00.000Z");
const STATUSES: WebhookDeliveryStatus[] = ["succeeded", "failed", "succeeded", "pending", "succeeded", "failed"];

let t: Tenant;
let other: Tenant;
let endpointId: string;
let quietEndpointId: string;
let otherEndpointId: string;
/** Every delivery of the endpoint, in the list's order: created_at, then id, both descending. */
let expected: { id: string; status: WebhookDeliveryStatus }[];

async function endpointOf(tenant: Tenant) {
  const e = await db().webhookEndpoint.create({
    data: {
      resellerId: tenant.reseller.id,
      url: "https://hooks.example.com/in",
      events: ["order.succeeded"],
      sealedSecret: new Uint8Array(8),
    },
  });
  return e.id;
}

beforeAll(async () => {
  t = await makeTenant();
  other = await makeTenant();
  endpointId = await endpointOf(t);
  quietEndpointId = await endpointOf(t);
  otherEndpointId = await endpointOf(other);
  // 30 deliveries, three to a millisecond (events written in one transaction share their
  // creation time), so page boundaries fall inside runs of equal created_at.
  const rows = Array.from({ length: 30 }, (_, i) => ({
    id: randomUUID(),
    endpointId,
    resellerId: t.reseller.id,
    eventType: "order.succeeded",
    payload: { n: i },
    status: STATUSES[i % STATUSES.length]!,
    attemptCount: 1,
    createdAt: new Date(BASE + Math.floor(i / 3)),
  }));
  await db().webhookDelivery.createMany({ data: rows });
  // The other reseller's endpoint has failed deliveries too, none of them ours.
  await db().webhookDelivery.createMany({
    data: [0, 1, 2].map((i) => ({
      endpointId: otherEndpointId,
      resellerId: other.reseller.id,
      eventType: "order.failed",
      payload: { n: i },
      status: "failed" as const,
      createdAt: new Date(BASE + i),
    })),
  });
  expected = rows
    .map((r) => ({ id: r.id, status: r.status, at: r.createdAt.getTime() }))
    .sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1))
    .map(({ id, status }) => ({ id, status }));
});

afterAll(async () => {
  await db().webhookEndpoint.deleteMany({ where: { id: { in: [endpointId, quietEndpointId, otherEndpointId] } } });
  await disconnectDb();
});

/** Walks every page forwards (Older), then back from the last (Newer); returns the ids each way. */
async function walk(status?: DeliveryFilter) {
  const forwards: string[][] = [];
  let page = await listDeliveries(t.reseller.id, endpointId, { status, limit: PAGE });
  expect(page.prevCursor).toBeNull();
  forwards.push(page.rows.map((r) => r.id));
  while (page.nextCursor) {
    page = await listDeliveries(t.reseller.id, endpointId, { status, limit: PAGE, after: page.nextCursor });
    expect(page.prevCursor).not.toBeNull();
    forwards.push(page.rows.map((r) => r.id));
  }
  const backwards: string[][] = [page.rows.map((r) => r.id)];
  while (page.prevCursor) {
    page = await listDeliveries(t.reseller.id, endpointId, { status, limit: PAGE, before: page.prevCursor });
    expect(page.nextCursor).not.toBeNull();
    backwards.unshift(page.rows.map((r) => r.id));
  }
  return { forwards, backwards };
}

describe("an endpoint's deliveries, a page at a time", () => {
  it("reach every delivery once, newest first, forwards and back, across equal creation times", async () => {
    const { forwards, backwards } = await walk();
    expect(forwards.every((p) => p.length <= PAGE)).toBe(true);
    expect(forwards).toHaveLength(Math.ceil(expected.length / PAGE));
    expect(forwards.flat()).toEqual(expected.map((d) => d.id));
    // Walking back shows the same pages, each whole: the first is the first page again.
    expect(backwards).toEqual(forwards);
  });

  it.each(["failed", "pending", "succeeded"] as const)(
    "of one status (%s) reach each of that status once",
    async (status) => {
      const { forwards, backwards } = await walk(status);
      const mine = expected.filter((d) => d.status === status).map((d) => d.id);
      expect(mine.length).toBeGreaterThan(PAGE);
      expect(forwards.flat()).toEqual(mine);
      expect(backwards).toEqual(forwards);
    },
  );

  it("counts the failed ones, and a resend takes one out of the count and the failed list", async () => {
    const failed = expected.filter((d) => d.status === "failed");
    expect(await countFailedDeliveries(t.reseller.id, endpointId)).toBe(failed.length);
    expect(await countFailedDeliveries(t.reseller.id, quietEndpointId)).toBe(0);
    // The oldest failed delivery, on the failed filter's last page, is resent from there.
    const oldest = failed.at(-1)!;
    expect(await resendDelivery(t.reseller.id, oldest.id, endpointId)).toEqual({ ok: true });
    try {
      expect(await countFailedDeliveries(t.reseller.id, endpointId)).toBe(failed.length - 1);
      const { forwards } = await walk("failed");
      expect(forwards.flat()).toEqual(failed.slice(0, -1).map((d) => d.id));
    } finally {
      await db().webhookDelivery.update({ where: { id: oldest.id }, data: { status: "failed" } });
    }
  });

  it("counts failed deliveries up to the cap", async () => {
    const many = await endpointOf(t);
    try {
      await db().$executeRaw`
        INSERT INTO webhook_delivery (id, endpoint_id, reseller_id, event_type, payload, status)
        SELECT gen_random_uuid(), ${many}::uuid, ${t.reseller.id}::uuid, 'order.failed', '{}', 'failed'
        FROM generate_series(1, ${FAILED_COUNT_CAP + 5})`;
      expect(await countFailedDeliveries(t.reseller.id, many)).toBe(FAILED_COUNT_CAP + 1);
    } finally {
      await db().webhookEndpoint.delete({ where: { id: many } });
    }
  });

  it("give nothing of another reseller's endpoint, listed or counted", async () => {
    expect(await listDeliveries(t.reseller.id, otherEndpointId)).toEqual({
      rows: [],
      nextCursor: null,
      prevCursor: null,
    });
    expect(await listDeliveries(t.reseller.id, otherEndpointId, { status: "failed" })).toMatchObject({ rows: [] });
    expect(await countFailedDeliveries(t.reseller.id, otherEndpointId)).toBe(0);
    // And the other reseller sees none of ours, even holding a cursor into our list.
    const cursor = encodeCursor({ at: new Date(BASE + 20), id: expected[0]!.id });
    expect((await listDeliveries(other.reseller.id, endpointId, { after: cursor })).rows).toEqual([]);
    expect(await countFailedDeliveries(other.reseller.id, endpointId)).toBe(0);
    // Their own list is theirs alone.
    expect((await listDeliveries(other.reseller.id, otherEndpointId)).rows).toHaveLength(3);
    // An endpoint id that is no id lists nothing and reaches no query.
    expect((await listDeliveries(t.reseller.id, "not-a-uuid")).rows).toEqual([]);
    expect(await countFailedDeliveries(t.reseller.id, "'; DROP TABLE webhook_delivery; --")).toBe(0);
  });

  it("give the first page for a cursor made up, cut short or out of range, never an error", async () => {
    const first = await listDeliveries(t.reseller.id, endpointId, { limit: PAGE });
    const uuid = expected[0]!.id;
    const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64url");
    const bad = [
      "garbage",
      "%%%",
      "",
      first.nextCursor!.slice(0, 10),
      b64(`2026-11-01T10:00:00.000Z|not-a-uuid`),
      b64(`not a time|${uuid}`),
      b64(`+275760-09-13T00:00:00.000Z|${uuid}`),
      b64(`0001-01-01T00:00:00.000Z|${uuid}`),
      "x".repeat(5_000),
    ];
    for (const cursor of bad) {
      for (const key of ["after", "before"] as const) {
        const page = await listDeliveries(t.reseller.id, endpointId, { limit: PAGE, [key]: cursor });
        expect(page.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
        expect(page.prevCursor).toBeNull();
      }
    }
    // A well-formed cursor past every row gives an empty page, not an error.
    const pastAll = encodeCursor({ at: new Date(BASE - 60_000), id: uuid });
    expect(await listDeliveries(t.reseller.id, endpointId, { after: pastAll })).toMatchObject({
      rows: [],
      nextCursor: null,
    });
  });

  it("read the failed ones through a partial index of the failed rows", async () => {
    const [index] = await db().$queryRaw<{ indexdef: string }[]>`
      SELECT indexdef FROM pg_indexes WHERE indexname = 'webhook_delivery_endpoint_failed'`;
    expect(index?.indexdef).toMatch(/\(endpoint_id, created_at DESC, id DESC\) WHERE \(status = 'failed'/);
  });
});
