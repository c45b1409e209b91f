import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { ButtonLink } from "@/app/ui/button";
import { OrderSentenceText } from "@/app/ui/order-sentence-text";
import { PageHeader } from "@/app/ui/page-header";
import { TitledSection } from "@/app/ui/titled-section";
import { requireResellerAccess } from "@/lib/auth/session";
import type { OrderKind } from "@/lib/generated/prisma/enums";
import { DATE_TIME } from "@/lib/i18n/formats";
import { orderSentence } from "@/lib/orders/order-sentence";
import { getOrderSnapshot } from "@/lib/orders/queries/order-view";
import {
  homeserverOrderIdOf,
  managerDomainCodesOf,
  qboxmailDomainNames,
  serverOrderHostnames,
} from "@/lib/orders/queries/server-names";
import { isOrderKind, labelledFieldSections, orderKinds } from "@/lib/orders/schemas";
import { ResellerNav } from "../../_components/reseller-nav";
import { type SettingWords, settingLabel, settingValue } from "../../services/[id]/setting-text";
import { cancelOrderAction } from "../actions";
import { LiveOrder } from "./live-order";
import { changeSummary, fieldLabels, orderSummary } from "./order-summary";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string; id: string }> };

/** "Order shop.it · Alpine Hosting": the tab says which order, and for whom. */
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, id } = await params;
  const { reseller } = await requireResellerAccess(slug);
  const [order, t] = await Promise.all([getOrderSnapshot(reseller.id, id), getTranslations("orderPage")]);
  return { title: order ? t("metaTitle", { name: order.displayName, reseller: reseller.name }) : reseller.name };
}

export default async function OrderPage({ params }: Props) {
  const { slug, id } = await params;
  const { reseller } = await requireResellerAccess(slug);
  const [order, t, services, fields, form, format] = await Promise.all([
    getOrderSnapshot(reseller.id, id),
    getTranslations("orderPage"),
    getTranslations("services"),
    getTranslations("orderFields"),
    getTranslations("orderForm"),
    getFormatter(),
  ]);
  if (!order) notFound();
  // What was ordered or changed in the service page's words (one label per field everywhere).
  const words: SettingWords = {
    services,
    fields,
    form,
    page: t,
    number: (n, fractionDigits = 0) => format.number(n, { maximumFractionDigits: fractionDigits }),
    date: (d, what) => format.dateTime(d, what === "day" ? { dateStyle: "long", timeZone: "UTC" } : DATE_TIME),
  };
  const kind = order.kind as OrderKind;
  const sections = isOrderKind(order.kind) ? orderKinds[order.kind].fieldSections : [];
  const describe = (key: string, value: unknown) => ({
    label: settingLabel(words, kind, key),
    value: settingValue(words, kind, key, value),
  });
  const summary =
    order.action === "create"
      ? orderSummary(t, sections, order.payload, isOrderKind(order.kind) ? describe : undefined)
      : changeSummary(t, order.action, order.payload, describe);
  const serverId = homeserverOrderIdOf(order.payload);
  const [servers, domainNames] = await Promise.all([
    serverId ? serverOrderHostnames(reseller.id, [serverId]) : new Map<string, string>(),
    order.kind === "qboxmail_manager"
      ? qboxmailDomainNames(reseller.id, managerDomainCodesOf(order.payload))
      : new Map<string, string>(),
  ]);
  const sentence = orderSentence({
    kind: order.kind,
    action: order.action,
    displayName: order.displayName,
    naturalKey: order.naturalKey,
    customerName: order.customer.name,
    payload: order.payload,
    serverHostname: serverId ? (servers.get(serverId) ?? null) : null,
    domainNames,
  });

  return (
    <ClientMessages namespaces={["fieldProblems", "kinds", "orderPage", "portalTexts", "status"]}>
      <ResellerNav slug={slug} current="orders" />
      <main id="main">
        <PageHeader
          title={order.displayName}
          description={<OrderSentenceText sentence={sentence} />}
          actions={
            <>
              {order.serviceId ? (
                <ButtonLink href={`/r/${slug}/services/${order.serviceId}`}>{t("service")}</ButtonLink>
              ) : null}
              <ButtonLink href={`/r/${slug}/orders`}>{t("allOrders")}</ButtonLink>
            </>
          }
        />
        <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
          <LiveOrder
            slug={slug}
            initial={order}
            labels={fieldLabels(fields, kind, labelledFieldSections(kind))}
            cancelAction={cancelOrderAction.bind(null, slug, order.id)}
          />
          <TitledSection
            id="summary-title"
            title={order.action === "create" ? t("whatOrdered") : t("whatAsked")}
            className="h-fit rounded-md border border-slate-200 bg-white p-4"
            headingClassName="mb-2"
          >
            <dl className="space-y-1 text-sm">
              {summary.map((row) => (
                <div key={row.label} className="flex flex-wrap justify-between gap-x-3">
                  <dt className="text-slate-700">{row.label}</dt>
                  <dd className="break-all font-medium">{row.value}</dd>
                </div>
              ))}
            </dl>
          </TitledSection>
        </div>
      </main>
    </ClientMessages>
  );
}
