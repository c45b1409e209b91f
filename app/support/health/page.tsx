import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { PageHeader } from "@/app/ui/page-header";
import { EmptyRow, Table, Td, Th } from "@/app/ui/table";
import { formatAge, TimeText } from "@/app/ui/time-text";
import { requireRole } from "@/lib/auth/session";
import { getQueueHealth } from "@/lib/health/queue-health";
import { getProviderStats, getWorkerHeartbeats } from "@/lib/health/workers";
import { floorShare, PERCENT } from "@/lib/i18n/formats";
import { providerLabel } from "@/lib/orders/vocabulary";
import { HealthBanner } from "../_components/health-banner";
import { SupportNav } from "../_components/support-nav";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  await requireRole("support", "admin");
  return { title: (await getTranslations("supportHealth"))("title") };
}

export default async function HealthPage() {
  const viewer = await requireRole("support", "admin");
  const [queues, workers, providers, t, format] = await Promise.all([
    getQueueHealth(viewer),
    getWorkerHeartbeats(viewer),
    getProviderStats(viewer),
    getTranslations("supportHealth"),
    getFormatter(),
  ]);
  const ms = (value: number | null) => (value === null ? "—" : t("ms", { ms: format.number(value) }));
  return (
    <main id="main">
      <PageHeader title={t("title")} description={t("description")} />
      <SupportNav role={viewer.role} current="/support/health" />
      <HealthBanner viewer={viewer} />
      <h2 className="mb-2 text-lg font-semibold">{t("queuesTitle")}</h2>
      <Table caption={t("queuesTitle")}>
        <thead>
          <tr>
            <Th>{t("queue")}</Th>
            <Th>{t("waiting")}</Th>
            <Th>{t("active")}</Th>
            <Th>{t("delayed")}</Th>
            <Th>{t("oldestWaiting")}</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {queues.map((q) =>
            q.ok ? (
              <tr key={q.name} data-queue={q.name}>
                <Td className="font-mono">{q.name}</Td>
                <Td>{format.number(q.waiting)}</Td>
                <Td>{format.number(q.active)}</Td>
                <Td>{format.number(q.delayed)}</Td>
                <Td>{formatAge(q.oldestWaitingAgeMs, (n) => format.number(n))}</Td>
              </tr>
            ) : (
              <tr key={q.name}>
                <Td className="font-mono">{q.name}</Td>
                <Td colSpan={4} className="text-red-800">
                  {t("queueUnreadable", { error: q.error })}
                </Td>
              </tr>
            ),
          )}
        </tbody>
      </Table>
      <h2 className="mb-2 mt-6 text-lg font-semibold">{t("workersTitle")}</h2>
      <Table caption={t("workersCaption")}>
        <thead>
          <tr>
            <Th>{t("worker")}</Th>
            <Th>{t("hostPid")}</Th>
            <Th>{t("queues")}</Th>
            <Th>{t("activeJobs")}</Th>
            <Th>{t("started")}</Th>
            <Th>{t("lastSeen")}</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {workers.length === 0 ? <EmptyRow colSpan={6}>{t("noWorker")}</EmptyRow> : null}
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
                  ({w.fresh ? t("alive") : t("silent")})
                </span>
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <h2 className="mb-2 mt-6 text-lg font-semibold">{t("callsTitle")}</h2>
      <Table caption={t("callsCaption")}>
        <thead>
          <tr>
            <Th>{t("provider")}</Th>
            <Th>{t("calls")}</Th>
            <Th>{t("successRate")}</Th>
            <Th>{t("p50")}</Th>
            <Th>{t("p95")}</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {providers.map((p) => (
            <tr key={p.provider}>
              <Td>{providerLabel(p.provider)}</Td>
              <Td>{format.number(p.calls)}</Td>
              <Td>{p.successRate === null ? "—" : format.number(floorShare(p.successRate), PERCENT)}</Td>
              <Td>{ms(p.p50Ms)}</Td>
              <Td>{ms(p.p95Ms)}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </main>
  );
}
