// The reseller's home: what needs attention first, then status counts, usage, the 30-day chart
// and the latest orders.
import Link from "next/link";
import { useTranslations } from "next-intl";
import { ButtonLink } from "@/app/ui/button";
import { TitledSection } from "@/app/ui/titled-section";
import type { DashboardData } from "@/lib/dashboard/dashboard-data";
import { OrdersTable } from "../_components/orders-table";
import { OrdersChart } from "./orders-chart";
import { StatusCounts } from "./status-counts";
import { UsageMeters } from "./usage-meters";

type Props = { slug: string; resellerName: string; data: DashboardData };

export function Dashboard({ slug, resellerName, data }: Props) {
  const t = useTranslations("dashboard");
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">{t("title", { name: resellerName })}</h1>
          <p className="mt-1 text-sm text-slate-700">
            {t.rich("customers", {
              count: data.customers,
              n: (chunks) => <span data-testid="customer-count">{chunks}</span>,
            })}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <ButtonLink href={`/r/${slug}/orders/new`} variant="primary">
            {t("newOrder")}
          </ButtonLink>
          <ButtonLink href={`/r/${slug}/customers/new`}>{t("newCustomer")}</ButtonLink>
        </div>
      </div>

      <TitledSection id="attention-title" title={t("attention")} headingClassName="mb-2">
        {data.attention.length === 0 ? (
          <p
            className="rounded-md border border-slate-200 bg-white p-4 text-sm text-slate-700"
            data-testid="attention-none"
          >
            {/* Failed orders dealt with since are left out (dashboard-data.ts), while the count shows them. */}
            {t((data.byStatus.failed ?? 0) > 0 ? "nothingDealtWith" : "nothing")}
          </p>
        ) : (
          <OrdersTable slug={slug} rows={data.attention} caption={t("attentionCaption")} />
        )}
      </TitledSection>

      <StatusCounts slug={slug} byStatus={data.byStatus} />

      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <OrdersChart days={data.days} />
        <UsageMeters usage={data.usage} />
      </div>

      <section aria-labelledby="recent-title">
        <div className="mb-2 flex items-baseline justify-between">
          <h2 id="recent-title" className="text-lg font-semibold">
            {t("recent")}
          </h2>
          <Link href={`/r/${slug}/orders`} className="text-sm text-blue-800 underline">
            {t("allOrders")}
          </Link>
        </div>
        <OrdersTable slug={slug} rows={data.recent} caption={t("recentCaption")} />
      </section>
    </div>
  );
}
