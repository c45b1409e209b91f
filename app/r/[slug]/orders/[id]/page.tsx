import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ButtonLink } from "@/app/ui/button";
import { PageHeader } from "@/app/ui/page-header";
import { requireResellerAccess } from "@/lib/auth/session";
import { getOrderSnapshot } from "@/lib/orders/queries/order-view";
import { isOrderKind, orderKinds } from "@/lib/orders/schemas";
import { kindLabel } from "@/lib/orders/vocabulary";
import { ResellerNav } from "../../_components/reseller-nav";
import { ACTION_LABELS } from "../../services/[id]/settings-list";
import { cancelOrderAction } from "../actions";
import { LiveOrder } from "./live-order";
import { changeSummary, fieldLabels, orderSummary } from "./order-summary";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string; id: string }> };

/** "Order shop.it · Alpine Hosting": the tab says which order, and for whom. */
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, id } = await params;
  const { reseller } = await requireResellerAccess(slug);
  const order = await getOrderSnapshot(reseller.id, id);
  return { title: order ? `Order ${order.displayName} · ${reseller.name}` : reseller.name };
}

export default async function OrderPage({ params }: Props) {
  const { slug, id } = await params;
  const { reseller } = await requireResellerAccess(slug);
  const order = await getOrderSnapshot(reseller.id, id);
  if (!order) notFound();
  const sections = isOrderKind(order.kind) ? orderKinds[order.kind].fieldSections : [];
  const summary =
    order.action === "create" ? orderSummary(sections, order.payload) : changeSummary(order.action, order.payload);

  return (
    <>
      <ResellerNav slug={slug} current="orders" />
      <main>
        <PageHeader
          title={order.displayName}
          description={`${order.action === "create" ? "" : `${ACTION_LABELS[order.action] ?? order.action}: `}${kindLabel(order.kind)} for ${order.customer.name}`}
          actions={
            <>
              {order.serviceId ? (
                <ButtonLink href={`/r/${slug}/services/${order.serviceId}`}>Service</ButtonLink>
              ) : null}
              <ButtonLink href={`/r/${slug}/orders`}>All orders</ButtonLink>
            </>
          }
        />
        <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
          <LiveOrder
            slug={slug}
            initial={order}
            labels={fieldLabels(sections)}
            cancelAction={cancelOrderAction.bind(null, slug, order.id)}
          />
          <section aria-labelledby="summary-title" className="h-fit rounded-md border border-slate-200 bg-white p-4">
            <h2 id="summary-title" className="mb-2 text-lg font-semibold">
              {order.action === "create" ? "What was ordered" : "What was asked"}
            </h2>
            <dl className="space-y-1 text-sm">
              {summary.map((row) => (
                <div key={row.label} className="flex flex-wrap justify-between gap-x-3">
                  <dt className="text-slate-700">{row.label}</dt>
                  <dd className="break-all font-medium">{row.value}</dd>
                </div>
              ))}
            </dl>
          </section>
        </div>
      </main>
    </>
  );
}
