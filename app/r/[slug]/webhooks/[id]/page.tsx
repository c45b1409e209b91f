import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTimeZone, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { ClientMessages } from "@/app/components/client-messages";
import { ActionButton } from "@/app/ui/action-button";
import { ConfirmActionButton } from "@/app/ui/confirm-action-button";
import { PageHeader } from "@/app/ui/page-header";
import { CursorPagination } from "@/app/ui/pagination";
import { SectionNav } from "@/app/ui/section-nav";
import { EmptyRow, Table, TableHead } from "@/app/ui/table";
import { TimeText } from "@/app/ui/time-text";
import { DeliveryError, DisabledReason } from "@/app/ui/webhook-error";
import { requireResellerAccess } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { formatPortalDateTime } from "@/lib/i18n/date-time-format";
import { oneParam, type SearchParams } from "@/lib/pagination/list-address";
import {
  countFailedDeliveries,
  DELIVERY_FILTERS,
  DELIVERY_PAGE,
  type DeliveryFilter,
  deliveryFilter,
  FAILED_COUNT_CAP,
  getWebhookEndpoint,
  listDeliveries,
  PREVIOUS_SECRET_HOURS,
} from "@/lib/webhooks/endpoints";
import { CodeList } from "../../_components/code-list";
import { ResellerNav } from "../../_components/reseller-nav";
import { deleteEndpointAction, enableEndpointAction, resendAction, rotateSecretAction } from "../actions";
import { type DeliveryRowData, DeliveryRows, type DeliveryRowWords } from "./_components/delivery-rows";
import { RotateSecretForm } from "./_components/rotate-secret-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("webhooks.endpoint"))("title") };
}
export const dynamic = "force-dynamic";

const COLUMNS = ["event", "order", "status", "response", "attempts", "lastAttempt", "created"] as const;

export default async function EndpointPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { slug, id } = await params;
  const { reseller } = await requireResellerAccess(slug);
  const endpoint = await getWebhookEndpoint(reseller.id, id);
  if (!endpoint) notFound();
  // The address holds the filter and the page (`?status=failed&after=…`), so each view can be
  // reloaded or shared, and Resend, which shows the page again, leaves the person where they were.
  // A status not among the filters lists all; a cursor that cannot be read, the first page.
  const sp = await searchParams;
  const status = deliveryFilter(oneParam(sp, "status"));
  const after = oneParam(sp, "after")?.slice(0, 300);
  const before = oneParam(sp, "before")?.slice(0, 300);
  const [page, failedCount, t, tw, locale, timeZone] = await Promise.all([
    listDeliveries(reseller.id, id, { status, after, before }),
    countFailedDeliveries(reseller.id, id),
    getTranslations("webhooks.endpoint"),
    getTranslations("webhooks"),
    getLocale(),
    getTimeZone(),
  ]);
  const deliveries = page.rows;
  /**
   * A setting's length in words: whole days when it is some, else whole hours (or minutes, at
   * least one) rounded down, since the notice says "at least".
   */
  const duration = (ms: number) =>
    ms >= 86_400_000 && ms % 86_400_000 === 0
      ? t("durationDays", { n: ms / 86_400_000 })
      : ms >= 3_600_000
        ? t("durationHours", { n: Math.floor(ms / 3_600_000) })
        : t("durationMinutes", { n: Math.max(1, Math.floor(ms / 60_000)) });
  const base = `/r/${slug}/webhooks/${id}`;
  const href = (filter: DeliveryFilter | undefined, at: Record<string, string> = {}) => {
    const query = new URLSearchParams({ ...(filter ? { status: filter } : {}), ...at }).toString();
    return query ? `${base}?${query}` : base;
  };
  // An event type stored before a label existed for it is shown by its code alone.
  const eventMeaning = (ev: string) => (tw.has(`eventLabels.${ev}` as never) ? tw(`eventLabels.${ev}` as never) : ev);
  // The rows go to the browser as data drawn by DeliveryRows, the words once per table
  // (docs/design.md "Conventions": long lists send their rows as data).
  const time = (at: Date) => ({ iso: at.toISOString(), text: formatPortalDateTime(at, locale, timeZone) });
  const columns = (c: (typeof COLUMNS)[number]) => t(`columns.${c}`);
  const words: DeliveryRowWords = {
    colEvent: columns("event"),
    colOrder: columns("order"),
    colStatus: columns("status"),
    colResponse: columns("response"),
    colAttempts: columns("attempts"),
    colLastAttempt: columns("lastAttempt"),
    colCreated: columns("created"),
    order: t("order"),
    nextTry: t("nextTry"),
    resend: t("resend"),
    statusWord: {},
  };
  const errors: Record<string, ReactNode> = {};
  const rows = deliveries.map((d): DeliveryRowData => {
    words.statusWord[d.status] ??= t(`status.${d.status}`);
    if (d.lastError) errors[d.id] = <DeliveryError text={d.lastError} />;
    return {
      id: d.id,
      eventType: d.eventType,
      orderId: d.orderId,
      status: d.status,
      // None while it waits for the endpoint to be turned back on (parked: nextAttemptAt null).
      nextTry: d.status === "pending" && d.attemptCount > 0 && d.nextAttemptAt ? time(d.nextAttemptAt) : null,
      response: d.lastStatusCode !== null ? String(d.lastStatusCode) : d.lastError ? t("noAnswer") : "",
      attempts: d.attemptCount,
      lastAttempt: d.lastAttemptAt ? time(d.lastAttemptAt) : null,
      created: time(d.createdAt),
      resendLabel: t("resendLabel", { event: d.eventType, id: d.id }),
    };
  });
  return (
    <ClientMessages namespaces={["validation"]}>
      <ResellerNav slug={slug} current="webhooks" />
      <main id="main" className="space-y-6">
        <PageHeader
          title={t("title")}
          description={endpoint.url}
          actions={
            <ConfirmActionButton
              action={deleteEndpointAction.bind(null, slug, id)}
              label={t("delete")}
              consequence={t("deleteConsequence")}
              confirmLabel={t("deleteConfirm")}
              keepLabel={t("keepEndpoint")}
            />
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
          </div>
        ) : endpoint.failingSince ? (
          <p role="status" className="rounded-md border border-amber-600 bg-amber-50 p-3 text-sm">
            {t.rich("failingSince", {
              time: () => <TimeText at={endpoint.failingSince} />,
              // This installation's settings (docs/webhooks.md "Delivery"), not fixed words.
              retry: duration(env().WEBHOOK_RETRY_FOR_MS),
              disable: duration(env().WEBHOOK_DISABLE_AFTER_MS),
            })}
          </p>
        ) : null}
        {/* Below the notice, not in it: turned on by someone else first, the page shows it on,
            without the notice, and the button's answer saying so stays here. */}
        <ActionButton action={endpoint.disabledAt ? enableEndpointAction.bind(null, slug, id) : null}>
          {t("turnOn")}
        </ActionButton>
        <p className="text-sm">
          {t.rich("events", {
            events: () => <CodeList items={endpoint.events.map((ev) => ({ code: ev, meaning: eventMeaning(ev) }))} />,
          })}{" "}
          <Link className="underline" href={`/r/${slug}/webhooks`}>
            {t("all")}
          </Link>
        </p>
        <section aria-labelledby="secret-title" className="space-y-2">
          <h2 id="secret-title" className="text-lg font-semibold">
            {t("secretTitle")}
          </h2>
          {endpoint.previousUntil && endpoint.previousUntil > new Date() ? (
            <p className="text-sm">
              {t("previousSignsUntil", { until: formatPortalDateTime(endpoint.previousUntil, locale, timeZone) })}
            </p>
          ) : null}
          <RotateSecretForm
            action={rotateSecretAction.bind(null, slug, id)}
            words={{
              submit: t("rotate"),
              submitting: t("rotating"),
              explain: t("rotateExplain", { hours: PREVIOUS_SECRET_HOURS }),
              shownTitle: t("rotated"),
              shownLabel: t("newSecret"),
              password: t("currentPassword"),
              passwordHint: t("currentPasswordHint"),
            }}
          />
        </section>
        {failedCount > 0 ? (
          <p className="text-sm" data-testid="failed-count">
            {failedCount > FAILED_COUNT_CAP
              ? t("failedCountCapped", { count: FAILED_COUNT_CAP })
              : t("failedCount", { count: failedCount })}{" "}
            {status === "failed" ? null : (
              <Link className="text-blue-800 underline" href={href("failed")}>
                {t("showFailed")}
              </Link>
            )}
          </p>
        ) : null}
        {/* Choosing a filter starts at its newest delivery; paging keeps the filter. */}
        <SectionNav
          label={t("filterLabel")}
          current={href(status)}
          links={[
            { href: href(undefined), label: t("filterAll") },
            ...DELIVERY_FILTERS.map((f) => ({ href: href(f), label: t(`status.${f}`) })),
          ]}
        />
        <Table caption={t(`captions.${status ?? "all"}`, { max: DELIVERY_PAGE })} showCaption stacked>
          <TableHead columns={COLUMNS.map(columns)} actions />
          <tbody className="divide-y divide-slate-100">
            {deliveries.length === 0 ? (
              <EmptyRow colSpan={8}>{t(status ? "noneFiltered" : after || before ? "noneHere" : "none")}</EmptyRow>
            ) : null}
            <DeliveryRows
              slug={slug}
              rows={rows}
              words={words}
              errors={errors}
              resend={endpoint.disabledAt ? null : resendAction.bind(null, slug, id)}
            />
          </tbody>
        </Table>
        <CursorPagination
          label={t("pagesLabel")}
          words={{ first: t("newest"), previous: t("newer"), next: t("older") }}
          firstHref={after || before ? href(status) : undefined}
          prevHref={page.prevCursor ? href(status, { before: page.prevCursor }) : undefined}
          nextHref={page.nextCursor ? href(status, { after: page.nextCursor }) : undefined}
        />
      </main>
    </ClientMessages>
  );
}
