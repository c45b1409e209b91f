import type { Metadata } from "next";
import { PageHeader } from "@/app/ui/page-header";
import { requireRole } from "@/lib/auth/session";
import { parseSupportOrderFilters } from "@/lib/support/order-filters";
import { HealthBanner } from "../_components/health-banner";
import { OrderListView } from "../_components/order-list-view";
import { SupportNav } from "../_components/support-nav";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "All orders" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SupportOrdersPage({ searchParams }: Props) {
  const viewer = await requireRole("support", "admin");
  const params = await searchParams;
  const filters = { ...parseSupportOrderFilters(params), view: "all" as const };
  const cursor = typeof params.cursor === "string" ? params.cursor : undefined;
  return (
    <main>
      <PageHeader title="All orders" description="Every reseller's orders, newest first." />
      <SupportNav role={viewer.role} current="/support/orders" />
      <HealthBanner viewer={viewer} />
      <OrderListView viewer={viewer} filters={filters} cursor={cursor} basePath="/support/orders" />
    </main>
  );
}
