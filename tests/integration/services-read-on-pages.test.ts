// A page listing services (a customer's page) reads each from its provider only when its last
// reading is older than FRESH_READING_MS (lib/services/read-live.ts refreshStale): a reload soon
// after costs the provider, whose rate limits the workers share, nothing more.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { FRESH_READING_MS, refreshStale, refreshUnlessRecent } from "@/lib/services/read-live";
import { fault, fileTenant, forms, succeededService, uniq } from "./pipeline-fixtures";

const t = fileTenant({ limits: { maxServers: 5 }, worker: {} });

const server = async () =>
  (await succeededService(t, "grommunio_server", forms.grommunio_server(`rp${uniq()}.example.com`))).service;

describe("services read for a page", () => {
  it("are read from the provider only when their last reading is stale", async () => {
    const [fresh, stale, never] = [await server(), await server(), await server()];
    const justNow = new Date(Date.now() - 1_000);
    const longAgo = new Date(Date.now() - FRESH_READING_MS - 1_000);
    await db().service.update({ where: { id: fresh.id }, data: { readAt: justNow } });
    await db().service.update({ where: { id: stale.id }, data: { readAt: longAgo } });
    await db().service.update({ where: { id: never.id }, data: { readAt: null } });
    const rows = await db().service.findMany({
      where: { id: { in: [fresh.id, stale.id, never.id] } },
      select: { id: true, kind: true, upstreamRef: true, naturalKey: true, readAt: true },
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const readings = await refreshStale([fresh.id, stale.id, never.id].map((id) => byId.get(id)!));

    expect(readings[0]).toBeUndefined();
    expect(readings.slice(1).map((r) => r?.ok)).toEqual([true, true]);
    const after = new Map(
      (await db().service.findMany({ where: { id: { in: [fresh.id, stale.id, never.id] } } })).map((r) => [
        r.id,
        r.readAt,
      ]),
    );
    expect(after.get(fresh.id)).toEqual(justNow);
    expect(after.get(stale.id)!.getTime()).toBeGreaterThan(longAgo.getTime());
    expect(after.get(never.id)).not.toBeNull();
  });

  it("share one read between those asking at once, and after a failed read ask the provider again only once the reading would be stale", async () => {
    const s = await server();
    const row = { id: s.id, kind: s.kind, upstreamRef: s.upstreamRef, naturalKey: s.naturalKey, readAt: null };
    // The provider answers 503 (the workers' rate limits, an outage): no read_at is stored.
    await fault("grommunio", {
      method: "GET",
      path: `/system/servers/${s.upstreamRef}`,
      count: 1,
      action: "status",
      status: 503,
    });
    const [first, second] = [refreshUnlessRecent(row), refreshUnlessRecent(row)];
    expect(first).toBe(second);
    expect((await first)?.ok).toBe(false);
    // Polled again at once: the provider is not asked (the fault is used up, so a read would pass).
    expect(await refreshUnlessRecent(row)).toBeUndefined();
    // Once the pause is over, it is read again.
    expect((await refreshUnlessRecent(row, Date.now() + FRESH_READING_MS + 1_000))?.ok).toBe(true);
  });
});
