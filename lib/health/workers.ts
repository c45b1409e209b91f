// Worker heartbeats and per-provider call statistics for the health page.

import { assertStaff, type Viewer } from "@/lib/auth/session";
import { db, Prisma, sqlRows } from "@/lib/db";
import type { Provider } from "@/lib/generated/prisma/enums";
import { freshHeartbeat } from "@/lib/jobs/heartbeat-freshness";

export type WorkerView = {
  workerId: string;
  host: string;
  pid: number;
  queues: string[];
  startedAt: Date;
  lastSeen: Date;
  active: number;
  fresh: boolean;
};

/** Support and admin only (checked here too, not only by the page). */
export async function getWorkerHeartbeats(viewer: Viewer): Promise<WorkerView[]> {
  assertStaff(viewer);
  return sqlRows<WorkerView>(Prisma.sql`
    SELECT worker_id AS "workerId", host, pid, queues, started_at AS "startedAt", last_seen AS "lastSeen", active,
           ${freshHeartbeat()} AS fresh
    FROM worker_heartbeat ORDER BY last_seen DESC LIMIT 100`);
}

export async function hasFreshWorker(viewer: Viewer): Promise<boolean> {
  assertStaff(viewer);
  // On every support page (the health banner): plain SQL, and it stops at the first fresh worker.
  const rows = await sqlRows<{ one: number }>(
    Prisma.sql`SELECT 1 AS one FROM worker_heartbeat WHERE ${freshHeartbeat()} LIMIT 1`,
  );
  return rows.length > 0;
}

export type ProviderStats = {
  provider: Provider;
  calls: number;
  successRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
};

/**
 * Finished upstream calls of the last hour. A call "succeeded" when the upstream answered as
 * hoped: created, or a lookup that found or ruled out the resource. Abandoned attempts (a worker
 * shut down) are no upstream's fault and are left out.
 */
/** Support and admin only (checked here too, not only by the page). */
export async function getProviderStats(viewer: Viewer, now = new Date()): Promise<ProviderStats[]> {
  assertStaff(viewer);
  const since = new Date(now.getTime() - 3_600_000).toISOString();
  const rows = await db().$queryRaw<
    Array<{ provider: Provider; calls: bigint; ok: bigint; p50: number | null; p95: number | null }>
  >`
    SELECT o.provider, count(*) AS calls,
      count(*) FILTER (WHERE a.outcome IN ('succeeded', 'found', 'absent')) AS ok,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY a.duration_ms) AS p50,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY a.duration_ms) AS p95
    FROM attempt a JOIN "order" o ON o.id = a.order_id
    WHERE a.started_at >= ${since}::timestamptz AND a.started_at < ${now.toISOString()}::timestamptz AND a.outcome IS NOT NULL AND a.outcome <> 'abandoned'
    GROUP BY o.provider`;
  const byProvider = new Map(rows.map((r) => [r.provider, r]));
  return (["grommunio", "qboxmail"] as const).map((provider) => {
    const r = byProvider.get(provider);
    const calls = Number(r?.calls ?? 0);
    return {
      provider,
      calls,
      successRate: calls ? Number(r!.ok) / calls : null,
      p50Ms: r?.p50 == null ? null : Math.round(Number(r.p50)),
      p95Ms: r?.p95 == null ? null : Math.round(Number(r.p95)),
    };
  });
}
