import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Button, ButtonLink } from "@/app/ui/button";
import { Input } from "@/app/ui/field";
import { PageHeader } from "@/app/ui/page-header";
import { CursorPagination } from "@/app/ui/pagination";
import { Select } from "@/app/ui/select";
import { requireResellerAccess } from "@/lib/auth/session";
import { customerOptions } from "@/lib/customers/queries";
import { ORDER_KINDS } from "@/lib/orders/vocabulary";
import { listServices, parseServiceFilters } from "@/lib/services/queries";
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

const STATES = ["active", "ownership_check", "suspended", "disabled", "soft_deleted", "deleting", "missing"];

export default async function ServicesPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { reseller } = await requireResellerAccess(slug);
  const filters = parseServiceFilters(await searchParams);
  const [{ rows, hasNext }, customers, tAll, kinds] = await Promise.all([
    listServices(reseller.id, filters),
    customerOptions(reseller.id),
    getTranslations("services"),
    getTranslations("kinds"),
  ]);
  const t = (key: string) => tAll(`list.${key}`);
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
  const href = (extra: Record<string, string> = {}) => {
    const qs = new URLSearchParams({ ...kept, ...extra }).toString();
    return qs ? `${base}?${qs}` : base;
  };
  const filtered = Object.keys(kept).length > 0;
  const page = filters.page ?? 1;

  return (
    <>
      <ResellerNav slug={slug} current="services" />
      <main>
        <PageHeader title={t("title")} description={t("description")} />
        <search aria-label={t("filterLabel")}>
          <form
            action={base}
            className="mb-4 grid gap-3 rounded-md border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-5"
          >
            <div className="lg:col-span-2">
              <label htmlFor="filter-q" className="block text-sm font-medium">
                {t("search")}
              </label>
              <Input id="filter-q" name="q" type="search" defaultValue={filters.q ?? ""} placeholder="example.com" />
            </div>
            <div>
              <label htmlFor="filter-kind" className="block text-sm font-medium">
                {t("kind")}
              </label>
              <Select
                id="filter-kind"
                name="kind"
                placeholder={t("anyKind")}
                defaultValue={filters.kind ?? ""}
                options={ORDER_KINDS.map((value) => ({ value, label: kinds(value) }))}
              />
            </div>
            <div>
              <label htmlFor="filter-state" className="block text-sm font-medium">
                {t("state")}
              </label>
              <Select
                id="filter-state"
                name="state"
                placeholder={t("anyState")}
                defaultValue={filters.state ?? ""}
                options={STATES.map((s) => ({ value: s, label: tAll(`states.${s}`) }))}
              />
            </div>
            <div>
              <label htmlFor="filter-status" className="block text-sm font-medium">
                {t("show")}
              </label>
              <Select
                id="filter-status"
                name="status"
                placeholder={t("live")}
                defaultValue={filters.status ?? ""}
                options={[
                  { value: "deleted", label: t("deleted") },
                  { value: "gone", label: t("gone") },
                ]}
              />
            </div>
            <div>
              <label htmlFor="filter-customer" className="block text-sm font-medium">
                {t("customer")}
              </label>
              <Select
                id="filter-customer"
                name="customer"
                placeholder={t("anyCustomer")}
                defaultValue={filters.customerId ?? ""}
                options={customers}
              />
            </div>
            <div className="flex flex-wrap gap-2 sm:col-span-2 lg:col-span-5">
              <Button type="submit" variant="secondary">
                {t("apply")}
              </Button>
              {filtered ? (
                <ButtonLink href={base} variant="ghost">
                  {t("clear")}
                </ButtonLink>
              ) : null}
            </div>
          </form>
        </search>
        <ServicesTable slug={slug} rows={rows} caption={t("caption")} empty={filtered ? t("noMatch") : t("none")} />
        <CursorPagination
          label={t("pages")}
          firstHref={page > 1 ? href() : undefined}
          nextHref={hasNext ? href({ page: String(page + 1) }) : undefined}
        />
      </main>
    </>
  );
}
