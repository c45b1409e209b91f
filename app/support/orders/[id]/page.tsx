import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { FieldProblemList } from "@/app/ui/field-problems";
import { PageHeader } from "@/app/ui/page-header";
import { PortalText } from "@/app/ui/portal-text";
import { StatusPill } from "@/app/ui/status-pill";
import { TimeText } from "@/app/ui/time-text";
import { requireRole } from "@/lib/auth/session";
import { readFieldProblems } from "@/lib/i18n/field-problems";
import { labelledFieldSections } from "@/lib/orders/schemas";
import { isOrderKindValue, isOrderStatus, providerLabel } from "@/lib/orders/vocabulary";
import { waitingDependents } from "@/lib/support/cancel-check";
import { canCancel, canResolve, canRetry } from "@/lib/support/order-actions";
import { getSupportOrderDetail } from "@/lib/support/order-detail";
import { FactList } from "../../_components/fact-list";
import { HealthBanner } from "../../_components/health-banner";
import { JsonView } from "../../_components/json-view";
import { LiveRefresh } from "../../_components/live-refresh";
import { OrderActionForm } from "../../_components/order-action-form";
import { OrderDeliveries } from "../../_components/order-deliveries";
import { OrderTimeline } from "../../_components/order-timeline";
import { SupportNav } from "../../_components/support-nav";
import { cancelOrderAction, resolveOrderAction, retryOrderAction } from "../actions";

export const dynamic = "force-dynamic";
type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const viewer = await requireRole("support", "admin");
  const [{ order }, t] = await Promise.all([
    getSupportOrderDetail(viewer, (await params).id),
    getTranslations("supportOrder"),
  ]);
  return { title: t("metaTitle", { name: order.displayName, reseller: order.reseller.name }) };
}

export default async function SupportOrderPage({ params }: Props) {
  const viewer = await requireRole("support", "admin");
  const { id } = await params;
  const [{ order, timeline, omitted, deliveries }, t, kinds, statuses, fieldWords, orderPage] = await Promise.all([
    getSupportOrderDetail(viewer, id),
    getTranslations("supportOrder"),
    getTranslations("kinds"),
    getTranslations("status"),
    getTranslations("orderFields"),
    getTranslations("orderPage"),
  ]);
  // "Problems by field": the form's label in the viewer's language, and the upstream's own name
  // beside it, which support needs to match the provider's answer and the API.
  const fieldNames = Object.fromEntries(
    labelledFieldSections(order.kind)
      .flatMap((s) => s.fields)
      .map((f) => {
        const key = `${order.kind}.${f.name}.label`;
        return [f.name, `${fieldWords.has(key) ? fieldWords(key) : f.label} (${f.name})`];
      }),
  );
  // A grommunio server order's pending domain orders are cancelled with it (lib/orders/dependents.ts):
  // listed here, and counted in the cancel's confirmation.
  const dependents =
    order.kind === "grommunio_server" ? await waitingDependents(viewer, order.id) : { rows: [], total: 0 };
  const cancelConsequence = dependents.total
    ? `${t("cancelConsequenceChecked")} ${t("cancelAlsoDependents", { count: dependents.total })}`
    : t("cancelConsequenceChecked");
  const statusText = isOrderStatus(order.status) ? statuses(order.status) : order.status;
  const serviceId = order.serviceId ?? order.createdService?.id;
  const facts: Array<[string, React.ReactNode]> = [
    [
      t("status"),
      <span key="s" data-testid="order-status">
        <StatusPill status={order.status} />
      </span>,
    ],
    [t("kind"), `${isOrderKindValue(order.kind) ? kinds(order.kind) : order.kind} (${providerLabel(order.provider)})`],
    [
      t("naturalKey"),
      <span key="k" className="break-all font-mono">
        {order.naturalKey}
      </span>,
    ],
    [t("reseller"), order.reseller.name],
    [t("customer"), order.customer.name],
    [t("orderedBy"), order.createdBy.email],
    [t("upstreamRef"), order.upstreamRef ?? "—"],
    [
      t("service"),
      serviceId ? (
        <Link
          key="sv"
          className="text-blue-800 underline-offset-2 hover:underline"
          href={`/support/services/${serviceId}`}
        >
          {t("openService")}
        </Link>
      ) : (
        "—"
      ),
    ],
    [t("attempts"), order.attemptCount],
    [t("nextAttempt"), <TimeText key="n" at={order.nextAttemptAt} />],
    [t("created"), <TimeText key="c" at={order.createdAt} />],
    [t("lastChange"), <TimeText key="u" at={order.updatedAt} />],
    [t("version"), order.version],
  ];
  const common = {
    orderId: order.id,
    version: order.version,
    labels: {
      upstreamRef: t("upstreamRefLabel"),
      upstreamRefHint: t("upstreamRefHint"),
      reason: t("reason"),
      reasonHint: t("reasonHint"),
      reasonVisible: t("reasonVisible"),
    },
  };
  return (
    <main id="main">
      <LiveRefresh
        orderId={order.id}
        version={order.version}
        status={order.status}
        statusText={orderPage("statusAnnounce", { status: statusText })}
      />
      <PageHeader title={order.displayName} description={t("orderId", { id: order.id })} />
      <SupportNav role={viewer.role} current="" />
      <HealthBanner viewer={viewer} />
      {order.lastError ? (
        <p
          className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900"
          data-testid="last-error"
        >
          {t("lastError")} <PortalText provider={order.provider} text={order.lastError} />
        </p>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <section className="lg:col-span-2" aria-labelledby="facts">
          <h2 id="facts" className="sr-only">
            {t("factsTitle")}
          </h2>
          <FactList facts={facts} />
          <JsonView label={t("payload")} value={order.payload} />
          <FieldProblemList
            problems={readFieldProblems(order.fieldErrors)}
            provider={order.provider}
            labels={fieldNames}
            label={t("upstreamFieldErrors")}
            className="mt-3 list-disc pl-5 text-sm"
          />
          {dependents.total ? (
            <section aria-labelledby="dependents-title" data-testid="waiting-dependents">
              <h2 id="dependents-title" className="mb-2 mt-6 text-lg font-semibold">
                {t("waitingDependents")}
              </h2>
              <ul className="list-disc pl-5 text-sm">
                {dependents.rows.map((d) => (
                  <li key={d.id}>
                    <Link className="text-blue-800 underline-offset-2 hover:underline" href={`/support/orders/${d.id}`}>
                      {d.displayName}
                    </Link>
                  </li>
                ))}
              </ul>
              {dependents.total > dependents.rows.length ? (
                <p className="mt-1 text-sm text-slate-700">
                  {t("moreDependents", { count: dependents.total - dependents.rows.length })}
                </p>
              ) : null}
            </section>
          ) : null}
          <h2 className="mb-3 mt-6 text-lg font-semibold">{t("timeline")}</h2>
          {omitted.events + omitted.attempts > 0 ? (
            <p className="mb-3 text-sm text-slate-700" data-testid="timeline-omitted">
              {t("timelineOmitted", omitted)}
            </p>
          ) : null}
          <OrderTimeline entries={timeline} provider={order.provider} />
          <h2 className="mb-3 mt-6 text-lg font-semibold">{t("deliveries.title")}</h2>
          <OrderDeliveries rows={deliveries.rows} total={deliveries.total} />
        </section>
        <aside className="space-y-4" aria-label={t("actions")}>
          <OrderActionForm
            id="retry"
            title={t("retryTitle")}
            submitLabel={t("retrySubmit")}
            allowed={canRetry(order.status)}
            action={retryOrderAction}
            {...common}
          />
          <OrderActionForm
            id="resolve"
            title={t("resolveTitle")}
            submitLabel={t("resolveSubmit")}
            variant="secondary"
            withUpstreamRef
            confirm={{ consequence: t("resolveConsequence"), confirmLabel: t("resolveConfirm"), keepLabel: t("keep") }}
            allowed={canResolve(order.status)}
            action={resolveOrderAction}
            {...common}
          />
          <OrderActionForm
            id="cancel"
            title={t("cancelTitle")}
            submitLabel={t("cancelSubmit")}
            variant="danger"
            confirm={{ consequence: cancelConsequence, confirmLabel: t("cancelConfirm"), keepLabel: t("keep") }}
            allowed={canCancel(order.status)}
            action={cancelOrderAction}
            {...common}
          />
          {!canRetry(order.status) && !canResolve(order.status) && !canCancel(order.status) ? (
            <p className="text-sm text-slate-600">{t("noAction", { status: statusText })}</p>
          ) : null}
        </aside>
      </div>
    </main>
  );
}
