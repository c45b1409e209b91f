// The reseller's order rows, shared by the order list, a customer's page and the dashboard. On a
// phone the kind and reference columns give way (priority columns): name, status and time stay. As
// on the support list, the words every row repeats are looked up once per table, and the rows go to
// the browser as compact data drawn by ResellerOrderRows (order-rows.tsx) rather than as elements
// (docs/benchmarks/pages.md "Pages: the support list's rows" and "Pages: the rows as data").
import { useLocale, useTimeZone, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { badgeClass } from "@/app/ui/badge";
import { OrderSentenceText } from "@/app/ui/order-sentence-text";
import { statusTone } from "@/app/ui/status-pill";
import { EmptyRow, Table, Th } from "@/app/ui/table";
import { formatPortalDateTime } from "@/lib/i18n/date-time-format";
import type { OrderSentence } from "@/lib/orders/order-sentence";
import { isOrderKindValue, isOrderStatus } from "@/lib/orders/vocabulary";
import { ResellerOrderRows, type ResellerRowData, type ResellerRowWords } from "./order-rows";

export type OrderRow = {
  id: string;
  kind: string;
  status: string;
  displayName: string;
  /** The IDNA ASCII form; shown beside the name when it differs (an internationalized domain). */
  naturalKey?: string;
  upstreamRef: string | null;
  createdAt: Date;
  customer?: { id: string; name: string } | null;
  /** The order in one sentence, shown under its name where the list has it. */
  sentence?: OrderSentence;
};

type Props = { slug: string; rows: readonly OrderRow[]; caption: string; showCustomer?: boolean; empty?: string };

export function OrdersTable({ slug, rows, caption, showCustomer = true, empty }: Props) {
  const t = useTranslations("orders");
  const kinds = useTranslations("kinds");
  const statuses = useTranslations("status");
  const locale = useLocale();
  const timeZone = useTimeZone();
  const cols = showCustomer ? 6 : 5;
  const wide = "hidden md:table-cell";
  // The words and badge classes of each distinct status and kind, looked up once per table.
  const words: ResellerRowWords = { noneYet: t("noneYet"), statusWord: {}, statusClass: {}, kindWord: {} };
  const sentences: Record<string, ReactNode> = {};
  const data = rows.map((o): ResellerRowData => {
    words.statusWord[o.status] ??= isOrderStatus(o.status) ? statuses(o.status) : o.status;
    words.statusClass[o.status] ??= badgeClass(statusTone(o.status));
    words.kindWord[o.kind] ??= isOrderKindValue(o.kind) ? kinds(o.kind) : o.kind;
    if (o.sentence)
      sentences[o.id] = (
        <OrderSentenceText sentence={o.sentence} className="block break-normal text-xs text-slate-700" />
      );
    return {
      id: o.id,
      displayName: o.displayName,
      asciiName: o.naturalKey && o.naturalKey !== o.displayName.toLowerCase() ? o.naturalKey : null,
      kind: o.kind,
      status: o.status,
      customer: showCustomer && o.customer ? { id: o.customer.id, name: o.customer.name } : null,
      upstreamRef: o.upstreamRef,
      createdIso: o.createdAt.toISOString(),
      createdText: formatPortalDateTime(o.createdAt, locale, timeZone),
    };
  });
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>{t("colName")}</Th>
          <Th className={wide}>{t("colKind")}</Th>
          <Th>{t("colStatus")}</Th>
          {showCustomer ? <Th className="hidden sm:table-cell">{t("colCustomer")}</Th> : null}
          <Th className={wide}>{t("colRef")}</Th>
          <Th>{t("colPlaced")}</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.length === 0 ? <EmptyRow colSpan={cols}>{empty ?? t("none")}</EmptyRow> : null}
        <ResellerOrderRows slug={slug} rows={data} words={words} sentences={sentences} showCustomer={showCustomer} />
      </tbody>
    </Table>
  );
}
