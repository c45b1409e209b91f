import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { PageHeader } from "@/app/ui/page-header";
import { requireResellerAccess } from "@/lib/auth/session";
import { getCustomer } from "@/lib/customers/queries";
import { customerFormValues } from "@/lib/customers/schemas";
import { ResellerNav } from "../../../_components/reseller-nav";
import { updateCustomerAction } from "../../actions";
import { CustomerForm } from "../../customer-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("customers"))("edit") };
}

export default async function EditCustomerPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const { reseller } = await requireResellerAccess(slug);
  const [customer, t] = await Promise.all([getCustomer(reseller.id, id), getTranslations("customers")]);
  if (!customer) notFound();
  return (
    <ClientMessages namespaces={["customers", "validation"]}>
      <ResellerNav slug={slug} current="customers" />
      <main id="main">
        <PageHeader title={t("editTitle", { name: customer.name })} />
        <CustomerForm
          action={updateCustomerAction.bind(null, slug, customer.id)}
          initial={customerFormValues(customer)}
          submitLabel={t("save")}
          cancelHref={`/r/${slug}/customers/${customer.id}`}
          updatedAt={customer.updatedAt.toISOString()}
        />
      </main>
    </ClientMessages>
  );
}
