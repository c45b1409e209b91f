// The whole order list (filters, table with bulk retry, keyset pagination, CSV export), shared
// by /support (needs attention) and /support/orders (all).
import { getTranslations } from "next-intl/server";
import { PickerMessages } from "@/app/components/picker-messages";
import { DownloadLink } from "@/app/ui/button";
import { CursorPagination } from "@/app/ui/pagination";
import type { Viewer } from "@/lib/auth/session";
import { isOrderStatus } from "@/lib/orders/vocabulary";
import { canRetry } from "@/lib/support/order-actions";
import { filtersToParams, type SupportOrderFilters } from "@/lib/support/order-filters";
import { countSupportOrders, listSupportOrders, SUPPORT_COUNT_CAP } from "@/lib/support/orders-query";
import { resellerChoices } from "@/lib/support/reseller-options";
import { bulkRetryAction } from "../orders/actions";
import { BulkRetryForm } from "./bulk-retry-form";
import { OrderFiltersForm } from "./order-filters-form";
import { OrdersTable } from "./orders-table";

type Props = { viewer: Viewer; filters: SupportOrderFilters; cursor?: string; before?: string; basePath: string };

export async function OrderListView({ viewer, filters, cursor, before, basePath }: Props) {
  const [page, total, resellers, t, orders] = await Promise.all([
    listSupportOrders(viewer, filters, { cursor, before }),
    countSupportOrders(viewer, filters),
    resellerChoices(viewer, { include: filters.resellerId }),
    getTranslations("supportList"),
    getTranslations("orders"),
  ]);
  const params = filtersToParams(filters);
  const href = (extra: Record<string, string>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    const s = p.toString();
    return s ? `${basePath}?${s}` : basePath;
  };
  const labels = Object.fromEntries(page.rows.map((r) => [r.id, r.displayName]));
  const selectable = page.rows.some((r) => isOrderStatus(r.status) && canRetry(r.status));
  return (
    <>
      <PickerMessages when={resellers.searchable}>
        <OrderFiltersForm filters={filters} resellers={resellers} action={basePath} />
      </PickerMessages>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-700" data-testid="orders-total">
          {total > SUPPORT_COUNT_CAP
            ? orders("totalCapped", { count: SUPPORT_COUNT_CAP })
            : orders("total", { count: total })}
        </p>
        <DownloadLink href={`/support/orders/export?${params.toString()}`}>{t("exportCsv")}</DownloadLink>
      </div>
      <BulkRetryForm
        action={bulkRetryAction}
        labels={labels}
        selectable={selectable}
        words={{
          label: t("bulkLabel"),
          title: t("bulkTitle"),
          reason: t("bulkReason"),
          reasonHint: t("bulkReasonHint"),
          visible: t("bulkVisible"),
          skipped: t("skipped"),
          submit: t("retrySelected"),
        }}
      >
        <OrdersTable rows={page.rows} selectable={selectable} />
      </BulkRetryForm>
      <CursorPagination
        label={orders("pagesLabel")}
        firstHref={cursor || before ? href({}) : undefined}
        prevHref={page.prevCursor ? href({ before: page.prevCursor }) : undefined}
        nextHref={page.nextCursor ? href({ cursor: page.nextCursor }) : undefined}
      />
    </>
  );
}
