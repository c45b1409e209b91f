import type { Metadata } from "next";
import { PageHeader } from "@/app/ui/page-header";
import { listSharedServers } from "@/lib/admin/reseller-upstream";
import { listResellers } from "@/lib/admin/resellers";
import { requireRole } from "@/lib/auth/session";
import { AdminForm } from "../_components/admin-form";
import { AdminNav } from "../_components/admin-nav";
import { shareServerAction, unshareServerAction, updateLimitsAction, updateUpstreamAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Resellers" };

export default async function ResellersPage() {
  const viewer = await requireRole("admin");
  const [resellers, shares] = await Promise.all([listResellers(viewer), listSharedServers(viewer)]);
  return (
    <main>
      <PageHeader
        title="Resellers"
        description="Limits on what each reseller may order, where its orders land upstream and which grommunio servers it may use. Changes are audited."
      />
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
            <h3 className="mt-4 font-semibold">Upstream identifiers</h3>
            <p className="text-sm text-slate-600">
              Written into every new order of this reseller; the reseller cannot change them. Leave empty for none.
            </p>
            <AdminForm
              id={`upstream-${r.id}`}
              inline
              submitLabel="Save identifiers"
              action={updateUpstreamAction}
              fields={[
                { name: "resellerId", label: "", type: "hidden", value: r.id },
                {
                  name: "grommunioOrgId",
                  label: "grommunio organisation ID",
                  type: "number",
                  defaultValue: r.grommunioOrgId ?? "",
                },
                {
                  name: "qboxmailCustomerCode",
                  label: "Qboxmail customer code",
                  type: "text",
                  defaultValue: r.qboxmailCustomerCode ?? "",
                },
                {
                  name: "qboxmailOutboundLimitId",
                  label: "Qboxmail outbound limit ID",
                  type: "number",
                  defaultValue: r.qboxmailOutboundLimitId ?? "",
                },
              ]}
            />
            <h3 className="mt-4 font-semibold">Shared grommunio servers</h3>
            <p className="text-sm text-slate-600">
              Besides the servers it ordered here, the reseller may place domains on these.
            </p>
            <ul className="my-2 space-y-2">
              {shares.filter((s) => s.resellerId === r.id).length === 0 ? (
                <li className="text-sm text-slate-600">None shared.</li>
              ) : null}
              {shares
                .filter((s) => s.resellerId === r.id)
                .map((s) => (
                  <li key={s.id} data-share={s.serverId}>
                    <span className="font-medium">
                      Server {s.serverId}: {s.label}
                    </span>
                    <AdminForm
                      id={`unshare-${s.id}`}
                      inline
                      variant="secondary"
                      submitLabel="Stop sharing"
                      action={unshareServerAction}
                      fields={[{ name: "shareId", label: "", type: "hidden", value: s.id }]}
                    />
                  </li>
                ))}
            </ul>
            <AdminForm
              id={`share-${r.id}`}
              inline
              submitLabel="Share server"
              action={shareServerAction}
              fields={[
                { name: "resellerId", label: "", type: "hidden", value: r.id },
                { name: "serverId", label: "grommunio server ID", type: "number" },
                { name: "label", label: "Label (host name)", type: "text" },
              ]}
            />
          </li>
        ))}
      </ul>
    </main>
  );
}
