import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/app/ui/page-header";
import { requireResellerAccess } from "@/lib/auth/session";
import { getCustomer } from "@/lib/customers/queries";
import { customerFormValues } from "@/lib/customers/schemas";
import { ResellerNav } from "../../../_components/reseller-nav";
import { updateCustomerAction } from "../../actions";
import { CustomerForm } from "../../customer-form";

export const metadata: Metadata = { title: "Edit customer" };

export default async function EditCustomerPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const { reseller } = await requireResellerAccess(slug);
  const customer = await getCustomer(reseller.id, id);
  if (!customer) notFound();
  return (
    <>
      <ResellerNav slug={slug} current="customers" />
      <main>
        <PageHeader title={`Edit ${customer.name}`} />
        <CustomerForm
          action={updateCustomerAction.bind(null, slug, customer.id)}
          initial={customerFormValues(customer)}
          submitLabel="Save changes"
          cancelHref={`/r/${slug}/customers/${customer.id}`}
        />
      </main>
    </>
  );
}
