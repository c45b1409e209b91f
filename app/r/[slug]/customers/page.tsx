import type { Metadata } from "next";
import Link from "next/link";
import { Button, ButtonLink } from "@/app/ui/button";
import { Input } from "@/app/ui/field";
import { PageHeader } from "@/app/ui/page-header";
import { CursorPagination } from "@/app/ui/pagination";
import { EmptyRow, Table, Td, Th } from "@/app/ui/table";
import { requireResellerAccess } from "@/lib/auth/session";
import { listCustomers } from "@/lib/customers/queries";
import { ResellerNav } from "../_components/reseller-nav";

export const metadata: Metadata = { title: "Customers" };
export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

export default async function CustomersPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { reseller } = await requireResellerAccess(slug);
  const sp = await searchParams;
  const q = one(sp.q)?.slice(0, 100);
  const after = one(sp.after);
  const { rows, nextAfter } = await listCustomers(reseller.id, { q, after });
  const base = `/r/${slug}/customers`;
  const withQ = (extra: Record<string, string>) => `${base}?${new URLSearchParams({ ...(q ? { q } : {}), ...extra })}`;

  return (
    <>
      <ResellerNav slug={slug} current="customers" />
      <main>
        <PageHeader
          title="Customers"
          description="The people and companies you order mail services for."
          actions={
            <ButtonLink href={`${base}/new`} variant="primary">
              New customer
            </ButtonLink>
          }
        />
        <search>
          <form action={base} className="mb-4 flex flex-wrap items-end gap-2">
            <div className="grow">
              <label htmlFor="customer-search" className="block text-sm font-medium">
                Search by name or reference
              </label>
              <Input id="customer-search" name="q" type="search" defaultValue={q ?? ""} />
            </div>
            <Button type="submit" variant="secondary">
              Search
            </Button>
          </form>
        </search>
        <Table caption="Customers">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Contact e-mail</Th>
              <Th>Your reference</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.length === 0 ? (
              <EmptyRow colSpan={3}>{q ? "No customer matches this search." : "No customers yet."}</EmptyRow>
            ) : null}
            {rows.map((c) => (
              <tr key={c.id}>
                <Td>
                  <Link
                    className="font-medium text-blue-800 underline-offset-2 hover:underline"
                    href={`${base}/${c.id}`}
                  >
                    {c.name}
                  </Link>
                </Td>
                <Td>{c.email ?? ""}</Td>
                <Td>{c.reference ?? ""}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
        <CursorPagination
          label="Customer pages"
          firstHref={after ? withQ({}) : undefined}
          nextHref={nextAfter ? withQ({ after: nextAfter }) : undefined}
        />
      </main>
    </>
  );
}
