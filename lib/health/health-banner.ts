// The warning shown on every support page: work is waiting and no worker is alive, or
// orders are held for a person (refused credentials, or a check that could not decide). Cheap enough for every request:
// two indexed probes and a count of held orders, sent as plain SQL, and the queues' waiting counts (which time out fast when
// Redis is away) (docs/benchmarks/pages.md "Pages: the support list's rows").

import { assertStaff, type Viewer } from "@/lib/auth/session";
import { Prisma, sqlRows } from "@/lib/db";
import { waitingJobCount } from "@/lib/jobs/queue-counts";
import { hasFreshWorker } from "./workers";

/** `count` (jobs waiting, orders held) lets a page say the same in the viewer's language. */
export type HealthAlert = { kind: "no-worker" | "held"; count: number; message: string };

export async function getHealthAlerts(viewer: Viewer): Promise<HealthAlert[]> {
  assertStaff(viewer);
  const [waitingJobs, fresh, queuedInDb, held] = await Promise.all([
    waitingJobCount(),
    hasFreshWorker(viewer),
    // Postgres is the truth: queued orders are waiting work even when Redis lost the jobs.
    sqlRows<{ one: number }>(Prisma.sql`SELECT 1 AS one FROM "order" WHERE status = 'queued' LIMIT 1`).then(
      (rows) => rows.length > 0,
    ),
    sqlRows<{ n: number }>(Prisma.sql`SELECT count(*)::int AS n FROM "order" WHERE status = 'held'`).then(
      ([row]) => row?.n ?? 0,
    ),
  ]);
  const alerts: HealthAlert[] = [];
  if (!fresh && (waitingJobs > 0 || queuedInDb)) {
    alerts.push({
      kind: "no-worker",
      count: waitingJobs,
      message: `Work is waiting (${waitingJobs} job${waitingJobs === 1 ? "" : "s"} in the queues) and no worker is running (no heartbeat in the last few seconds). Start a worker.`,
    });
  }
  if (held > 0) {
    alerts.push({
      kind: "held",
      count: held,
      message: `${held} order${held === 1 ? " is" : "s are"} on hold for a person: refused credentials to fix, or a check at the provider that could not decide. Each one's last error says which.`,
    });
  }
  return alerts;
}
