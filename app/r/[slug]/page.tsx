import type { Metadata } from "next";
import { getTimeZone, getTranslations } from "next-intl/server";
import { requireResellerAccess } from "@/lib/auth/session";
import { getDashboardData } from "@/lib/dashboard/dashboard-data";
import { ResellerNav } from "./_components/reseller-nav";
import { Dashboard } from "./dashboard/dashboard";

export const dynamic = "force-dynamic";
type Props = { params: Promise<{ slug: string }> };

// Metadata renders even when the layout answers 404, so the title is guarded too.
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { reseller } = await requireResellerAccess((await params).slug);
  return { title: (await getTranslations("dashboard"))("title", { name: reseller.name }) };
}

export default async function ResellerDashboard({ params }: Props) {
  const { slug } = await params;
  const { reseller } = await requireResellerAccess(slug);
  // The chart counts the viewer's calendar days, as every date on the page is shown in their zone.
  const data = await getDashboardData(reseller.id, new Date(), await getTimeZone());
  return (
    <>
      <ResellerNav slug={slug} current="dashboard" />
      <main id="main">
        <Dashboard slug={slug} resellerName={reseller.name} data={data} />
      </main>
    </>
  );
}
