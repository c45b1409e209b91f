import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { ButtonLink } from "@/app/ui/button";
import { PageHeader } from "@/app/ui/page-header";
import { PortalText } from "@/app/ui/portal-text";
import { providerOfKind } from "@/app/ui/provider-words";
import { StatusPill } from "@/app/ui/status-pill";
import { EmptyRow, Table, Td, Th } from "@/app/ui/table";
import { TimeText } from "@/app/ui/time-text";
import { TitledSection } from "@/app/ui/titled-section";
import { requireResellerAccess } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { DATE_TIME } from "@/lib/i18n/formats";
import { localizeSentence } from "@/lib/i18n/sentences";
import { domainCodeChoices } from "@/lib/orders/queries/order-form-options";
import { isOrderKindValue, OPEN_STATUSES } from "@/lib/orders/vocabulary";
import { getService, refusedChange, serviceAudit, serviceOrders } from "@/lib/services/queries";
import { refreshService } from "@/lib/services/read-live";
import { problemsInWords } from "../../_components/problems-in-words";
import { ResellerNav } from "../../_components/reseller-nav";
import { UpstreamStateBadge, upstreamStateBadge } from "../../_components/services-table";
import { ActivationPanel } from "./activation-panel";
import { auditText } from "./audit-text";
import { AutoRefresh } from "./auto-refresh";
import { ManageSection } from "./manage-section";
import { SettingsList } from "./settings-list";

// The tab names the service and whose it is ("Service bücher.de · Alpine Hosting"), read with
// the same reseller scope as the page.
export async function generateMetadata({
  params,
}: {
  params: Promise<{ slug: string; id: string }>;
}): Promise<Metadata> {
  const { slug, id } = await params;
  const { reseller } = await requireResellerAccess(slug);
  const [service, t] = await Promise.all([getService(reseller.id, id), getTranslations("services")]);
  return { title: service ? t("metaTitle", { name: service.displayName, reseller: reseller.name }) : t("service") };
}

const ACTIONS = new Set(["create", "change", "suspend", "resume", "delete"]);
export const dynamic = "force-dynamic";

export default async function ServicePage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const { reseller } = await requireResellerAccess(slug);
  const [service, t, kinds, format, orderPage, tSentences] = await Promise.all([
    getService(reseller.id, id),
    getTranslations("services"),
    getTranslations("kinds"),
    getFormatter(),
    getTranslations("orderPage"),
    getTranslations("sentences"),
  ]);
  if (!service) notFound();
  // Read from the provider on every view (and every auto-refresh): the page shows what is true now.
  const reading = service.status === "active" ? await refreshService(service) : undefined;
  const state = reading?.ok ? reading.state : service.upstreamState;
  const settings = (reading?.ok ? reading.settings : (service.settings ?? {})) as Record<string, unknown>;
  const orders = await serviceOrders(reseller.id, service);
  // A change the provider refused on named fields: its form starts from what it asked for.
  const refused = service.status === "active" ? await refusedChange(reseller.id, service.id) : undefined;
  const refusedWords = refused ? await problemsInWords(refused.fieldErrors, service.kind) : undefined;
  // A manager's domains as the refused change asked for them, named, for its form's picker.
  const refusedDomains =
    service.kind === "qboxmail_manager" && Array.isArray(refused?.set.domain_codes)
      ? await domainCodeChoices(reseller.id, refused.set.domain_codes)
      : undefined;
  // A manager's domains as the change form's picker starts from them: names beside the codes.
  const managerDomains =
    service.kind === "qboxmail_manager" && service.status === "active"
      ? await domainCodeChoices(reseller.id, settings.domain_codes)
      : undefined;
  const audit = await serviceAudit(
    reseller.id,
    orders.map((o) => o.id),
    service.id,
  );
  const actionOfOrder = new Map(orders.map((o) => [o.id, o.action]));

  return (
    <ClientMessages namespaces={["orderFields", "orderForm", "picker", "services", "validation"]}>
      <ResellerNav slug={slug} current="services" />
      <main id="main">
        <PageHeader
          title={service.displayName}
          description={t("description", {
            kind: isOrderKindValue(service.kind) ? kinds(service.kind) : service.kind,
            customer: service.customer.name,
            ref: service.upstreamRef,
          })}
          actions={
            <>
              <ButtonLink href={`/r/${slug}/services/${service.id}`}>{t("refresh")}</ButtonLink>
              <ButtonLink href={`/r/${slug}/customers/${service.customer.id}`}>{t("customer")}</ButtonLink>
            </>
          }
        />
        <p className="mb-4 flex flex-wrap items-center gap-2 text-sm">
          <span>{t("stateAtProvider")}</span>
          <span data-testid="service-state">
            <UpstreamStateBadge state={state} status={service.status} />
          </span>
          {reading && !reading.ok ? (
            <span className="text-red-800">
              {reading.detail !== undefined ? (
                <>
                  {t("readFailedNow")} <PortalText provider={providerOfKind(service.kind)} text={reading.detail} />
                </>
              ) : (
                localizeSentence(reading.message, tSentences)
              )}
            </span>
          ) : null}
          {service.readAt && !reading?.ok ? (
            <span className="text-slate-700">{t("lastRead", { at: format.dateTime(service.readAt, DATE_TIME) })}</span>
          ) : null}
        </p>
        {/* Only a live service is read again: a deleted or gone one is not read at all. */}
        {service.status === "active" ? (
          <AutoRefresh
            seconds={env().SERVICE_PAGE_REFRESH_SECONDS}
            stateText={t("autoRefresh.stateNow", { state: upstreamStateBadge(t, state, service.status).label })}
          />
        ) : null}
        <ActivationPanel
          slug={slug}
          service={service}
          state={state}
          settings={settings}
          deleting={orders.some((o) => o.action === "delete" && OPEN_STATUSES.includes(o.status))}
        />
        <TitledSection id="settings-title" title={t("currentSettings")} className="mb-6" headingClassName="mb-2">
          <SettingsList kind={service.kind} settings={settings} />
        </TitledSection>
        <ManageSection
          slug={slug}
          service={service}
          state={state}
          settings={settings}
          managerDomains={managerDomains}
          refused={
            refused && refusedWords ? { set: refused.set, errors: refusedWords, domains: refusedDomains } : undefined
          }
        />
        <TitledSection id="orders-title" title={t("orderHistory")} className="mb-6" headingClassName="mb-2">
          <Table caption={t("ordersCaption")} stacked>
            <thead>
              <tr>
                <Th>{t("colWhat")}</Th>
                <Th>{t("colStatus")}</Th>
                <Th>{t("colPlaced")}</Th>
                <Th>{t("colNote")}</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {orders.length === 0 ? <EmptyRow colSpan={4}>{t("noOrders")}</EmptyRow> : null}
              {orders.map((o) => (
                <tr key={o.id}>
                  <Td label={t("colWhat")}>
                    <Link
                      className="text-blue-800 underline-offset-2 hover:underline"
                      href={`/r/${slug}/orders/${o.id}`}
                    >
                      {ACTIONS.has(o.action) ? t(`actions.${o.action}`) : o.action}
                    </Link>
                  </Td>
                  <Td label={t("colStatus")}>
                    <StatusPill status={o.status} />
                  </Td>
                  <Td label={t("colPlaced")} className="sm:whitespace-nowrap">
                    <TimeText at={o.createdAt} />
                  </Td>
                  <Td label={t("colNote")}>
                    {o.status === "failed" && o.lastError ? (
                      <PortalText provider={providerOfKind(service.kind)} text={o.lastError} />
                    ) : null}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </TitledSection>
        <TitledSection id="audit-title" title={t("auditTrail")} headingClassName="mb-2">
          <ol className="space-y-1 text-sm">
            {audit.map((e) => (
              <li key={String(e.id)} className="flex flex-wrap gap-x-3">
                <TimeText at={e.at} />
                <span className="font-medium">
                  {auditText(t, orderPage, e.action, e.orderId ? actionOfOrder.get(e.orderId) : undefined)}
                </span>
                <span>{e.actorType === "user" ? (e.actorLabel ?? t("aPerson")) : t("theSystem")}</span>
                {e.reason ? (
                  // A person's reason as typed; the portal's own texts in words, else the provider's.
                  <PortalText
                    text={e.reason}
                    provider={providerOfKind(service.kind)}
                    unknown={e.actorType === "user" ? "plain" : "provider"}
                    className="text-slate-700"
                  />
                ) : null}
              </li>
            ))}
          </ol>
        </TitledSection>
      </main>
    </ClientMessages>
  );
}
