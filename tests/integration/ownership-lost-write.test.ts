// Behaviour 6, "no 15-minute limbo" (docs/reliability.md "Deadlines"): a worker that loses its
// own database write — here its connection to Postgres is cut while its create is in flight, so
// neither the outcome nor its own release can be written — stays alive, and its order is
// released by the relay once its heartbeat no longer lists the attempt, not at a hard limit.
// The create had committed upstream, so the release leads to a lookup and one resource.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { portalText } from "@/lib/i18n/portal-texts";
import { spawnWorker } from "../../scripts/lib/worker-process";
import { startProxy } from "../support/tcp-proxy";
import { attemptsOf } from "./ownership-kit";
import { fault, forms, ledgerFor, makeTenant, pipelineFileHooks, place, uniq, waitForOrder } from "./pipeline-fixtures";

pipelineFileHooks();

describe("no 15-minute limbo", () => {
  it("an order whose worker lost its own write is released by its heartbeat while the worker lives", async () => {
    const pg = new URL(process.env.DATABASE_URL!);
    const proxy = await startProxy({ host: pg.hostname, port: Number(pg.port) });
    const viaProxy = new URL(pg);
    viaProxy.port = String(proxy.port);
    // STUCK_AFTER_MINUTES is 15: the old hard limit. Nothing here may wait for it.
    const w = spawnWorker({
      DATABASE_URL: viaProxy.toString(),
      UPSTREAM_TIMEOUT_MS: "2500",
      STUCK_AFTER_MINUTES: "15",
    });
    await w.waitForOutput(/worker started/);

    const name = `lw${uniq()}.example.com`;
    await fault("qboxmail", { method: "POST", path: "/api/domains", count: 1, action: "delay", ms: 2_000 });
    const t = await makeTenant();
    const r = await place(t, "qboxmail_domain", forms.qboxmail_domain(name));
    if (!r.ok) throw new Error("not placed");
    expect(await waitForOrder(r.orderId, (o) => o.status === "provisioning", 10_000)).toMatchObject({
      status: "provisioning",
    });
    // The create still commits upstream; the worker cannot write what came of it. The answer
    // takes 2 s, so the cut comes before it; the database comes back only once the worker has
    // failed its job for want of it (workers/main.ts logs every failed job).
    proxy.cut();
    await w.waitForOutput(/provisioning job failed/, 20_000);
    proxy.restore();
    // The hard limit (15 minutes) lies far beyond this wait: only the heartbeat can release it here.
    const released = await waitForOrder(r.orderId, (o) => o.status !== "provisioning", 20_000);
    // The worker's own output says why when it did not (it crashed, or its relay stalled).
    expect(released.status, w.output().slice(-3000)).not.toBe("provisioning");
    expect(w.child.exitCode).toBeNull();
    // Released by the relay as an attempt its living worker lost track of (lib/orders/relay.ts),
    // to be looked up: not by the worker itself failing or stopping, which use other words.
    const release = await db().auditEvent.findFirstOrThrow({
      where: { orderId: r.orderId, action: "order.unknown" },
      orderBy: { id: "asc" },
    });
    expect(release).toMatchObject({
      actorType: "system",
      actorLabel: "relay",
      reason: portalText("workerLost"),
      before: { status: "provisioning" },
    });

    const o = await waitForOrder(r.orderId, (x) => x.status === "succeeded" || x.status === "failed", 30_000);
    const l = await ledgerFor("qboxmail", name);
    expect(l.created).toHaveLength(1);
    expect(o).toMatchObject({ status: "succeeded", upstreamRef: l.created[0]!.ref });
    const attempts = await attemptsOf(r.orderId);
    expect(attempts[0]).toMatchObject({ kind: "create", outcome: "abandoned", message: portalText("workerLost") });
    expect(attempts.at(-1)).toMatchObject({ kind: "lookup", outcome: "found" });
    expect(await db().workerHeartbeat.count({ where: { pid: w.child.pid! } })).toBe(1);
    await proxy.close();
  });
});
