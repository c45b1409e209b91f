import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ButtonLink } from "@/app/ui/button";
import { PageHeader } from "@/app/ui/page-header";
import { StatusPill } from "@/app/ui/status-pill";
import { EmptyRow, Table, Td, Th } from "@/app/ui/table";
import { TimeText } from "@/app/ui/time-text";
import { requireResellerAccess } from "@/lib/auth/session";
import { kindLabel } from "@/lib/orders/vocabulary";
import { getService, serviceAudit, serviceOrders } from "@/lib/services/queries";
import { refreshService } from "@/lib/services/read-live";
import { ResellerNav } from "../../_components/reseller-nav";
import { UpstreamStateBadge } from "../../_components/services-table";
import { ActivationPanel } from "./activation-panel";
import { AutoRefresh } from "./auto-refresh";
import { ManageSection } from "./manage-section";
import { ACTION_LABELS, SettingsList } from "./settings-list";

export const metadata: Metadata = { title: "Service" };
export const dynamic = "force-dynamic";

export default async function ServicePage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const { reseller } = await requireResellerAccess(slug);
  const service = await getService(reseller.id, id);
  if (!service) notFound();
  // Read from the provider on every view (and every auto-refresh): the page shows what is true now.
  const reading = service.status === "active" ? await refreshService(service) : undefined;
  const state = reading?.ok ? reading.state : service.upstreamState;
  const settings = (reading?.ok ? reading.settings : (service.settings ?? {})) as Record<string, unknown>;
  const orders = await serviceOrders(reseller.id, service);
  const audit = await serviceAudit(
    reseller.id,
    orders.map((o) => o.id),
    service.id,
  );

  return (
    <>
      <ResellerNav slug={slug} current="services" />
      <AutoRefresh seconds={30} />
      <main>
        <PageHeader
          title={service.displayName}
          description={`${kindLabel(service.kind)} of ${service.customer.name} · reference ${service.upstreamRef}`}
          actions={
            <>
              <ButtonLink href={`/r/${slug}/services/${service.id}`}>Refresh from the provider</ButtonLink>
              <ButtonLink href={`/r/${slug}/customers/${service.customer.id}`}>Customer</ButtonLink>
            </>
          }
        />
        <p className="mb-4 flex flex-wrap items-center gap-2 text-sm">
          <span>State at the provider:</span>
          <span data-testid="service-state">
            <UpstreamStateBadge state={state} status={service.status} />
          </span>
          {reading && !reading.ok ? <span className="text-red-800">{reading.message}</span> : null}
          {service.readAt && !reading?.ok ? (
            <span className="text-slate-700">
              (last read <TimeText at={service.readAt} />)
            </span>
          ) : null}
        </p>
        <ActivationPanel slug={slug} service={service} state={state} settings={settings} />
        <section aria-labelledby="settings-title" className="mb-6">
          <h2 id="settings-title" className="mb-2 text-lg font-semibold">
            Current settings
          </h2>
          <SettingsList settings={settings} />
        </section>
        <ManageSection slug={slug} service={service} state={state} settings={settings} />
        <section aria-labelledby="orders-title" className="mb-6">
          <h2 id="orders-title" className="mb-2 text-lg font-semibold">
            Order history
          </h2>
          <Table caption="Orders of this service, newest first">
            <thead>
              <tr>
                <Th>What</Th>
                <Th>Status</Th>
                <Th>Placed</Th>
                <Th>Note</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {orders.length === 0 ? <EmptyRow colSpan={4}>No orders.</EmptyRow> : null}
              {orders.map((o) => (
                <tr key={o.id}>
                  <Td>
                    <Link
                      className="text-blue-800 underline-offset-2 hover:underline"
                      href={`/r/${slug}/orders/${o.id}`}
                    >
                      {ACTION_LABELS[o.action] ?? o.action}
                    </Link>
                  </Td>
                  <Td>
                    <StatusPill status={o.status} />
                  </Td>
                  <Td className="whitespace-nowrap">
                    <TimeText at={o.createdAt} />
                  </Td>
                  <Td>{o.status === "failed" ? o.lastError : null}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </section>
        <section aria-labelledby="audit-title">
          <h2 id="audit-title" className="mb-2 text-lg font-semibold">
            Audit trail
          </h2>
          <ol className="space-y-1 text-sm">
            {audit.map((e) => (
              <li key={String(e.id)} className="flex flex-wrap gap-x-3">
                <TimeText at={e.at} />
                <span className="font-mono text-xs">{e.action}</span>
                <span>{e.actorType === "user" ? (e.actorLabel ?? "a person") : "the system"}</span>
                {e.reason ? <span className="text-slate-700">{e.reason}</span> : null}
              </li>
            ))}
          </ol>
        </section>
      </main>
    </>
  );
}
