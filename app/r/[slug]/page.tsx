import type { Metadata } from "next";
import { requireResellerAccess } from "@/lib/auth/session";
import { countCustomers } from "@/lib/customers/count-customers";

export const dynamic = "force-dynamic";
type Props = { params: Promise<{ slug: string }> };

// Metadata renders even when the layout answers 404, so the title is guarded too.
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { reseller } = await requireResellerAccess((await params).slug);
  return { title: `${reseller.name} dashboard` };
}

// Placeholder dashboard (issue 2); the order views replace it.
export default async function ResellerDashboard({ params }: Props) {
  const { reseller } = await requireResellerAccess((await params).slug);
  const customers = await countCustomers(reseller.id);
  return (
    <main>
      <h1 className="text-2xl font-semibold text-slate-900">{reseller.name} dashboard</h1>
      <dl className="mt-6 grid max-w-xs gap-4">
        <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <dt className="text-sm text-slate-500">Customers</dt>
          <dd className="mt-1 text-3xl font-semibold text-slate-900" data-testid="customer-count">{customers}</dd>
        </div>
      </dl>
    </main>
  );
}
