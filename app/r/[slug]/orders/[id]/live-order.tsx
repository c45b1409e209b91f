"use client";
import Link from "next/link";
// The order page's live part: polls the status route every 1.5 s while the order is in flight
// and re-renders status, facts, errors and timeline without a reload. A changed status is
// announced to screen readers.
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { buttonClass } from "@/app/ui/button";
import { FieldProblemList } from "@/app/ui/field-problems";
import { PortalText } from "@/app/ui/portal-text";
import { providerOfKind } from "@/app/ui/provider-words";
import { StatusPill } from "@/app/ui/status-pill";
import { TimeText } from "@/app/ui/time-text";
import { TitledSection } from "@/app/ui/titled-section";
import type { FormResult } from "@/lib/forms/result";
import {
  type OrderSnapshot,
  refusedByProvider,
  resellerCanCancel,
  SETTLED_STATUSES,
} from "@/lib/orders/queries/order-view-shared";
import { KIND_LABELS, STATUS_LABELS } from "@/lib/orders/vocabulary";
import { CancelOrderForm } from "./cancel-order-form";
import { OrderTimeline } from "./order-timeline";

const STATUS_KEYS = STATUS_LABELS;
const KIND_KEYS = KIND_LABELS;

type Props = {
  slug: string;
  initial: OrderSnapshot;
  /** Field name → label for this kind, to show upstream errors against the form's words. */
  labels: Record<string, string>;
  cancelAction: (prev: FormResult<unknown>, fd: FormData) => Promise<FormResult<unknown>>;
  intervalMs?: number;
};

export function LiveOrder({ slug, initial, labels, cancelAction, intervalMs = 1500 }: Props) {
  const t = useTranslations("orderPage");
  const statuses = useTranslations("status");
  const kinds = useTranslations("kinds");
  const [order, setOrder] = useState(initial);
  const provider = providerOfKind(order.kind);
  const statusText = (s: string) => (s in STATUS_KEYS ? statuses(s) : s);
  const settled = SETTLED_STATUSES.includes(order.status);

  useEffect(() => {
    if (settled) return;
    let stopped = false;
    const timer = setInterval(async () => {
      try {
        const res = await fetch(`/r/${slug}/orders/${order.id}/status`, {
          cache: "no-store",
          headers: { accept: "application/json" },
        });
        if (!res.ok || !res.headers.get("content-type")?.includes("json")) return;
        const next = (await res.json()) as OrderSnapshot;
        if (!stopped) setOrder(next);
      } catch {
        // A failed poll is retried on the next tick; the page stays as it was.
      }
    }, intervalMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [settled, slug, order.id, intervalMs]);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <span className="text-sm text-slate-700">{t("status")}</span>
        <span data-testid="order-status" data-status={order.status}>
          <StatusPill status={order.status} />
        </span>
        {!settled ? <span className="text-xs text-slate-600">{t("updatingLive")}</span> : null}
        {/* Once its create succeeded, the service it brought: where its settings and (a Qboxmail
            domain) the ownership record to publish are. Also when it succeeded while open. */}
        {order.status === "succeeded" && order.action === "create" && order.serviceId ? (
          <Link className="text-sm text-blue-800 underline" href={`/r/${slug}/services/${order.serviceId}`}>
            {t("openCreatedService")}
          </Link>
        ) : null}
        <p className="sr-only" aria-live="polite" aria-atomic="true">
          {t("statusAnnounce", { status: statusText(order.status) })}
        </p>
      </div>

      {order.status === "failed" ? (
        <section
          aria-labelledby="failure-title"
          className="rounded-md border-2 border-red-700 bg-red-50 p-4 text-sm text-red-950"
        >
          {/* "Refused" only when the provider's answer ended it; the last error says why otherwise. */}
          <h2 id="failure-title" className="text-base font-semibold">
            {t(refusedByProvider(order.timeline) ? "refusedTitle" : "failedTitle")}
          </h2>
          {order.lastError ? (
            <p className="mt-1">
              <PortalText provider={provider} text={order.lastError} />
            </p>
          ) : null}
          <FieldProblemList
            problems={order.fieldErrors}
            provider={provider}
            labels={labels}
            label={t("problemsByField")}
          />
          {/* A failed change, suspension or deletion is no form to edit: it is tried again from
              its service, which shows the service as it stands now. */}
          {order.action === "create" ? (
            <Link className={buttonClass("primary", "mt-3")} href={`/r/${slug}/orders/new?from=${order.id}`}>
              {t("editResubmit")}
            </Link>
          ) : order.serviceId ? (
            <Link className={buttonClass("primary", "mt-3")} href={`/r/${slug}/services/${order.serviceId}`}>
              {t("tryAgainOnService")}
            </Link>
          ) : null}
        </section>
      ) : null}

      <dl className="grid gap-x-6 gap-y-2 rounded-md border border-slate-200 bg-white p-4 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium text-slate-700">{t("kind")}</dt>
        <dd>{order.kind in KIND_KEYS ? kinds(order.kind) : order.kind}</dd>
        <dt className="font-medium text-slate-700">{t("customer")}</dt>
        <dd>
          <Link className="text-blue-800 underline" href={`/r/${slug}/customers/${order.customer.id}`}>
            {order.customer.name}
          </Link>
        </dd>
        <dt className="font-medium text-slate-700">{t("placed")}</dt>
        <dd>
          <TimeText at={order.createdAt} />
        </dd>
        <dt className="font-medium text-slate-700">{t("upstreamRef")}</dt>
        <dd className="font-mono" data-testid="upstream-ref">
          {order.upstreamRef ?? t("notProvisioned")}
        </dd>
        <dt className="font-medium text-slate-700">{t("attempts")}</dt>
        <dd>{order.attemptCount}</dd>
        {order.status === "retrying" && order.nextAttemptAt ? (
          <>
            <dt className="font-medium text-slate-700">{t("nextAttempt")}</dt>
            <dd>
              <TimeText at={order.nextAttemptAt} />
            </dd>
          </>
        ) : null}
      </dl>

      {resellerCanCancel(order) ? <CancelOrderForm action={cancelAction} /> : null}

      <TitledSection id="timeline-title" title={t("timeline")} headingClassName="mb-3">
        <OrderTimeline items={order.timeline} provider={provider} />
      </TitledSection>
    </div>
  );
}
