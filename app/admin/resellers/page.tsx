import type { Metadata } from "next";
import { PageHeader } from "@/app/ui/page-header";
import { listResellers } from "@/lib/admin/resellers";
import { requireRole } from "@/lib/auth/session";
import { AdminForm } from "../_components/admin-form";
import { AdminNav } from "../_components/admin-nav";
import { updateLimitsAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Resellers" };

export default async function ResellersPage() {
  const viewer = await requireRole("admin");
  const resellers = await listResellers(viewer);
  return (
    <main>
      <PageHeader title="Resellers" description="Limits on what each reseller may order. Changes are audited." />
      <AdminNav current="/admin/resellers" />
      <ul className="space-y-4">
        {resellers.length === 0 ? <li className="text-slate-600">No resellers yet.</li> : null}
        {resellers.map((r) => (
          <li key={r.id} className="rounded-md border border-slate-200 bg-white p-4" data-reseller={r.slug}>
            <h2 className="font-semibold">
              {r.name}{" "}
              <span className="text-sm font-normal text-slate-600">
                ({r.slug} · {r._count.users} users · {r._count.customers} customers)
              </span>
            </h2>
            <AdminForm
              id={`limits-${r.id}`}
              inline
              submitLabel="Save limits"
              action={updateLimitsAction}
              fields={[
                { name: "resellerId", label: "", type: "hidden", value: r.id },
                { name: "maxDomains", label: "Max domains", type: "number", defaultValue: r.maxDomains },
                { name: "maxManagers", label: "Max managers", type: "number", defaultValue: r.maxManagers },
                { name: "maxServers", label: "Max servers", type: "number", defaultValue: r.maxServers },
              ]}
            />
          </li>
        ))}
      </ul>
    </main>
  );
}
