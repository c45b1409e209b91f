// The support order list. Failed and held rows carry a checkbox ("<id>:<version>") for bulk retry.
//
// A page holds 50 rows of seven cells, so what a row costs is what the page costs: the words that
// are the same on every row (column names, status and kind words) are looked up once per table,
// the time uses one formatter per language and zone (lib/i18n/date-time-format.ts), and the rows
// go to the browser as compact data drawn by SupportOrderRows (order-rows.tsx) rather than as
// elements (docs/benchmarks/pages.md "Pages: the support list's rows" and "Pages: the rows as data").
// What a row shows is unchanged.
import { useLocale, useTimeZone, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { badgeClass } from "@/app/ui/badge";
import { PortalText } from "@/app/ui/portal-text";
import { providerOfKind } from "@/app/ui/provider-words";
import { statusTone } from "@/app/ui/status-pill";
import { EmptyRow, Table, Th } from "@/app/ui/table";
import { formatPortalDateTime } from "@/lib/i18n/date-time-format";
import { portalTextIn } from "@/lib/i18n/portal-texts-wording";
import { isOrderKindValue, isOrderStatus } from "@/lib/orders/vocabulary";
import { canRetry } from "@/lib/support/order-actions";
import type { SupportOrderRow } from "@/lib/support/orders-query";
import { SupportOrderRows, type SupportRowData, type SupportRowWords } from "./order-rows";

const MARK = "\u0000";

export function OrdersTable({ rows, selectable }: { rows: SupportOrderRow[]; selectable: boolean }) {
  const t = useTranslations("supportList");
  const kinds = useTranslations("kinds");
  const statuses = useTranslations("status");
  const portalTexts = useTranslations("portalTexts");
  const locale = useLocale();
  const timeZone = useTimeZone();
  const col = {
    order: t("colOrder"),
    status: t("colStatus"),
    kind: t("colKind"),
    reseller: t("colReseller"),
    created: t("colCreated"),
    lastError: t("colLastError"),
  };
  // "ref {ref}" formatted once with a marker, the marker replaced per row: one message format per
  // table instead of one per row.
  const [refBefore, refAfter] = t("ref", { ref: MARK }).split(MARK);
  // The words and badge classes of each distinct status and kind, looked up once per table.
  const words: SupportRowWords = { col, statusWord: {}, statusClass: {}, kindWord: {} };
  const errors: Record<string, ReactNode> = {};
  const data = rows.map((r): SupportRowData => {
    words.statusWord[r.status] ??= isOrderStatus(r.status) ? statuses(r.status) : r.status;
    words.statusClass[r.status] ??= badgeClass(statusTone(r.status));
    words.kindWord[r.kind] ??= isOrderKindValue(r.kind) ? kinds(r.kind) : r.kind;
    if (r.lastError) errors[r.id] = <PortalText provider={providerOfKind(r.kind)} text={r.lastError} />;
    const retryable = selectable && isOrderStatus(r.status) && canRetry(r.status);
    return {
      id: r.id,
      retryValue: retryable ? `${r.id}:${r.version}` : null,
      selectLabel: retryable ? t("selectOrder", { name: r.naturalKey }) : null,
      displayName: r.displayName,
      refText: r.upstreamRef ? `${refBefore}${r.upstreamRef}${refAfter ?? ""}` : null,
      status: r.status,
      kind: r.kind,
      resellerName: r.resellerName,
      customerName: r.customerName,
      createdIso: r.createdAt.toISOString(),
      createdText: formatPortalDateTime(r.createdAt, locale, timeZone),
      errorTitle: r.lastError ? portalTextIn(r.lastError, portalTexts) : null,
    };
  });
  return (
    <Table caption={t("caption")} stacked>
      <thead>
        <tr>
          {selectable ? (
            <Th>
              <span className="sr-only">{t("select")}</span>
            </Th>
          ) : null}
          <Th>{col.order}</Th>
          <Th>{col.status}</Th>
          <Th>{col.kind}</Th>
          <Th>{col.reseller}</Th>
          <Th>{col.created}</Th>
          <Th>{col.lastError}</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.length === 0 ? <EmptyRow colSpan={selectable ? 7 : 6}>{t("noMatch")}</EmptyRow> : null}
        <SupportOrderRows rows={data} words={words} errors={errors} selectable={selectable} />
      </tbody>
    </Table>
  );
}
