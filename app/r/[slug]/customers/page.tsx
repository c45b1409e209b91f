import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ButtonLink, DownloadLink } from "@/app/ui/button";
import { PageHeader } from "@/app/ui/page-header";
import { CursorPagination } from "@/app/ui/pagination";
import { SearchBox } from "@/app/ui/search-box";
import { EmptyRow, Table, Th } from "@/app/ui/table";
import { requireResellerAccess } from "@/lib/auth/session";
import { countCustomers, listCustomers } from "@/lib/customers/queries";
import { listLinks, readListAddress } from "@/lib/pagination/list-address";
import { ResellerNav } from "../_components/reseller-nav";
import { CustomerRows } from "./_components/customer-rows";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("customers"))("title") };
}
export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

// Counted up to this many, then "more than" (a total never costs a full count).
const TOTAL_CAP = 10_000;

export default async function CustomersPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { reseller } = await requireResellerAccess(slug);
  const sp = await searchParams;
  const address = readListAddress(sp);
  const { q, after, before } = address;
  const [{ rows, nextAfter, prevBefore }, total, t] = await Promise.all([
    listCustomers(reseller.id, { q, after, before }),
    countCustomers(reseller.id, q, TOTAL_CAP),
    getTranslations("customers"),
  ]);
  const base = `/r/${slug}/customers`;
  // The rows go to the browser as data drawn by CustomerRows, the column names once per table
  // (docs/design.md "Conventions": long lists send their rows as data).
  const words = { colName: t("colName"), colEmail: t("colEmail"), colReference: t("colReference") };

  return (
    <>
      <ResellerNav slug={slug} current="customers" />
      <main id="main">
        <PageHeader
          title={t("title")}
          description={
            <>
              {t("description")}{" "}
              <span data-testid="customers-total">
                {total > TOTAL_CAP ? t("totalCapped", { count: TOTAL_CAP }) : t("total", { count: total })}
              </span>
            </>
          }
          actions={
            <>
              <DownloadLink
                href={q ? `${base}/export?${new URLSearchParams({ q })}` : `${base}/export`}
                variant="secondary"
              >
                {t("exportCsv")}
              </DownloadLink>
              <ButtonLink href={`${base}/new`} variant="primary">
                {t("newCustomer")}
              </ButtonLink>
            </>
          }
        />
        <SearchBox action={base} id="customer-search" label={t("searchLabel")} value={q ?? ""} submit={t("search")} />
        <Table caption={t("caption")} stacked>
          <thead>
            <tr>
              <Th>{words.colName}</Th>
              <Th>{words.colEmail}</Th>
              <Th>{words.colReference}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.length === 0 ? <EmptyRow colSpan={3}>{q ? t("noMatch") : t("none")}</EmptyRow> : null}
            <CustomerRows
              base={base}
              words={words}
              rows={rows.map((c) => ({ id: c.id, name: c.name, email: c.email ?? "", reference: c.reference ?? "" }))}
            />
          </tbody>
        </Table>
        <CursorPagination label={t("pagesLabel")} {...listLinks(base, address, { nextAfter, prevBefore })} />
      </main>
    </>
  );
}
