import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { PageHeader } from "@/app/ui/page-header";
import { StatusPill } from "@/app/ui/status-pill";
import { EmptyRow, Table, Td, Th } from "@/app/ui/table";
import { TimeText } from "@/app/ui/time-text";
import { TitledSection } from "@/app/ui/titled-section";
import { requireRole } from "@/lib/auth/session";
import { sentenceForPerson } from "@/lib/forms/action";
import { isOrderKindValue } from "@/lib/orders/vocabulary";
import { purgedBy, purgeRefusal } from "@/lib/services/place-purge";
import { getServiceForStaff } from "@/lib/services/queries";
import { isUpstreamState } from "@/lib/services/upstream-state";
import { FactList } from "../../_components/fact-list";
import { SupportNav } from "../../_components/support-nav";
import { purgeServiceAction } from "../actions";
import { PurgeForm } from "./purge-form";

export const dynamic = "force-dynamic";
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const viewer = await requireRole("support", "admin");
  const [found, t, services] = await Promise.all([
    getServiceForStaff(viewer, (await params).id),
    getTranslations("supportService"),
    getTranslations("services"),
  ]);
  return {
    title: found
      ? t("metaTitle", { name: found.service.displayName, reseller: found.service.reseller.name })
      : services("service"),
  };
}

// A service as support sees it (any reseller): what it is, its orders, and, for administrators,
// the purge of a grommunio domain (docs/lifecycle.md "Purge").
export default async function SupportServicePage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireRole("support", "admin");
  const found = await getServiceForStaff(viewer, (await params).id);
  const [services, t, kinds] = await Promise.all([
    getTranslations("services"),
    getTranslations("supportService"),
    getTranslations("kinds"),
  ]);
  const stateText = (s: string | null) =>
    !s ? services("states.notRead") : isUpstreamState(s) ? services(`states.${s}`) : s;
  const actionText = (action: string) =>
    ["create", "change", "suspend", "resume", "delete"].includes(action) ? services(`actions.${action}`) : action;
  if (!found) notFound();
  const { service, orders } = found;
  const purged = service.kind === "grommunio_domain" ? await purgedBy(viewer, service.id) : undefined;
  const refused = purgeRefusal(service);
  const detail = detailOf(service.settings);
  const refusal = purged ? t("alreadyPurged", { order: purged }) : refused && (await sentenceForPerson(refused));
  const facts: [string, React.ReactNode][] = [
    [t("kind"), isOrderKindValue(service.kind) ? kinds(service.kind) : service.kind],
    [t("reseller"), service.reseller.name],
    [t("customer"), service.customer.name],
    [
      t("upstreamRef"),
      <span key="r" className="font-mono">
        {service.upstreamRef}
      </span>,
    ],
    [
      t("inPortal"),
      <span key="s" data-testid="service-status">
        {t("portalStatus", { status: service.status })}
      </span>,
    ],
    [t("lastRead"), stateText(service.upstreamState)],
    // Qboxmail's own detail word as read (e.g. why a domain is "MX records to fix"), for support to
    // quote to Qboxmail; shown as received, never translated.
    ...(detail
      ? [
          [
            t("upstreamDetail"),
            <span key="d" className="font-mono" data-testid="upstream-detail">
              {detail}
            </span>,
          ] as [string, React.ReactNode],
        ]
      : []),
    [t("created"), <TimeText key="c" at={service.createdAt} />],
    [t("ended"), service.endedAt ? <TimeText key="e" at={service.endedAt} /> : "—"],
  ];
  return (
    <ClientMessages namespaces={["orderFields", "orderForm", "picker", "services", "validation"]}>
      <main id="main">
        <SupportNav role={viewer.role} current="" />
        <PageHeader title={service.displayName} description={t("description", { id: service.id })} />
        <FactList facts={facts} className="mb-6" />
        <h2 className="mb-2 text-lg font-semibold">{t("orders")}</h2>
        <Table caption={services("ordersCaption")} stacked>
          <thead>
            <tr>
              <Th>{services("colWhat")}</Th>
              <Th>{services("colStatus")}</Th>
              <Th>{services("colPlaced")}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {orders.length === 0 ? <EmptyRow colSpan={3}>{services("noOrders")}</EmptyRow> : null}
            {orders.map((o) => (
              <tr key={o.id}>
                <Td label={services("colWhat")}>
                  <Link className="text-blue-800 underline-offset-2 hover:underline" href={`/support/orders/${o.id}`}>
                    {actionText(o.action)}
                  </Link>
                </Td>
                <Td label={services("colStatus")}>
                  <StatusPill status={o.status} />
                </Td>
                <Td label={services("colPlaced")} className="whitespace-nowrap">
                  <TimeText at={o.createdAt} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
        {service.kind === "grommunio_domain" ? (
          <TitledSection
            id="purge-title"
            title={t("purgeTitle")}
            className="mt-6 rounded-md border border-red-200 bg-white p-4"
            headingClassName="mb-1"
          >
            <p className="mb-2 text-sm">{t("purgeHelp")}</p>
            {viewer.role !== "admin" ? (
              <p className="text-sm text-slate-700">{t("adminOnly")}</p>
            ) : refusal ? (
              <p className="text-sm text-slate-700">{refusal}</p>
            ) : (
              <PurgeForm
                action={purgeServiceAction.bind(null, service.id)}
                name={service.displayName}
                idempotencyKey={randomUUID()}
                labels={{
                  submit: t("purgeSubmit"),
                  deleteFiles: t("purgeDeleteFiles"),
                  reason: t("purgeReason"),
                  reasonHint: t("purgeReasonHint"),
                }}
              />
            )}
          </TitledSection>
        ) : null}
      </main>
    </ClientMessages>
  );
}

function detailOf(settings: unknown): string | undefined {
  const detail =
    settings && typeof settings === "object" ? (settings as Record<string, unknown>).status_detail : undefined;
  return typeof detail === "string" && detail ? detail : undefined;
}
