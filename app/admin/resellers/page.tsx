import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/app/ui/page-header";
import { CursorPagination } from "@/app/ui/pagination";
import { SearchBox } from "@/app/ui/search-box";
import { listSharedServers } from "@/lib/admin/reseller-upstream";
import { listResellers } from "@/lib/admin/resellers";
import { requireRole } from "@/lib/auth/session";
import { listLinks, readListAddress } from "@/lib/pagination/list-address";
import { AdminForm } from "../_components/admin-form";
import { AdminNav } from "../_components/admin-nav";
import { shareServerAction, unshareServerAction, updateLimitsAction, updateUpstreamAction } from "../actions";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  await requireRole("admin");
  return { title: (await getTranslations("admin.resellers"))("title") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const BASE = "/admin/resellers";
const numeric = { type: "text", inputMode: "numeric" } as const;

export default async function ResellersPage({ searchParams }: Props) {
  const viewer = await requireRole("admin");
  const sp = await searchParams;
  const address = readListAddress(sp);
  const { q, after, before } = address;
  // A page of resellers at a time, found by a search: each carries three forms, and an
  // installation's hundreds of resellers made this page megabytes long (docs/benchmarks/pages.md
  // "Pages: the admin's users and resellers").
  const [{ rows: resellers, nextAfter, prevBefore }, t, admin] = await Promise.all([
    listResellers(viewer, { q, after, before }),
    getTranslations("admin.resellers"),
    getTranslations("admin"),
  ]);
  const shares = await listSharedServers(
    viewer,
    resellers.map((r) => r.id),
  );
  const reason = { label: admin("reason"), hint: admin("reasonHint") };
  return (
    <main id="main">
      <PageHeader title={t("title")} description={t("description")} />
      <AdminNav current="/admin/resellers" />
      <SearchBox action={BASE} id="reseller-search" label={t("searchLabel")} value={q ?? ""} submit={t("search")} />
      <ul className="space-y-4" aria-label={t("listCaption")}>
        {resellers.length === 0 ? <li className="text-slate-600">{q ? t("noMatch") : t("none")}</li> : null}
        {resellers.map((r) => (
          <li key={r.id} className="rounded-md border border-slate-200 bg-white p-4" data-reseller={r.slug}>
            <h2 className="font-semibold">
              {r.name}{" "}
              <span className="text-sm font-normal text-slate-600">
                {t("counts", { slug: r.slug, users: r._count.users, customers: r._count.customers })}
              </span>
            </h2>
            <AdminForm
              id={`limits-${r.id}`}
              inline
              submitLabel={t("saveLimits")}
              reason={reason}
              action={updateLimitsAction}
              fields={[
                { name: "resellerId", label: "", type: "hidden", value: r.id },
                // The version this page shows: a save after someone else's is refused, not written over it.
                { name: "updatedAt", label: "", type: "hidden", value: r.updatedAt.toISOString() },
                // Numbers are text boxes (admin-form.tsx): what was typed reaches the schema.
                { name: "maxDomains", label: t("maxDomains"), ...numeric, defaultValue: r.maxDomains },
                { name: "maxManagers", label: t("maxManagers"), ...numeric, defaultValue: r.maxManagers },
                { name: "maxServers", label: t("maxServers"), ...numeric, defaultValue: r.maxServers },
              ]}
            />
            <h3 className="mt-4 font-semibold">{t("upstreamTitle")}</h3>
            <p className="text-sm text-slate-600">{t("upstreamHelp")}</p>
            <AdminForm
              id={`upstream-${r.id}`}
              inline
              submitLabel={t("saveIdentifiers")}
              reason={reason}
              action={updateUpstreamAction}
              fields={[
                { name: "resellerId", label: "", type: "hidden", value: r.id },
                { name: "updatedAt", label: "", type: "hidden", value: r.updatedAt.toISOString() },
                {
                  name: "grommunioOrgId",
                  label: t("grommunioOrgId"),
                  ...numeric,
                  defaultValue: r.grommunioOrgId ?? "",
                },
                {
                  name: "qboxmailCustomerCode",
                  label: t("qboxmailCustomerCode"),
                  type: "text",
                  defaultValue: r.qboxmailCustomerCode ?? "",
                },
                {
                  name: "qboxmailOutboundLimitId",
                  label: t("qboxmailOutboundLimitId"),
                  ...numeric,
                  defaultValue: r.qboxmailOutboundLimitId ?? "",
                },
              ]}
            />
            <h3 className="mt-4 font-semibold">{t("sharedTitle")}</h3>
            <p className="text-sm text-slate-600">{t("sharedHelp")}</p>
            <ul className="my-2 space-y-2">
              {shares.filter((s) => s.resellerId === r.id).length === 0 ? (
                <li className="text-sm text-slate-600">{t("noneShared")}</li>
              ) : null}
              {shares
                .filter((s) => s.resellerId === r.id)
                .map((s) => (
                  <li key={s.id} data-share={s.serverId}>
                    <span className="font-medium">{t("server", { id: s.serverId, label: s.label })}</span>
                    <AdminForm
                      id={`unshare-${s.id}`}
                      inline
                      variant="secondary"
                      submitLabel={t("stopSharing")}
                      reason={reason}
                      action={unshareServerAction}
                      fields={[{ name: "shareId", label: "", type: "hidden", value: s.id }]}
                    />
                  </li>
                ))}
            </ul>
            <AdminForm
              id={`share-${r.id}`}
              inline
              submitLabel={t("share")}
              reason={reason}
              action={shareServerAction}
              fields={[
                { name: "resellerId", label: "", type: "hidden", value: r.id },
                { name: "serverId", label: t("serverId"), ...numeric },
                { name: "label", label: t("label"), type: "text" },
              ]}
            />
          </li>
        ))}
      </ul>
      <CursorPagination label={t("pagesLabel")} {...listLinks(BASE, address, { nextAfter, prevBefore })} />
    </main>
  );
}
