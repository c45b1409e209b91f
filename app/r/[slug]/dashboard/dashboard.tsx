// The reseller's home: what needs attention first, then status counts, usage, the 30-day chart
// and the latest orders.
import Link from "next/link";
import { ButtonLink } from "@/app/ui/button";
import type { DashboardData } from "@/lib/dashboard/dashboard-data";
import { OrdersTable } from "../_components/orders-table";
import { OrdersChart } from "./orders-chart";
import { StatusCounts } from "./status-counts";
import { UsageMeters } from "./usage-meters";

type Props = { slug: string; resellerName: string; data: DashboardData };

export function Dashboard({ slug, resellerName, data }: Props) {
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">{resellerName} dashboard</h1>
          <p className="mt-1 text-sm text-slate-700">
            <span data-testid="customer-count">{data.customers}</span> {data.customers === 1 ? "customer" : "customers"}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <ButtonLink href={`/r/${slug}/orders/new`} variant="primary">
            New order
          </ButtonLink>
          <ButtonLink href={`/r/${slug}/customers/new`}>New customer</ButtonLink>
        </div>
      </div>

      <section aria-labelledby="attention-title">
        <h2 id="attention-title" className="mb-2 text-lg font-semibold">
          Needs your attention
        </h2>
        {data.attention.length === 0 ? (
          <p className="rounded-md border border-slate-200 bg-white p-4 text-sm text-slate-700">
            Nothing needs attention: no failed, held or retrying orders.
          </p>
        ) : (
          <OrdersTable
            slug={slug}
            rows={data.attention}
            caption="Orders that failed, are on hold, or are being retried"
          />
        )}
      </section>

      <StatusCounts slug={slug} byStatus={data.byStatus} />

      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <OrdersChart days={data.days} />
        <UsageMeters usage={data.usage} />
      </div>

      <section aria-labelledby="recent-title">
        <div className="mb-2 flex items-baseline justify-between">
          <h2 id="recent-title" className="text-lg font-semibold">
            Recent orders
          </h2>
          <Link href={`/r/${slug}/orders`} className="text-sm text-blue-800 underline">
            All orders
          </Link>
        </div>
        <OrdersTable slug={slug} rows={data.recent} caption="Your most recent orders" />
      </section>
    </div>
  );
}
