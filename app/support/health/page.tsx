import type { Metadata } from "next";
import { PageHeader } from "@/app/ui/page-header";
import { EmptyRow, Table, Td, Th } from "@/app/ui/table";
import { formatAge, TimeText } from "@/app/ui/time-text";
import { requireRole } from "@/lib/auth/session";
import { getQueueHealth } from "@/lib/health/queue-health";
import { getProviderStats, getWorkerHeartbeats } from "@/lib/health/workers";
import { providerLabel } from "@/lib/orders/vocabulary";
import { HealthBanner } from "../_components/health-banner";
import { SupportNav } from "../_components/support-nav";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Health" };

export default async function HealthPage() {
  const viewer = await requireRole("support", "admin");
  const [queues, workers, providers] = await Promise.all([
    getQueueHealth(viewer),
    getWorkerHeartbeats(viewer),
    getProviderStats(viewer),
  ]);
  return (
    <main>
      <PageHeader title="Health" description="Queues, workers and upstream calls of the last hour." />
      <SupportNav role={viewer.role} current="/support/health" />
      <HealthBanner viewer={viewer} />
      <h2 className="mb-2 text-lg font-semibold">Queues</h2>
      <Table caption="Queues">
        <thead>
          <tr>
            <Th>Queue</Th>
            <Th>Waiting</Th>
            <Th>Active</Th>
            <Th>Delayed</Th>
            <Th>Failed</Th>
            <Th>Oldest waiting job</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {queues.map((q) =>
            q.ok ? (
              <tr key={q.name} data-queue={q.name}>
                <Td className="font-mono">{q.name}</Td>
                <Td>{q.waiting}</Td>
                <Td>{q.active}</Td>
                <Td>{q.delayed}</Td>
                <Td>{q.failed}</Td>
                <Td>{formatAge(q.oldestWaitingAgeMs)}</Td>
              </tr>
            ) : (
              <tr key={q.name}>
                <Td className="font-mono">{q.name}</Td>
                <Td colSpan={5} className="text-red-800">
                  {q.error}
                </Td>
              </tr>
            ),
          )}
        </tbody>
      </Table>
      <h2 className="mb-2 mt-6 text-lg font-semibold">Workers</h2>
      <Table caption="Worker heartbeats">
        <thead>
          <tr>
            <Th>Worker</Th>
            <Th>Host / pid</Th>
            <Th>Queues</Th>
            <Th>Active jobs</Th>
            <Th>Started</Th>
            <Th>Last seen</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {workers.length === 0 ? <EmptyRow colSpan={6}>No worker has ever reported.</EmptyRow> : null}
          {workers.map((w) => (
            <tr key={w.workerId}>
              <Td className="font-mono text-xs">{w.workerId}</Td>
              <Td>
                {w.host} / {w.pid}
              </Td>
              <Td className="text-xs">{w.queues.join(", ")}</Td>
              <Td>{w.active}</Td>
              <Td>
                <TimeText at={w.startedAt} />
              </Td>
              <Td>
                <TimeText at={w.lastSeen} />{" "}
                <span className={w.fresh ? "text-green-800" : "font-medium text-red-800"}>
                  ({w.fresh ? "alive" : "silent"})
                </span>
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <h2 className="mb-2 mt-6 text-lg font-semibold">Upstream calls, last hour</h2>
      <Table caption="Upstream calls per provider">
        <thead>
          <tr>
            <Th>Provider</Th>
            <Th>Calls</Th>
            <Th>Success rate</Th>
            <Th>Latency p50</Th>
            <Th>Latency p95</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {providers.map((p) => (
            <tr key={p.provider}>
              <Td>{providerLabel(p.provider)}</Td>
              <Td>{p.calls}</Td>
              <Td>{p.successRate === null ? "—" : `${(p.successRate * 100).toFixed(1)} %`}</Td>
              <Td>{p.p50Ms === null ? "—" : `${p.p50Ms} ms`}</Td>
              <Td>{p.p95Ms === null ? "—" : `${p.p95Ms} ms`}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </main>
  );
}
