import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { getDashboardData, STATUS_COUNT_CAP, successRate } from "@/lib/dashboard/dashboard-data";
import { db, disconnectDb } from "@/lib/db";
import type { OrderKind, OrderStatus } from "@/lib/generated/prisma/enums";

async function tenant(limits: { maxDomains: number; maxManagers: number; maxServers: number }) {
  const r = await db().reseller.create({ data: { name: "Dash", slug: `dash-${randomUUID().slice(0, 8)}`, ...limits } });
  const u = await db().user.create({
    data: { email: `${randomUUID()}@t.test`, name: "D", role: "reseller", resellerId: r.id, passwordHash: "x" },
  });
  const c = await db().customer.create({ data: { resellerId: r.id, name: "Cust" } });
  const add = (kind: OrderKind, status: OrderStatus, createdAt: Date) =>
    db().order.create({
      data: {
        resellerId: r.id,
        customerId: c.id,
        createdById: u.id,
        kind,
        provider: kind.startsWith("qboxmail") ? "qboxmail" : "grommunio",
        status,
        naturalKey: `${randomUUID()}.test`,
        displayName: "x.test",
        payload: {},
        idempotencyKey: randomUUID(),
        createdAt,
      },
    });
  return { id: r.id, add };
}

describe("reseller dashboard data", () => {
  afterAll(disconnectDb);

  it("counts by status, lists what needs attention, measures usage and charts 30 UTC days", async () => {
    const now = new Date("2026-11-25T10:00:00Z");
    const t = await tenant({ maxDomains: 5, maxManagers: 2, maxServers: 1 });
    const other = await tenant({ maxDomains: 5, maxManagers: 2, maxServers: 1 });
    await t.add("qboxmail_domain", "succeeded", new Date("2026-11-25T01:00:00Z"));
    await t.add("grommunio_domain", "failed", new Date("2026-11-25T02:00:00Z"));
    await t.add("grommunio_domain", "succeeded", new Date("2026-11-24T23:59:59Z"));
    await t.add("qboxmail_manager", "held", new Date("2026-11-20T12:00:00Z"));
    await t.add("grommunio_server", "cancelled", new Date("2026-11-20T12:00:00Z"));
    await t.add("qboxmail_domain", "retrying", new Date("2026-10-01T12:00:00Z")); // older than 30 days
    await other.add("qboxmail_domain", "failed", new Date("2026-11-25T03:00:00Z"));

    const d = await getDashboardData(t.id, now);
    expect(d.customers).toBe(1);
    expect(d.byStatus).toEqual({ succeeded: 2, failed: 1, held: 1, cancelled: 1, retrying: 1 });
    expect(d.attention.map((o) => o.status)).toEqual(["failed", "held", "retrying"]);
    expect(d.recent).toHaveLength(6);
    // Failed and cancelled orders do not count against the limits (as in the pipeline's check).
    expect(d.usage).toEqual([
      { label: "Domains", used: 3, max: 5, over: false },
      { label: "Qboxmail managers", used: 1, max: 2, over: false },
      { label: "grommunio servers", used: 0, max: 1, over: false },
    ]);
    expect(d.days).toHaveLength(30);
    expect(d.days[0]?.day).toBe("2026-10-27");
    expect(d.days[29]).toEqual({ day: "2026-11-25", placed: 2, succeeded: 1, failed: 1 });
    expect(d.days[28]).toEqual({ day: "2026-11-24", placed: 1, succeeded: 1, failed: 0 });
    expect(d.days.find((x) => x.day === "2026-11-20")?.placed).toBe(2);
    expect(d.days.reduce((s, x) => s + x.placed, 0)).toBe(5);
  });

  it("charts the viewer's calendar days: an order after midnight in Rome or Kathmandu is on that day there", async () => {
    const now = new Date("2026-11-25T10:00:00Z");
    const t = await tenant({ maxDomains: 5, maxManagers: 2, maxServers: 1 });
    await t.add("qboxmail_domain", "succeeded", new Date("2026-11-24T23:30:00Z")); // 00:30 in Rome
    await t.add("qboxmail_domain", "failed", new Date("2026-11-24T18:20:00Z")); // 00:05 in Kathmandu (+5:45)
    const placed = async (timeZone: string) =>
      Object.fromEntries(
        (await getDashboardData(t.id, now, timeZone)).days.filter((d) => d.placed > 0).map((d) => [d.day, d.placed]),
      );
    expect(await placed("UTC")).toEqual({ "2026-11-24": 2 });
    expect(await placed("Europe/Rome")).toEqual({ "2026-11-24": 1, "2026-11-25": 1 });
    expect(await placed("Asia/Kathmandu")).toEqual({ "2026-11-25": 2 });
    // Today is the viewer's: at 10:00 UTC it is already 26 November at Kiritimati (+14).
    const kiritimati = await getDashboardData(t.id, now, "Pacific/Kiritimati");
    expect(kiritimati.days.at(-1)?.day).toBe("2026-11-26");
    expect(kiritimati.days.filter((d) => d.placed > 0).map((d) => d.day)).toEqual(["2026-11-25"]);
  });

  it("stops counting a status at the cap and usage one past the limit, saying so", async () => {
    const t = await tenant({ maxDomains: 2, maxManagers: 2, maxServers: 1 });
    const { userId, customerId } = (
      await db().$queryRaw<{ userId: string; customerId: string }[]>`
        SELECT u.id AS "userId", c.id AS "customerId" FROM app_user u JOIN customer c ON c.reseller_id = u.reseller_id
        WHERE u.reseller_id = ${t.id}::uuid`
    )[0]!;
    // Succeeded domain orders numbered from..to, written in one statement.
    const succeeded = (from: number, to: number) => db().$executeRaw`
      INSERT INTO "order" (id, reseller_id, customer_id, created_by_id, kind, provider, status, natural_key,
        display_name, payload, idempotency_key, version, created_at, updated_at)
      SELECT gen_random_uuid(), ${t.id}::uuid, ${customerId}::uuid, ${userId}::uuid, 'qboxmail_domain', 'qboxmail',
        'succeeded', 'cap' || g || '.test', 'cap' || g || '.test', '{}'::jsonb, 'cap-' || g, 1,
        now() - g * interval '1 second', now()
      FROM generate_series(${from}::int, ${to}::int) g`;
    await succeeded(1, STATUS_COUNT_CAP);
    await t.add("qboxmail_manager", "held", new Date());
    await t.add("qboxmail_manager", "failed", new Date());
    // Exactly the cap is counted exactly, so the page says 1,000, not "more than 1,000".
    expect((await getDashboardData(t.id)).byStatus).toEqual({ succeeded: STATUS_COUNT_CAP, held: 1, failed: 1 });
    await succeeded(STATUS_COUNT_CAP + 1, STATUS_COUNT_CAP + 1);

    const d = await getDashboardData(t.id);
    // One past the cap: "more than".
    expect(d.byStatus).toEqual({ succeeded: STATUS_COUNT_CAP + 1, held: 1, failed: 1 });
    expect(d.usage).toEqual([
      { label: "Domains", used: 3, max: 2, over: true },
      { label: "Qboxmail managers", used: 1, max: 2, over: false },
      { label: "grommunio servers", used: 0, max: 1, over: false },
    ]);
  });

  it("lists the newest eight needing attention across the statuses, and the newest eight of all", async () => {
    const t = await tenant({ maxDomains: 50, maxManagers: 50, maxServers: 50 });
    const at = (minutes: number) => new Date(Date.UTC(2026, 10, 20, 12, minutes));
    // Three of each attention status, interleaved in time, and older succeeded ones.
    const statuses: OrderStatus[] = ["failed", "held", "unknown", "retrying"];
    const made: { id: string; status: OrderStatus; at: Date }[] = [];
    for (let i = 0; i < 12; i++) {
      const status = statuses[i % 4]!;
      made.push({ id: (await t.add("qboxmail_domain", status, at(i))).id, status, at: at(i) });
    }
    await t.add("qboxmail_domain", "succeeded", at(-5));
    await t.add("qboxmail_domain", "cancelled", at(13)); // newest of all, needs nothing

    const d = await getDashboardData(t.id, new Date(Date.UTC(2026, 10, 25)));
    const newestFirst = made.sort((a, b) => b.at.getTime() - a.at.getTime());
    expect(d.attention.map((o) => o.id)).toEqual(newestFirst.slice(0, 8).map((o) => o.id));
    expect(d.recent).toHaveLength(8);
    expect(d.recent[0]?.status).toBe("cancelled");
    expect(d.recent.slice(1).map((o) => o.id)).toEqual(newestFirst.slice(0, 7).map((o) => o.id));
    // An order in both lists is the same row, summary included.
    expect(d.recent[1]).toEqual(d.attention[0]);
    expect(d.attention[0]?.sentence).toBeTruthy();
  });

  it("leaves out of 'needs attention' a failed order the reseller has dealt with since", async () => {
    const t = await tenant({ maxDomains: 50, maxManagers: 50, maxServers: 50 });
    const at = (minutes: number) => new Date(Date.UTC(2026, 10, 20, 12, minutes));
    const orders = db().order;
    const first = await orders.findFirstOrThrow({
      where: { id: (await t.add("qboxmail_domain", "succeeded", at(0))).id },
    });
    const service = await db().service.create({
      data: {
        resellerId: t.id,
        customerId: first.customerId,
        kind: "qboxmail_domain",
        provider: "qboxmail",
        upstreamRef: `D${randomUUID().slice(0, 8)}`,
        naturalKey: first.naturalKey,
        displayName: first.naturalKey,
        createOrderId: first.id,
      },
    });
    const asChange = async (o: { id: string }, action: "change" | "suspend" | "delete", set?: object) =>
      orders.update({
        where: { id: o.id },
        data: { action, serviceId: service.id, naturalKey: first.naturalKey, payload: set ? { set } : {} },
      });
    // A failed change, then a later change of the same field that did not fail: dealt with.
    const redone = await asChange(await t.add("qboxmail_domain", "failed", at(1)), "change", { max_email_accounts: 9 });
    await asChange(await t.add("qboxmail_domain", "succeeded", at(2)), "change", {
      max_email_accounts: 9,
      company: "C",
    });
    // A failed change of another field, redone only by a change of something else: still there.
    const otherField = await asChange(await t.add("qboxmail_domain", "failed", at(2)), "change", { language: "it" });
    // A failed suspension followed by a cancelled one and a change: still needs attention.
    const open = await asChange(await t.add("qboxmail_domain", "failed", at(3)), "suspend");
    await asChange(await t.add("qboxmail_domain", "cancelled", at(3)), "suspend");
    // A failed create ordered again since (edit and resubmit): dealt with.
    const resubmitted = await t.add("qboxmail_domain", "failed", at(4));
    await orders.update({
      where: { id: (await t.add("qboxmail_domain", "queued", at(5))).id },
      data: { naturalKey: resubmitted.naturalKey },
    });
    // A failed create of a name that is a live service of the reseller's: dealt with.
    const live = await t.add("qboxmail_domain", "failed", at(6));
    await orders.update({ where: { id: live.id }, data: { naturalKey: first.naturalKey } });
    // A failed create nobody dealt with: still there.
    const left = await t.add("qboxmail_domain", "failed", at(7));

    const d = await getDashboardData(t.id, new Date(Date.UTC(2026, 10, 25)));
    expect(d.attention.map((o) => o.id)).toEqual([left.id, open.id, otherField.id]);
    expect(d.attention.map((o) => o.id)).not.toContain(redone.id);
  });

  it("computes the success rate over finished orders only", () => {
    expect(successRate({ succeeded: 3, failed: 1 })).toBe(0.75);
    expect(successRate({ succeeded: 0, failed: 0 })).toBeNull();
  });
});
