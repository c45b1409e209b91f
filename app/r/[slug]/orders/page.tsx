import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PickerMessages } from "@/app/components/picker-messages";
import { ButtonLink, DownloadLink } from "@/app/ui/button";
import { FilterBar } from "@/app/ui/filter-bar";
import { FilterSelects, SearchFilter } from "@/app/ui/filter-select";
import { PageHeader } from "@/app/ui/page-header";
import { CursorPagination } from "@/app/ui/pagination";
import { requireResellerAccess } from "@/lib/auth/session";
import { customerChoices } from "@/lib/customers/queries";
import { countResellerOrders, listResellerOrders, parseOrderFilters } from "@/lib/orders/queries/reseller-orders";
import { ORDER_KINDS, ORDER_STATUSES } from "@/lib/orders/vocabulary";
import { CustomerFilter } from "../_components/customer-filter";
import { OrdersTable } from "../_components/orders-table";
import { ResellerNav } from "../_components/reseller-nav";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { reseller } = await requireResellerAccess((await params).slug);
  return { title: `${(await getTranslations("orders"))("title")} · ${reseller.name}` };
}

export default async function OrdersPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { reseller } = await requireResellerAccess(slug);
  const filters = parseOrderFilters(await searchParams);
  const [{ rows, nextCursor, prevCursor }, total, customers, t, statuses, kinds] = await Promise.all([
    listResellerOrders(reseller.id, filters),
    countResellerOrders(reseller.id, filters),
    customerChoices(reseller.id, filters.customerId),
    getTranslations("orders"),
    getTranslations("status"),
    getTranslations("kinds"),
  ]);
  const statusOptions = ORDER_STATUSES.map((value) => ({ value, label: statuses(value) }));
  const kindOptions = ORDER_KINDS.map((value) => ({ value, label: kinds(value) }));
  const base = `/r/${slug}/orders`;
  const kept = Object.fromEntries(
    Object.entries({ status: filters.status, kind: filters.kind, customer: filters.customerId, q: filters.q }).filter(
      (e): e is [string, string] => Boolean(e[1]),
    ),
  );
  const href = (path: string, extra: Record<string, string> = {}) => {
    const qs = new URLSearchParams({ ...kept, ...extra }).toString();
    return qs ? `${path}?${qs}` : path;
  };
  const filtered = Object.keys(kept).length > 0;
  const paged = Boolean(filters.cursor || filters.before);

  return (
    <>
      <ResellerNav slug={slug} current="orders" />
      <main id="main">
        <PageHeader
          title={t("title")}
          description={
            <span data-testid="orders-total">
              {total.capped ? t("totalCapped", { count: total.count }) : t("total", { count: total.count })}
            </span>
          }
          actions={
            <>
              <DownloadLink href={href(`${base}/export`)} variant="secondary">
                {t("exportCsv")}
              </DownloadLink>
              <ButtonLink href={`${base}/new`} variant="primary">
                {t("newOrder")}
              </ButtonLink>
            </>
          }
        />
        <FilterBar label={t("filterLabel")} action={base} apply={t("apply")} clear={t("clear")} filtered={filtered}>
          <SearchFilter
            id="filter-q"
            label={t("search")}
            value={filters.q}
            hint={t("searchHint")}
            placeholder={t("searchPlaceholder")}
            className="lg:col-span-2"
          />
          <FilterSelects
            idPrefix="filter-"
            filters={[
              { name: "status", anyLabel: t("anyStatus"), value: filters.status, options: statusOptions },
              { name: "kind", anyLabel: t("anyKind"), value: filters.kind, options: kindOptions },
              ...(customers.searchable
                ? []
                : [
                    {
                      name: "customer",
                      anyLabel: t("anyCustomer"),
                      value: filters.customerId,
                      options: customers.options,
                    },
                  ]),
            ].map((filter) => ({ ...filter, label: t(filter.name) }))}
          />
          {customers.searchable ? (
            <PickerMessages>
              <CustomerFilter
                id="filter-customer"
                label={t("customer")}
                anyLabel={t("anyCustomer")}
                slug={slug}
                current={customers.options[0]}
              />
            </PickerMessages>
          ) : null}
        </FilterBar>
        <OrdersTable
          slug={slug}
          rows={rows}
          caption={t("caption")}
          empty={paged ? t("pageEmpty") : filtered ? t("noMatch") : t("none")}
        />
        <CursorPagination
          label={t("pagesLabel")}
          firstHref={paged ? href(base) : undefined}
          prevHref={prevCursor ? href(base, { before: prevCursor }) : undefined}
          nextHref={nextCursor ? href(base, { cursor: nextCursor }) : undefined}
        />
      </main>
    </>
  );
}
