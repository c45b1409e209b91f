import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PickerMessages } from "@/app/components/picker-messages";
import { DownloadLink } from "@/app/ui/button";
import { FilterBar } from "@/app/ui/filter-bar";
import { FilterSelects, SearchFilter } from "@/app/ui/filter-select";
import { PageHeader } from "@/app/ui/page-header";
import { CursorPagination } from "@/app/ui/pagination";
import { requireResellerAccess } from "@/lib/auth/session";
import { customerChoices } from "@/lib/customers/queries";
import { ORDER_KINDS } from "@/lib/orders/vocabulary";
import { countServices, listServices, parseServiceFilters } from "@/lib/services/service-list";
import { UPSTREAM_STATES } from "@/lib/services/upstream-state";
import { CustomerFilter } from "../_components/customer-filter";
import { ResellerNav } from "../_components/reseller-nav";
import { ServicesTable } from "../_components/services-table";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("services"))("list.title") };
}
export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

// Counted up to this many, then "more than" (a total never costs a full count).
const TOTAL_CAP = 10_000;

// "In progress" passes on its own within minutes: not a state worth filtering the list by.
const STATES = UPSTREAM_STATES.filter((s) => s !== "in_progress");

export default async function ServicesPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { reseller } = await requireResellerAccess(slug);
  const filters = parseServiceFilters(await searchParams);
  const [{ rows, nextCursor, prevCursor }, total, customers, tAll, kinds] = await Promise.all([
    listServices(reseller.id, filters),
    countServices(reseller.id, filters, TOTAL_CAP),
    customerChoices(reseller.id, filters.customerId),
    getTranslations("services"),
    getTranslations("kinds"),
  ]);
  const t = (key: string, values?: Record<string, number>) => tAll(`list.${key}`, values);
  const kindOptions = ORDER_KINDS.map((value) => ({ value, label: kinds(value) }));
  const stateOptions = STATES.map((s) => ({ value: s, label: tAll(`states.${s}`) }));
  const statusOptions = [
    { value: "deleted", label: t("deleted") },
    { value: "gone", label: t("gone") },
  ];
  const base = `/r/${slug}/services`;
  const kept = Object.fromEntries(
    Object.entries({
      q: filters.q,
      kind: filters.kind,
      status: filters.status,
      state: filters.state,
      customer: filters.customerId,
    }).filter((e): e is [string, string] => Boolean(e[1])),
  );
  const href = (extra: Record<string, string> = {}, path = base) => {
    const qs = new URLSearchParams({ ...kept, ...extra }).toString();
    return qs ? `${path}?${qs}` : path;
  };
  const filtered = Object.keys(kept).length > 0;
  const paged = Boolean(filters.cursor || filters.before);

  return (
    <>
      <ResellerNav slug={slug} current="services" />
      <main id="main">
        <PageHeader
          title={t("title")}
          description={
            <>
              {t("description")}{" "}
              <span data-testid="services-total">
                {total > TOTAL_CAP ? t("totalCapped", { count: TOTAL_CAP }) : t("total", { count: total })}
              </span>
            </>
          }
          actions={
            <DownloadLink href={href({}, `${base}/export`)} variant="secondary">
              {t("exportCsv")}
            </DownloadLink>
          }
        />
        <FilterBar label={t("filterLabel")} action={base} apply={t("apply")} clear={t("clear")} filtered={filtered}>
          <SearchFilter
            id="filter-q"
            label={t("search")}
            value={filters.q}
            placeholder="example.com"
            className="lg:col-span-2"
          />
          <FilterSelects
            idPrefix="filter-"
            filters={[
              { name: "kind", label: t("kind"), anyLabel: t("anyKind"), value: filters.kind, options: kindOptions },
              {
                name: "state",
                label: t("state"),
                anyLabel: t("anyState"),
                value: filters.state,
                options: stateOptions,
              },
              { name: "status", label: t("show"), anyLabel: t("live"), value: filters.status, options: statusOptions },
              ...(customers.searchable
                ? []
                : [
                    {
                      name: "customer",
                      label: t("customer"),
                      anyLabel: t("anyCustomer"),
                      value: filters.customerId,
                      options: customers.options,
                    },
                  ]),
            ]}
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
        <ServicesTable
          slug={slug}
          rows={rows}
          caption={t("caption")}
          empty={paged ? t("pageEmpty") : filtered ? t("noMatch") : t("none")}
        />
        <CursorPagination
          label={t("pages")}
          firstHref={paged ? href() : undefined}
          prevHref={prevCursor ? href({ before: prevCursor }) : undefined}
          nextHref={nextCursor ? href({ cursor: nextCursor }) : undefined}
        />
      </main>
    </>
  );
}
