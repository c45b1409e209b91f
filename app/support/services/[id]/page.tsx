import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ChangeForm } from "@/app/r/[slug]/services/[id]/change-form";
import { PageHeader } from "@/app/ui/page-header";
import { StatusPill } from "@/app/ui/status-pill";
import { EmptyRow, Table, Td, Th } from "@/app/ui/table";
import { TimeText } from "@/app/ui/time-text";
import { requireRole } from "@/lib/auth/session";
import { kindLabel } from "@/lib/orders/vocabulary";
import { purgedBy, purgeRefusal } from "@/lib/services/place-purge";
import { getServiceForStaff } from "@/lib/services/queries";
import { upstreamStateLabel } from "@/lib/services/upstream-state";
import { SupportNav } from "../../_components/support-nav";
import { purgeServiceAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Service" };

// A service as support sees it (any reseller): what it is, its orders, and, for administrators,
// the purge of a grommunio domain (docs/lifecycle.md "Purge").
export default async function SupportServicePage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireRole("support", "admin");
  const found = await getServiceForStaff(viewer, (await params).id);
  const services = await getTranslations("services");
  const actionText = (action: string) =>
    ["create", "change", "suspend", "resume", "delete"].includes(action) ? services(`actions.${action}`) : action;
  if (!found) notFound();
  const { service, orders } = found;
  const purged = service.kind === "grommunio_domain" ? await purgedBy(service.id) : undefined;
  const refusal = purged ? `This domain was already purged (order ${purged}).` : purgeRefusal(service);
  const facts: [string, React.ReactNode][] = [
    ["Kind", kindLabel(service.kind)],
    ["Reseller", service.reseller.name],
    ["Customer", service.customer.name],
    [
      "Upstream reference",
      <span key="r" className="font-mono">
        {service.upstreamRef}
      </span>,
    ],
    [
      "In the portal",
      <span key="s" data-testid="service-status">
        {service.status}
      </span>,
    ],
    ["Last read at the provider", `${upstreamStateLabel(service.upstreamState)}`],
    ["Created", <TimeText key="c" at={service.createdAt} />],
    ["Ended", service.endedAt ? <TimeText key="e" at={service.endedAt} /> : "—"],
  ];
  return (
    <main>
      <SupportNav role={viewer.role} current="" />
      <PageHeader title={service.displayName} description={`Service ${service.id}`} />
      <dl className="mb-6 grid grid-cols-1 gap-x-4 gap-y-2 rounded-md border border-slate-200 bg-white p-4 text-sm sm:grid-cols-2">
        {facts.map(([k, v]) => (
          <div key={k}>
            <dt className="text-slate-600">{k}</dt>
            <dd className="font-medium">{v}</dd>
          </div>
        ))}
      </dl>
      <h2 className="mb-2 text-lg font-semibold">Orders</h2>
      <Table caption="Orders of this service, newest first">
        <thead>
          <tr>
            <Th>What</Th>
            <Th>Status</Th>
            <Th>Placed</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {orders.length === 0 ? <EmptyRow colSpan={3}>No orders.</EmptyRow> : null}
          {orders.map((o) => (
            <tr key={o.id}>
              <Td>
                <Link className="text-blue-800 underline-offset-2 hover:underline" href={`/support/orders/${o.id}`}>
                  {actionText(o.action)}
                </Link>
              </Td>
              <Td>
                <StatusPill status={o.status} />
              </Td>
              <Td className="whitespace-nowrap">
                <TimeText at={o.createdAt} />
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      {service.kind === "grommunio_domain" ? (
        <section aria-labelledby="purge-title" className="mt-6 rounded-md border border-red-200 bg-white p-4">
          <h2 id="purge-title" className="mb-1 text-lg font-semibold">
            Purge
          </h2>
          <p className="mb-2 text-sm">
            A reseller&apos;s delete is soft: grommunio keeps the domain&apos;s data and its name taken. A purge removes
            the domain and its name for good, through an order like any other change; it cannot be undone.
          </p>
          {viewer.role !== "admin" ? (
            <p className="text-sm text-slate-700">Only an administrator can purge a domain.</p>
          ) : refusal ? (
            <p className="text-sm text-slate-700">{refusal}</p>
          ) : (
            <ChangeForm
              action={purgeServiceAction.bind(null, service.id)}
              idempotencyKey={randomUUID()}
              submitLabel="Purge for good"
              confirmName={service.displayName}
              danger
              idPrefix="purge"
            />
          )}
        </section>
      ) : null}
    </main>
  );
}
