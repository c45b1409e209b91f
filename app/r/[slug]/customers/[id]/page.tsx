import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ButtonLink } from "@/app/ui/button";
import { PageHeader } from "@/app/ui/page-header";
import { CursorPagination } from "@/app/ui/pagination";
import { requireResellerAccess } from "@/lib/auth/session";
import { getCustomer } from "@/lib/customers/queries";
import { listResellerOrders } from "@/lib/orders/queries/reseller-orders";
import { CUSTOMER_PAGE_SERVICES, customerServices } from "@/lib/services/queries";
import { refreshStale } from "@/lib/services/read-live";
import { OrdersTable } from "../../_components/orders-table";
import { ResellerNav } from "../../_components/reseller-nav";
import { ServicesTable } from "../../_components/services-table";

// The tab names the customer and whose it is, read with the same reseller scope as the page.
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, id } = await params;
  const { reseller } = await requireResellerAccess(slug);
  const [customer, t] = await Promise.all([getCustomer(reseller.id, id), getTranslations("customers")]);
  return { title: customer ? t("metaTitle", { name: customer.name, reseller: reseller.name }) : t("customer") };
}
export const dynamic = "force-dynamic";
const LIVE_READS = 20;

type Props = {
  params: Promise<{ slug: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function CustomerPage({ params, searchParams }: Props) {
  const { slug, id } = await params;
  const { reseller } = await requireResellerAccess(slug);
  const [customer, t] = await Promise.all([getCustomer(reseller.id, id), getTranslations("customers")]);
  if (!customer) notFound();
  const rawCursor = (await searchParams).cursor;
  const cursor = typeof rawCursor === "string" ? rawCursor : undefined;
  const [{ rows, nextCursor: next }, { rows: services, more: moreServices }] = await Promise.all([
    listResellerOrders(reseller.id, { customerId: customer.id, cursor }),
    customerServices(reseller.id, customer.id),
  ]);
  // Live state: the first LIVE_READS services are read from their providers now, a few at a time,
  // unless read in the last 30 seconds (a reload costs the provider nothing more: read-live.ts);
  // the rest show their last reading (the worker's sweep keeps those fresh).
  const live = await refreshStale(services.slice(0, LIVE_READS));
  const serviceRows = services.map((s, i) => {
    const r = live[i];
    return r?.ok ? { ...s, upstreamState: r.state, readAt: r.readAt } : s;
  });
  const base = `/r/${slug}/customers/${customer.id}`;

  return (
    <>
      <ResellerNav slug={slug} current="customers" />
      <main id="main">
        <PageHeader
          title={customer.name}
          description={customer.reference ? t("yourReference", { reference: customer.reference }) : undefined}
          actions={
            <>
              <ButtonLink href={`/r/${slug}/orders/new?customer=${customer.id}`} variant="primary">
                {t("newOrderFor")}
              </ButtonLink>
              <ButtonLink href={`${base}/edit`}>{t("edit")}</ButtonLink>
            </>
          }
        />
        <dl className="mb-6 grid gap-x-6 gap-y-2 rounded-md border border-slate-200 bg-white p-4 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium text-slate-700">{t("fields.email")}</dt>
          <dd className="break-all">{customer.email ?? t("notGiven")}</dd>
          <dt className="font-medium text-slate-700">{t("notes")}</dt>
          <dd className="whitespace-pre-line">{customer.notes ?? t("noNotes")}</dd>
        </dl>
        <h2 className="mb-2 text-lg font-semibold">{t("services")}</h2>
        <div className="mb-6">
          <ServicesTable
            slug={slug}
            rows={serviceRows}
            caption={t("servicesOf", { name: customer.name })}
            showCustomer={false}
            empty={t("noServices")}
          />
          {moreServices ? (
            <p className="mt-2 text-sm">
              {t("moreServices", { count: CUSTOMER_PAGE_SERVICES })}{" "}
              <Link className="text-blue-800 underline" href={`/r/${slug}/services?customer=${customer.id}`}>
                {t("allServices")}
              </Link>
            </p>
          ) : null}
        </div>
        <h2 className="mb-2 text-lg font-semibold">{t("orders")}</h2>
        <OrdersTable
          slug={slug}
          rows={rows}
          caption={t("ordersFor", { name: customer.name })}
          showCustomer={false}
          empty={t("noOrders")}
        />
        <CursorPagination
          label={t("orderPages")}
          firstHref={cursor ? base : undefined}
          nextHref={next ? `${base}?cursor=${encodeURIComponent(next)}` : undefined}
        />
      </main>
    </>
  );
}
