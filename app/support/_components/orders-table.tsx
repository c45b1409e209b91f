// The support order list. Failed rows carry a checkbox ("<id>:<version>") for bulk retry.

import Link from "next/link";
import { useTranslations } from "next-intl";
import { PortalText } from "@/app/ui/portal-text";
import { providerOfKind } from "@/app/ui/provider-words";
import { StatusPill } from "@/app/ui/status-pill";
import { EmptyRow, Table, Td, Th } from "@/app/ui/table";
import { TimeText } from "@/app/ui/time-text";
import { portalTextIn } from "@/lib/i18n/portal-texts-wording";
import { isOrderKindValue } from "@/lib/orders/vocabulary";
import type { SupportOrderRow } from "@/lib/support/orders-query";

export function OrdersTable({ rows, selectable }: { rows: SupportOrderRow[]; selectable: boolean }) {
  const t = useTranslations("supportList");
  const kinds = useTranslations("kinds");
  const portalTexts = useTranslations("portalTexts");
  return (
    <Table caption={t("caption")} stacked>
      <thead>
        <tr>
          {selectable ? (
            <Th>
              <span className="sr-only">{t("select")}</span>
            </Th>
          ) : null}
          <Th>{t("colOrder")}</Th>
          <Th>{t("colStatus")}</Th>
          <Th>{t("colKind")}</Th>
          <Th>{t("colReseller")}</Th>
          <Th>{t("colCreated")}</Th>
          <Th>{t("colLastError")}</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.length === 0 ? <EmptyRow colSpan={selectable ? 7 : 6}>{t("noMatch")}</EmptyRow> : null}
        {rows.map((r) => (
          <tr key={r.id} data-order-id={r.id}>
            {selectable ? (
              <Td>
                {r.status === "failed" ? (
                  <input
                    type="checkbox"
                    name="items"
                    value={`${r.id}:${r.version}`}
                    aria-label={t("selectOrder", { name: r.naturalKey })}
                    className="h-4 w-4"
                  />
                ) : null}
              </Td>
            ) : null}
            <Td label={t("colOrder")} className="break-all">
              <Link href={`/support/orders/${r.id}`} className="font-medium text-blue-800 hover:underline">
                {r.displayName}
              </Link>
              {r.upstreamRef ? <div className="text-xs text-slate-600">{t("ref", { ref: r.upstreamRef })}</div> : null}
            </Td>
            <Td label={t("colStatus")}>
              <StatusPill status={r.status} />
            </Td>
            <Td label={t("colKind")}>{isOrderKindValue(r.kind) ? kinds(r.kind) : r.kind}</Td>
            <Td label={t("colReseller")}>
              {r.resellerName}
              <div className="text-xs text-slate-600">{r.customerName}</div>
            </Td>
            <Td label={t("colCreated")} className="sm:whitespace-nowrap">
              <TimeText at={r.createdAt} />
            </Td>
            <Td
              label={t("colLastError")}
              className="text-xs text-slate-700 sm:max-w-xs sm:truncate"
              title={r.lastError ? portalTextIn(r.lastError, portalTexts) : undefined}
            >
              {r.lastError ? <PortalText provider={providerOfKind(r.kind)} text={r.lastError} /> : ""}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
