import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ActionButton } from "@/app/ui/button";
import { PageHeader } from "@/app/ui/page-header";
import { EmptyRow, Table, TableHead, Td } from "@/app/ui/table";
import { TimeText } from "@/app/ui/time-text";
import { requireResellerAccess } from "@/lib/auth/session";
import { DELIVERY_PAGE, getWebhookEndpoint, listDeliveries } from "@/lib/webhooks/endpoints";
import { ResellerNav } from "../../_components/reseller-nav";
import { deleteEndpointAction, enableEndpointAction, resendAction } from "../actions";
import { DeliveryError, DisabledReason } from "./webhook-error";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("webhooks.endpoint"))("title") };
}
export const dynamic = "force-dynamic";

export default async function EndpointPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const { reseller } = await requireResellerAccess(slug);
  const endpoint = await getWebhookEndpoint(reseller.id, id);
  if (!endpoint) notFound();
  const [deliveries, t] = await Promise.all([listDeliveries(reseller.id, id), getTranslations("webhooks.endpoint")]);
  return (
    <>
      <ResellerNav slug={slug} current="webhooks" />
      <main className="space-y-6">
        <PageHeader
          title={t("title")}
          description={endpoint.url}
          actions={
            <ActionButton action={deleteEndpointAction.bind(null, slug, id)} variant="danger">
              {t("delete")}
            </ActionButton>
          }
        />
        {endpoint.disabledAt ? (
          <div
            role="alert"
            className="space-y-2 rounded-md border-2 border-amber-600 bg-amber-50 p-4 text-sm text-amber-950"
          >
            <p>
              <strong>{t("disabledOn")}</strong> <TimeText at={endpoint.disabledAt} />.{" "}
              {endpoint.disabledReason ? <DisabledReason text={endpoint.disabledReason} /> : null}
            </p>
            <p>{t("fixThen")}</p>
            <ActionButton action={enableEndpointAction.bind(null, slug, id)}>{t("turnOn")}</ActionButton>
          </div>
        ) : endpoint.failingSince ? (
          <p role="status" className="rounded-md border border-amber-600 bg-amber-50 p-3 text-sm">
            {t.rich("failingSince", { time: () => <TimeText at={endpoint.failingSince} /> })}
          </p>
        ) : null}
        <p className="text-sm">
          {t("events", { events: endpoint.events.join(", ") })}{" "}
          <Link className="underline" href={`/r/${slug}/webhooks`}>
            {t("all")}
          </Link>
        </p>
        <Table caption={t("caption", { max: DELIVERY_PAGE })} showCaption stacked>
          <TableHead
            columns={(["event", "order", "status", "response", "attempts", "lastAttempt", "created"] as const).map(
              (c) => t(`columns.${c}`),
            )}
            actions
          />
          <tbody className="divide-y divide-slate-100">
            {deliveries.length === 0 ? <EmptyRow colSpan={8}>{t("none")}</EmptyRow> : null}
            {deliveries.map((d) => (
              <tr key={d.id}>
                <Td label={t("columns.event")}>
                  <code>{d.eventType}</code>
                  <div className="text-xs text-slate-600">{d.id}</div>
                </Td>
                <Td label={t("columns.order")}>
                  {d.orderId ? (
                    <Link className="text-blue-800 underline" href={`/r/${slug}/orders/${d.orderId}`}>
                      {t("order")}
                    </Link>
                  ) : null}
                </Td>
                <Td label={t("columns.status")}>
                  {t(`status.${d.status}`)}
                  {d.status === "pending" && d.attemptCount > 0 ? (
                    <div className="text-xs text-slate-600">
                      {t("nextTry")} <TimeText at={d.nextAttemptAt} />
                    </div>
                  ) : null}
                </Td>
                <Td label={t("columns.response")}>
                  {d.lastStatusCode ?? (d.lastError ? t("noAnswer") : "")}
                  {d.lastError ? (
                    <div className="text-xs text-slate-600">
                      <DeliveryError text={d.lastError} />
                    </div>
                  ) : null}
                </Td>
                <Td label={t("columns.attempts")}>{d.attemptCount}</Td>
                <Td label={t("columns.lastAttempt")}>{d.lastAttemptAt ? <TimeText at={d.lastAttemptAt} /> : ""}</Td>
                <Td label={t("columns.created")}>
                  <TimeText at={d.createdAt} />
                </Td>
                <Td>
                  {endpoint.disabledAt ? null : (
                    <ActionButton
                      action={resendAction.bind(null, slug, id, d.id)}
                      variant="secondary"
                      aria-label={t("resendLabel", { event: d.eventType, id: d.id })}
                    >
                      {t("resend")}
                    </ActionButton>
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </main>
    </>
  );
}
