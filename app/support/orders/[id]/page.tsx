import type { Metadata } from "next";
import { PageHeader } from "@/app/ui/page-header";
import { StatusPill } from "@/app/ui/status-pill";
import { TimeText } from "@/app/ui/time-text";
import { requireRole } from "@/lib/auth/session";
import { kindLabel, providerLabel } from "@/lib/orders/vocabulary";
import { canCancel, canResolve, canRetry } from "@/lib/support/order-actions";
import { getSupportOrderDetail } from "@/lib/support/order-detail";
import { HealthBanner } from "../../_components/health-banner";
import { JsonView } from "../../_components/json-view";
import { LiveRefresh } from "../../_components/live-refresh";
import { OrderActionForm } from "../../_components/order-action-form";
import { OrderTimeline } from "../../_components/order-timeline";
import { SupportNav } from "../../_components/support-nav";
import { cancelOrderAction, resolveOrderAction, retryOrderAction } from "../actions";

export const dynamic = "force-dynamic";
type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const viewer = await requireRole("support", "admin");
  const { order } = await getSupportOrderDetail(viewer, (await params).id);
  return { title: `Order ${order.displayName} · ${order.reseller.name}` };
}

export default async function SupportOrderPage({ params }: Props) {
  const viewer = await requireRole("support", "admin");
  const { id } = await params;
  const { order, timeline } = await getSupportOrderDetail(viewer, id);
  const facts: Array<[string, React.ReactNode]> = [
    [
      "Status",
      <span key="s" data-testid="order-status">
        <StatusPill status={order.status} />
      </span>,
    ],
    ["Kind", `${kindLabel(order.kind)} (${providerLabel(order.provider)})`],
    [
      "Natural key",
      <span key="k" className="font-mono">
        {order.naturalKey}
      </span>,
    ],
    ["Reseller", order.reseller.name],
    ["Customer", order.customer.name],
    ["Ordered by", order.createdBy.email],
    ["Upstream reference", order.upstreamRef ?? "—"],
    ["Attempts", order.attemptCount],
    ["Next attempt", <TimeText key="n" at={order.nextAttemptAt} />],
    ["Created", <TimeText key="c" at={order.createdAt} />],
    ["Last change", <TimeText key="u" at={order.updatedAt} />],
    ["Version", order.version],
  ];
  const actionProps = { orderId: order.id, version: order.version };
  return (
    <main>
      <LiveRefresh orderId={order.id} version={order.version} status={order.status} />
      <PageHeader title={order.displayName} description={`Order ${order.id}`} />
      <SupportNav role={viewer.role} current="" />
      <HealthBanner viewer={viewer} />
      {order.lastError ? (
        <p
          className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900"
          data-testid="last-error"
        >
          Last error: {order.lastError}
        </p>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <section className="lg:col-span-2" aria-labelledby="facts">
          <h2 id="facts" className="sr-only">
            Order facts
          </h2>
          <dl className="grid grid-cols-1 gap-x-4 gap-y-2 rounded-md border border-slate-200 bg-white p-4 text-sm sm:grid-cols-2">
            {facts.map(([k, v]) => (
              <div key={k}>
                <dt className="text-slate-600">{k}</dt>
                <dd className="font-medium">{v}</dd>
              </div>
            ))}
          </dl>
          <JsonView label="Order payload (no secrets)" value={order.payload} />
          <JsonView label="Field errors from the upstream" value={order.fieldErrors} />
          <h2 className="mb-3 mt-6 text-lg font-semibold">Timeline</h2>
          <OrderTimeline entries={timeline} />
        </section>
        <aside className="space-y-4" aria-label="Actions">
          <OrderActionForm
            id="retry"
            title="Retry now"
            submitLabel="Retry now"
            allowed={canRetry(order.status)}
            action={retryOrderAction}
            {...actionProps}
          />
          <OrderActionForm
            id="resolve"
            title="Mark resolved by hand"
            submitLabel="Mark resolved"
            variant="secondary"
            withUpstreamRef
            allowed={canResolve(order.status)}
            action={resolveOrderAction}
            {...actionProps}
          />
          <OrderActionForm
            id="cancel"
            title="Cancel the order"
            submitLabel="Cancel order"
            variant="danger"
            allowed={canCancel(order.status)}
            action={cancelOrderAction}
            {...actionProps}
          />
          {!canRetry(order.status) && !canResolve(order.status) && !canCancel(order.status) ? (
            <p className="text-sm text-slate-600">No action is possible while the order is {order.status}.</p>
          ) : null}
        </aside>
      </div>
    </main>
  );
}
