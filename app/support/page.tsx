import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/app/ui/page-header";
import { requireRole } from "@/lib/auth/session";
import { parseSupportOrderFilters } from "@/lib/support/order-filters";
import { HealthBanner } from "./_components/health-banner";
import { OrderListView } from "./_components/order-list-view";
import { SupportNav } from "./_components/support-nav";

export const dynamic = "force-dynamic";
// Metadata renders even when the layout answers 404, so the title is guarded too.
export async function generateMetadata(): Promise<Metadata> {
  await requireRole("support", "admin");
  return { title: (await getTranslations("supportList"))("consoleTitle") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// Console home: the orders that need a person (failed, held, stuck past STUCK_AFTER_MINUTES).
export default async function SupportConsole({ searchParams }: Props) {
  const viewer = await requireRole("support", "admin");
  const params = await searchParams;
  const filters = { ...parseSupportOrderFilters(params), view: "attention" as const };
  const cursor = typeof params.cursor === "string" ? params.cursor : undefined;
  const before = typeof params.before === "string" ? params.before : undefined;
  const t = await getTranslations("supportList");
  return (
    <main id="main">
      <PageHeader title={t("consoleTitle")} description={t("consoleDescription")} />
      <SupportNav role={viewer.role} current="/support" />
      <HealthBanner viewer={viewer} />
      <OrderListView viewer={viewer} filters={filters} cursor={cursor} before={before} basePath="/support" />
    </main>
  );
}
