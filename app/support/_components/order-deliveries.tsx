// An order's webhook deliveries on support's order page: which of the reseller's endpoints was
// told about each step, whether it took it, and what it answered last. Support reads it when a
// reseller says their system never heard of an order; resending is the reseller's (from the
// endpoint's page), since the receiver is theirs.
import { useTranslations } from "next-intl";
import { Table, TD_CLASS, Th } from "@/app/ui/table";
import { TimeText } from "@/app/ui/time-text";
import { DeliveryError } from "@/app/ui/webhook-error";
import type { OrderDelivery } from "@/lib/support/order-detail";

export function OrderDeliveries({ rows, total }: { rows: OrderDelivery[]; total: number }) {
  const t = useTranslations("supportOrder.deliveries");
  const w = useTranslations("webhooks.endpoint");
  if (total === 0) return <p className="text-sm text-slate-600">{t("none")}</p>;
  return (
    <>
      <Table caption={t("caption")} stacked>
        <thead>
          <tr>
            <Th>{w("columns.created")}</Th>
            <Th>{w("columns.event")}</Th>
            <Th>{t("endpoint")}</Th>
            <Th>{w("columns.status")}</Th>
            <Th>{w("columns.attempts")}</Th>
            <Th>{w("columns.response")}</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((d) => (
            <tr key={d.id} data-testid="order-delivery">
              <td className={TD_CLASS} data-label={w("columns.created")}>
                <TimeText at={d.createdAt} />
              </td>
              <td className={TD_CLASS} data-label={w("columns.event")}>
                <code>{d.eventType}</code>
              </td>
              <td className={TD_CLASS} data-label={t("endpoint")}>
                <span className="break-all">{d.endpoint.address}</span>
                <div className="text-xs text-slate-600">{d.endpoint.id}</div>
                {d.endpoint.disabled ? <div className="text-xs text-amber-800">{t("endpointOff")}</div> : null}
              </td>
              <td className={TD_CLASS} data-label={w("columns.status")}>
                {w(`status.${d.status}`)}
                {d.deliveredAt ? (
                  <div className="text-xs text-slate-600">
                    <TimeText at={d.deliveredAt} />
                  </div>
                ) : null}
              </td>
              <td className={TD_CLASS} data-label={w("columns.attempts")}>
                {d.attemptCount}
                {d.lastAttemptAt ? (
                  <div className="text-xs text-slate-600">
                    {t("lastTried")} <TimeText at={d.lastAttemptAt} />
                  </div>
                ) : null}
              </td>
              <td className={TD_CLASS} data-label={w("columns.response")}>
                {d.lastStatusCode !== null ? String(d.lastStatusCode) : d.lastError ? w("noAnswer") : ""}
                {d.lastError ? (
                  <div className="text-xs text-slate-700">
                    <DeliveryError text={d.lastError} />
                  </div>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      {total > rows.length ? (
        <p className="mt-1 text-sm text-slate-700">{t("more", { count: total - rows.length })}</p>
      ) : null}
    </>
  );
}
