import type { Metadata } from "next";
import { Button, ButtonLink } from "@/app/ui/button";
import { Input } from "@/app/ui/field";
import { PageHeader } from "@/app/ui/page-header";
import { CursorPagination } from "@/app/ui/pagination";
import { Select } from "@/app/ui/select";
import { requireResellerAccess } from "@/lib/auth/session";
import { customerOptions } from "@/lib/customers/queries";
import { listResellerOrders, parseOrderFilters } from "@/lib/orders/queries/reseller-orders";
import { KIND_LABELS, labelOptions, STATUS_LABELS } from "@/lib/orders/vocabulary";
import { OrdersTable } from "../_components/orders-table";
import { ResellerNav } from "../_components/reseller-nav";

export const metadata: Metadata = { title: "Orders" };
export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function OrdersPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { reseller } = await requireResellerAccess(slug);
  const filters = parseOrderFilters(await searchParams);
  const [{ rows, nextCursor }, customers] = await Promise.all([
    listResellerOrders(reseller.id, filters),
    customerOptions(reseller.id),
  ]);
  const base = `/r/${slug}/orders`;
  const kept = Object.fromEntries(
    Object.entries({ status: filters.status, kind: filters.kind, customer: filters.customerId, q: filters.q }).filter(
      (e): e is [string, string] => Boolean(e[1]),
    ),
  );
  const href = (extra: Record<string, string> = {}) => {
    const qs = new URLSearchParams({ ...kept, ...extra }).toString();
    return qs ? `${base}?${qs}` : base;
  };
  const filtered = Object.keys(kept).length > 0;

  return (
    <>
      <ResellerNav slug={slug} current="orders" />
      <main>
        <PageHeader
          title="Orders"
          actions={
            <ButtonLink href={`${base}/new`} variant="primary">
              New order
            </ButtonLink>
          }
        />
        <search aria-label="Filter orders">
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
              <label htmlFor="filter-status" className="block text-sm font-medium">
                Status
              </label>
              <Select
                id="filter-status"
                name="status"
                placeholder="Any status"
                defaultValue={filters.status ?? ""}
                options={labelOptions(STATUS_LABELS)}
              />
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
        <OrdersTable
          slug={slug}
          rows={rows}
          caption="Your orders, newest first"
          empty={filtered ? "No orders match these filters." : "No orders yet."}
        />
        <CursorPagination
          label="Order pages"
          firstHref={filters.cursor ? href() : undefined}
          nextHref={nextCursor ? href({ cursor: nextCursor }) : undefined}
        />
      </main>
    </>
  );
}
