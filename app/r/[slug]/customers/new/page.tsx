import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { PageHeader } from "@/app/ui/page-header";
import { requireResellerAccess } from "@/lib/auth/session";
import { customerFormValues } from "@/lib/customers/schemas";
import { ResellerNav } from "../../_components/reseller-nav";
import { createCustomerAction } from "../actions";
import { CustomerForm } from "../customer-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("customers"))("newCustomer") };
}

export default async function NewCustomerPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireResellerAccess(slug);
  const t = await getTranslations("customers");
  return (
    <ClientMessages namespaces={["customers", "validation"]}>
      <ResellerNav slug={slug} current="customers" />
      <main id="main">
        <PageHeader title={t("newCustomer")} />
        <CustomerForm
          action={createCustomerAction.bind(null, slug)}
          initial={customerFormValues({})}
          submitLabel={t("create")}
          cancelHref={`/r/${slug}/customers`}
        />
      </main>
    </ClientMessages>
  );
}
