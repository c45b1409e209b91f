// A rolling restart under load: orders are placed at a steady rate while the running worker gets
// SIGTERM and a new one takes over, twice (the second time with a grace too short for the calls
// in flight, so they are released and looked up). Nothing may be lost (every order succeeds)
// and nothing duplicated (one upstream resource per order, no create refused as a duplicate,
// one succeeded step per order).

import { expect, it } from "vitest";
import { db } from "@/lib/db";
import type { WorkerProcess } from "../../scripts/lib/worker-process";
import { makeTenant, type Tenant } from "../factories";
import { fault, forms, ledger, pipelineFileHooks, place, startWorker, uniq, waitForOrder } from "./pipeline-fixtures";

const RATE_PER_SECOND = 10;
const LOAD_SECONDS = 9;
let t: Tenant;

pipelineFileHooks({
  setup: async () => {
    t = await makeTenant({ limits: { maxDomains: 10_000, maxManagers: 10_000 } });
  },
});

const start = async (grace: string): Promise<WorkerProcess> => {
  return startWorker({ UPSTREAM_TIMEOUT_MS: "2500", WORKER_SHUTDOWN_GRACE_MS: grace, MAX_ATTEMPTS: "20" });
};

async function waitForCallsInFlight(pid: number, atLeast: number): Promise<void> {
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    const [row] = await db().$queryRaw<{ n: number }[]>`
      SELECT coalesce(cardinality(in_flight), 0)::int AS n FROM worker_heartbeat WHERE pid = ${pid}::int`;
    if ((row?.n ?? 0) >= atLeast) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`worker ${pid} never had ${atLeast} calls in flight`);
}

it("loses and duplicates nothing while workers are replaced one after another", async () => {
  // Slow creates, so that calls are in flight whenever a worker is told to stop; far slower than
  // the short grace (300 ms), so that a call in flight at the stop is rarely one about to end
  // (with 800 ms calls, a clean-clone run once saw every call end within the grace).
  await fault("qboxmail", { method: "POST", path: "/api/domains", count: 1_000, action: "delay", ms: 2_000 });
  let current = await start("5000");
  const placed: { id: string; key: string }[] = [];
  const refused: unknown[] = [];
  const placing: Promise<void>[] = [];
  const timer = setInterval(() => {
    const manager = placed.length % 3 === 2;
    const key = manager ? `m${uniq()}@example.com` : `q${uniq()}.example.com`;
    placing.push(
      place(
        t,
        manager ? "qboxmail_manager" : "qboxmail_domain",
        manager ? forms.qboxmail_manager(key) : forms.qboxmail_domain(key),
      ).then((r) => {
        if (r.ok) placed.push({ id: r.orderId, key });
        else refused.push(r);
      }),
    );
  }, 1000 / RATE_PER_SECOND);

  const restarts: { exitCode: number | null; inFlight: number }[] = [];
  // At 3 s and 6 s: first with a grace too short for the slow calls, then with a long one.
  for (const grace of ["300", "5000"]) {
    await new Promise((r) => setTimeout(r, 3_000));
    const next = await start(grace); // the new worker is up before the old one stops
    const old = current;
    // Stop it while calls are in flight (its heartbeat lists them), not whenever the clock says:
    // on a fast machine the 3 s mark can fall between calls.
    await waitForCallsInFlight(old.child.pid!, 3);
    const exitCode = await old.stop();
    const inFlight = Number(/"worker stopping".*?"inFlight":(\d+)/.exec(old.output())?.[1] ?? -1);
    restarts.push({ exitCode, inFlight });
    current = next;
  }
  await new Promise((r) => setTimeout(r, LOAD_SECONDS * 1000 - 6_000));
  clearInterval(timer);
  await Promise.all(placing);

  expect(refused).toEqual([]);
  expect(placed.length).toBeGreaterThanOrEqual(RATE_PER_SECOND * (LOAD_SECONDS - 2));
  expect(restarts.map((r) => r.exitCode)).toEqual([0, 0]);
  // The short grace (300 ms against 2 s calls) cut calls in flight: the case this run is for.
  expect(restarts[0]!.inFlight).toBeGreaterThan(0);

  const final = await Promise.all(
    placed.map((p) =>
      waitForOrder(p.id, (o) => ["succeeded", "failed", "held", "cancelled"].includes(o.status), 90_000),
    ),
  );
  const notSucceeded = final.filter((o) => o.status !== "succeeded").map((o) => `${o.id}: ${o.status} ${o.lastError}`);
  expect(notSucceeded).toEqual([]);

  const l = await ledger("qboxmail");
  for (const p of placed) {
    const key = p.key.toLowerCase();
    expect(
      l.created.filter((c) => c.key === key),
      `${p.key} created once`,
    ).toHaveLength(1);
    expect(
      l.duplicates.filter((d) => d.key === key),
      `${p.key} never created twice`,
    ).toHaveLength(0);
  }
  const succeededSteps = await db().auditEvent.groupBy({
    by: ["orderId"],
    where: { orderId: { in: placed.map((p) => p.id) }, action: "order.succeeded" },
    _count: { _all: true },
  });
  expect(succeededSteps.length).toBe(placed.length);
  expect(succeededSteps.every((s) => s._count._all === 1)).toBe(true);
  // The restarts happened while work was in flight: some attempt was cut short and resumed.
  const abandoned = await db().attempt.count({
    where: { orderId: { in: placed.map((p) => p.id) }, outcome: "abandoned" },
  });
  expect(abandoned).toBeGreaterThanOrEqual(1);
}, 180_000);
