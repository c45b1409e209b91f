// The support order list. Failed rows carry a checkbox ("<id>:<version>") for bulk retry.
//
// A page holds 50 rows of seven cells, so what a row costs is what the page costs: the words that
// are the same on every row (column names, status and kind words) are looked up once per table,
// the time uses one formatter per language and zone (lib/i18n/date-time-format.ts), and the cells
// and badges are plain elements rather than a component each, so a row calls no hooks
// (docs/benchmarks.md "Pages: the support list's rows"). What a row shows is unchanged.

import Link from "next/link";
import { useLocale, useTimeZone, useTranslations } from "next-intl";
import { badgeClass } from "@/app/ui/badge";
import { oncePerKey } from "@/app/ui/once-per-key";
import { PortalText } from "@/app/ui/portal-text";
import { providerOfKind } from "@/app/ui/provider-words";
import { statusTone } from "@/app/ui/status-pill";
import { EmptyRow, Table, TD_CLASS, Th } from "@/app/ui/table";
import { formatPortalDateTime } from "@/lib/i18n/date-time-format";
import { portalTextIn } from "@/lib/i18n/portal-texts-wording";
import { isOrderKindValue, isOrderStatus } from "@/lib/orders/vocabulary";
import type { SupportOrderRow } from "@/lib/support/orders-query";

const CELL = `${TD_CLASS} `;
const MARK = "\u0000";
const ORDER_CELL = `${TD_CLASS} break-all`;
const CREATED_CELL = `${TD_CLASS} sm:whitespace-nowrap`;
const ERROR_CELL = `${TD_CLASS} text-xs text-slate-700 sm:max-w-xs sm:truncate`;

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
  const kindWord = oncePerKey((kind) => (isOrderKindValue(kind) ? kinds(kind) : kind));
  const statusWord = oncePerKey((status) => (isOrderStatus(status) ? statuses(status) : status));
  const statusClass = oncePerKey((status) => badgeClass(statusTone(status)));
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
        {rows.map((r) => (
          <tr key={r.id} data-order-id={r.id}>
            {selectable ? (
              <td className={CELL}>
                {r.status === "failed" ? (
                  <input
                    type="checkbox"
                    name="items"
                    value={`${r.id}:${r.version}`}
                    aria-label={t("selectOrder", { name: r.naturalKey })}
                    className="h-4 w-4"
                  />
                ) : null}
              </td>
            ) : null}
            <td className={ORDER_CELL} data-label={col.order}>
              <Link href={`/support/orders/${r.id}`} className="font-medium text-blue-800 hover:underline">
                {r.displayName}
              </Link>
              {r.upstreamRef ? (
                <div className="text-xs text-slate-600">{`${refBefore}${r.upstreamRef}${refAfter ?? ""}`}</div>
              ) : null}
            </td>
            <td className={CELL} data-label={col.status}>
              <span className={statusClass(r.status)}>{statusWord(r.status)}</span>
            </td>
            <td className={CELL} data-label={col.kind}>
              {kindWord(r.kind)}
            </td>
            <td className={CELL} data-label={col.reseller}>
              {r.resellerName}
              <div className="text-xs text-slate-600">{r.customerName}</div>
            </td>
            <td className={CREATED_CELL} data-label={col.created}>
              <time dateTime={r.createdAt.toISOString()}>{formatPortalDateTime(r.createdAt, locale, timeZone)}</time>
            </td>
            <td
              className={ERROR_CELL}
              data-label={col.lastError}
              title={r.lastError ? portalTextIn(r.lastError, portalTexts) : undefined}
            >
              {r.lastError ? <PortalText provider={providerOfKind(r.kind)} text={r.lastError} /> : ""}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
