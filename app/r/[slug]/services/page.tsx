import type { Metadata } from "next";
import { Button, ButtonLink } from "@/app/ui/button";
import { Input } from "@/app/ui/field";
import { PageHeader } from "@/app/ui/page-header";
import { CursorPagination } from "@/app/ui/pagination";
import { Select } from "@/app/ui/select";
import { requireResellerAccess } from "@/lib/auth/session";
import { customerOptions } from "@/lib/customers/queries";
import { KIND_LABELS, labelOptions } from "@/lib/orders/vocabulary";
import { listServices, parseServiceFilters } from "@/lib/services/queries";
import { upstreamStateLabel } from "@/lib/services/upstream-state";
import { ResellerNav } from "../_components/reseller-nav";
import { ServicesTable } from "../_components/services-table";

export const metadata: Metadata = { title: "Services" };
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
  const [{ rows, hasNext }, customers] = await Promise.all([
    listServices(reseller.id, filters),
    customerOptions(reseller.id),
  ]);
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
        <PageHeader
          title="Services"
          description="What your orders brought into being, with the state last read from the provider."
        />
        <search aria-label="Filter services">
          <form
            action={base}
            className="mb-4 grid gap-3 rounded-md border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-5"
          >
            <div className="lg:col-span-2">
              <label htmlFor="filter-q" className="block text-sm font-medium">
                Search by name or reference
              </label>
              <Input id="filter-q" name="q" type="search" defaultValue={filters.q ?? ""} placeholder="example.com" />
            </div>
            <div>
              <label htmlFor="filter-kind" className="block text-sm font-medium">
                Kind
              </label>
              <Select
                id="filter-kind"
                name="kind"
                placeholder="Any kind"
                defaultValue={filters.kind ?? ""}
                options={labelOptions(KIND_LABELS)}
              />
            </div>
            <div>
              <label htmlFor="filter-state" className="block text-sm font-medium">
                State at the provider
              </label>
              <Select
                id="filter-state"
                name="state"
                placeholder="Any state"
                defaultValue={filters.state ?? ""}
                options={STATES.map((s) => ({ value: s, label: upstreamStateLabel(s) }))}
              />
            </div>
            <div>
              <label htmlFor="filter-status" className="block text-sm font-medium">
                Show
              </label>
              <Select
                id="filter-status"
                name="status"
                placeholder="Live services"
                defaultValue={filters.status ?? ""}
                options={[
                  { value: "deleted", label: "Deleted services" },
                  { value: "gone", label: "Services marked gone" },
                ]}
              />
            </div>
            <div>
              <label htmlFor="filter-customer" className="block text-sm font-medium">
                Customer
              </label>
              <Select
                id="filter-customer"
                name="customer"
                placeholder="Any customer"
                defaultValue={filters.customerId ?? ""}
                options={customers}
              />
            </div>
            <div className="flex flex-wrap gap-2 sm:col-span-2 lg:col-span-5">
              <Button type="submit" variant="secondary">
                Apply filters
              </Button>
              {filtered ? (
                <ButtonLink href={base} variant="ghost">
                  Clear filters
                </ButtonLink>
              ) : null}
            </div>
          </form>
        </search>
        <ServicesTable
          slug={slug}
          rows={rows}
          caption="Your services, newest first"
          empty={filtered ? "No services match these filters." : "No services yet: they appear when an order succeeds."}
        />
        <CursorPagination
          label="Service pages"
          firstHref={page > 1 ? href() : undefined}
          nextHref={hasNext ? href({ page: String(page + 1) }) : undefined}
        />
      </main>
    </>
  );
}
