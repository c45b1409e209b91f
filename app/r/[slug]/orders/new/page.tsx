import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { ButtonLink } from "@/app/ui/button";
import { PageHeader } from "@/app/ui/page-header";
import { PortalText } from "@/app/ui/portal-text";
import { providerOfKind } from "@/app/ui/provider-words";
import type { PickerOption } from "@/app/ui/search-picker";
import type { SessionUser } from "@/lib/auth/session";
import { requireResellerAccess } from "@/lib/auth/session";
import { customerChoices } from "@/lib/customers/queries";
import { domainCodeChoices } from "@/lib/orders/queries/order-form-options";
import { getResubmitSource } from "@/lib/orders/queries/resubmit-source";
import { isOrderKind, orderKinds } from "@/lib/orders/schemas";
import { listUsableServers } from "@/lib/orders/usable-servers";
import { oneParam } from "@/lib/pagination/list-address";
import { problemsInWords } from "../../_components/problems-in-words";
import { ResellerNav } from "../../_components/reseller-nav";
import { placeOrderAction } from "../actions";
import { formValuesFrom, IDNA_FIELDS } from "./form-values";
import { KindChooser } from "./kind-chooser";
import { OrderForm } from "./order-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("orderForm.page"))("title") };
}
export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function NewOrderPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { user, reseller } = await requireResellerAccess(slug);
  const sp = await searchParams;
  const fromId = oneParam(sp, "from");
  const source = fromId ? await getResubmitSource(reseller.id, fromId) : null;
  if (fromId && !source) notFound();
  const kind = source?.kind ?? oneParam(sp, "kind");
  const customerId = oneParam(sp, "customer");
  const [t, kindName] = await Promise.all([getTranslations("orderForm.page"), getTranslations("kinds")]);

  if (!isOrderKind(kind)) {
    // The kind chooser is links only: no client messages beyond the base.
    return (
      <>
        <ResellerNav slug={slug} current="new-order" />
        <main id="main">
          <PageHeader title={t("title")} description={t("chooseKind")} />
          <KindChooser slug={slug} customerId={customerId} />
        </main>
      </>
    );
  }

  const def = orderKinds[kind];
  const [customers, pickerInitial] = await Promise.all([
    customerChoices(reseller.id, customerId),
    pickerStart(kind, user, reseller.id, source?.payload),
  ]);
  return (
    <ClientMessages namespaces={["nameCheck", "orderFields", "orderForm", "picker", "status", "validation"]}>
      <ResellerNav slug={slug} current="new-order" />
      <main id="main">
        <PageHeader
          title={t(source ? "resubmitTitle" : "newTitle", { kind: kindName(kind) })}
          description={source ? t("resubmitIntro") : (await getTranslations("orderForm.kindDescriptions"))(kind)}
        />
        {source?.lastError ? (
          <p className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
            <span className="font-medium">{t("earlierFailed")}</span>{" "}
            <PortalText provider={providerOfKind(source.kind)} text={source.lastError} />
          </p>
        ) : null}
        {customers.options.length === 0 && !customers.searchable && !source ? (
          <div className="space-y-3">
            <p>{t("customerFirst")}</p>
            <ButtonLink href={`/r/${slug}/customers/new`} variant="primary">
              {t("newCustomer")}
            </ButtonLink>
          </div>
        ) : (
          <OrderForm
            kind={kind}
            action={placeOrderAction.bind(null, slug, kind, source?.id ?? null)}
            idempotencyKey={randomUUID()}
            initialValues={formValuesFrom(def.fieldSections, def.defaults, source?.payload, {
              idnaField: IDNA_FIELDS[kind]?.name,
            })}
            customers={customers.options}
            customerSearch={customers.searchable}
            customerId={customerId}
            fixedCustomer={source?.customer}
            pickerInitial={pickerInitial}
            initialErrors={source ? await problemsInWords(source.fieldErrors, source.kind) : undefined}
            cancelHref={source ? `/r/${slug}/orders/${source.id}` : `/r/${slug}/orders/new`}
            submitLabel={t(source ? "resubmit" : "submit")}
            ordersPath={`/r/${slug}/orders`}
            ownPolicy={source?.payload.syncPolicy != null}
          />
        )}
      </main>
    </ClientMessages>
  );
}

/** The pickers' chosen entries when resubmitting, with their labels. */
async function pickerStart(
  kind: string,
  user: SessionUser,
  resellerId: string,
  payload: Record<string, unknown> | undefined,
): Promise<Record<string, PickerOption[]>> {
  if (kind === "grommunio_domain" && payload) {
    const serverId = typeof payload.homeserver === "number" ? payload.homeserver : null;
    const orderId = typeof payload.homeserverOrderId === "string" ? payload.homeserverOrderId : null;
    if (serverId === null && orderId === null) return {};
    const t = await getTranslations("picker");
    const found = (await listUsableServers(user, resellerId, { limit: 200 })).find(
      (s) => (serverId !== null && s.serverId === serverId) || (orderId !== null && s.orderId === orderId),
    );
    const value = serverId !== null ? String(serverId) : `order:${orderId}`;
    return { homeserver: [{ value, label: found?.label ?? t("serverId", { id: serverId ?? "?" }) }] };
  }
  if (kind === "qboxmail_manager" && Array.isArray(payload?.domain_codes))
    return { domain_codes: await domainCodeChoices(resellerId, payload.domain_codes) };
  return {};
}
