import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/app/ui/page-header";
import { requireRole } from "@/lib/auth/session";
import { parseSupportOrderFilters } from "@/lib/support/order-filters";
import { HealthBanner } from "../_components/health-banner";
import { OrderListView } from "../_components/order-list-view";
import { SupportNav } from "../_components/support-nav";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  await requireRole("support", "admin");
  return { title: (await getTranslations("supportList"))("allTitle") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SupportOrdersPage({ searchParams }: Props) {
  const viewer = await requireRole("support", "admin");
  const params = await searchParams;
  const filters = { ...parseSupportOrderFilters(params), view: "all" as const };
  const cursor = typeof params.cursor === "string" ? params.cursor : undefined;
  const before = typeof params.before === "string" ? params.before : undefined;
  const t = await getTranslations("supportList");
  return (
    <main id="main">
      <PageHeader title={t("allTitle")} description={t("allDescription")} />
      <SupportNav role={viewer.role} current="/support/orders" />
      <HealthBanner viewer={viewer} />
      <OrderListView viewer={viewer} filters={filters} cursor={cursor} before={before} basePath="/support/orders" />
    </main>
  );
}
