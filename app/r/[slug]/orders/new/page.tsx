import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ButtonLink } from "@/app/ui/button";
import { PageHeader } from "@/app/ui/page-header";
import { requireResellerAccess } from "@/lib/auth/session";
import { customerOptions } from "@/lib/customers/queries";
import { homeServerOptions, qboxmailDomainCodeOptions } from "@/lib/orders/queries/order-form-options";
import { getResubmitSource } from "@/lib/orders/queries/resubmit-source";
import { type FieldOption, isOrderKind, orderKinds } from "@/lib/orders/schemas";
import { ResellerNav } from "../../_components/reseller-nav";
import { placeOrderAction } from "../actions";
import { formValuesFrom } from "./form-values";
import { KindChooser } from "./kind-chooser";
import { OrderForm } from "./order-form";

export const metadata: Metadata = { title: "New order" };
export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};
const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

export default async function NewOrderPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { reseller } = await requireResellerAccess(slug);
  const sp = await searchParams;
  const fromId = one(sp.from);
  const source = fromId ? await getResubmitSource(reseller.id, fromId) : null;
  if (fromId && !source) notFound();
  const kind = source?.kind ?? one(sp.kind);
  const customerId = one(sp.customer);

  if (!isOrderKind(kind)) {
    return (
      <>
        <ResellerNav slug={slug} current="new-order" />
        <main>
          <PageHeader title="New order" description="What would you like to order?" />
          <KindChooser slug={slug} customerId={customerId} />
        </main>
      </>
    );
  }

  const def = orderKinds[kind];
  const [customers, dynamicOptions] = await Promise.all([customerOptions(reseller.id), optionsFor(kind, reseller.id)]);
  return (
    <>
      <ResellerNav slug={slug} current="new-order" />
      <main>
        <PageHeader
          title={source ? `Edit and resubmit: ${def.label}` : `New ${def.label}`}
          description={
            source ? "Fix the fields the provider rejected, type the passwords again, and resubmit." : def.description
          }
        />
        {source?.lastError ? (
          <p className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
            <span className="font-medium">Why the earlier order failed:</span> {source.lastError}
          </p>
        ) : null}
        {customers.length === 0 && !source ? (
          <div className="space-y-3">
            <p>Every order is for one of your customers. Create a customer first.</p>
            <ButtonLink href={`/r/${slug}/customers/new`} variant="primary">
              New customer
            </ButtonLink>
          </div>
        ) : (
          <OrderForm
            kind={kind}
            action={placeOrderAction.bind(null, slug, kind, source?.id ?? null)}
            idempotencyKey={randomUUID()}
            initialValues={formValuesFrom(def.fieldSections, def.defaults, source?.payload)}
            customers={customers}
            customerId={customerId}
            fixedCustomer={source?.customer}
            dynamicOptions={dynamicOptions}
            initialErrors={source?.fieldErrors}
            cancelHref={source ? `/r/${slug}/orders/${source.id}` : `/r/${slug}/orders/new`}
            submitLabel={source ? "Resubmit order" : "Place order"}
            ordersPath={`/r/${slug}/orders`}
          />
        )}
      </main>
    </>
  );
}

async function optionsFor(kind: string, resellerId: string): Promise<Record<string, FieldOption[]>> {
  if (kind === "grommunio_domain") return { homeserverOrderId: await homeServerOptions(resellerId) };
  if (kind === "qboxmail_manager") return { domain_codes: await qboxmailDomainCodeOptions(resellerId) };
  return {};
}
