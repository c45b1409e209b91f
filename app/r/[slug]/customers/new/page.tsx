import type { Metadata } from "next";
import { PageHeader } from "@/app/ui/page-header";
import { requireResellerAccess } from "@/lib/auth/session";
import { customerFormValues } from "@/lib/customers/schemas";
import { ResellerNav } from "../../_components/reseller-nav";
import { createCustomerAction } from "../actions";
import { CustomerForm } from "../customer-form";

export const metadata: Metadata = { title: "New customer" };

export default async function NewCustomerPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireResellerAccess(slug);
  return (
    <>
      <ResellerNav slug={slug} current="customers" />
      <main>
        <PageHeader title="New customer" />
        <CustomerForm
          action={createCustomerAction.bind(null, slug)}
          initial={customerFormValues({})}
          submitLabel="Create customer"
          cancelHref={`/r/${slug}/customers`}
        />
      </main>
    </>
  );
}
