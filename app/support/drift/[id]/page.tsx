// Adopting one unowned resource: support finds the customer it belongs to by a search (name,
// reference or reseller) and adopts it into them. The page reads the resource from the provider
// as it opens and shows whose it says it is (a Qboxmail customer code and company, a grommunio
// organisation and title, and the reseller such an identifier belongs to), so the engineer can
// tell before choosing; the adoption reads it once more. A closed finding says what became of
// it, which is also what this page shows right after the adoption.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/app/ui/page-header";
import { PortalText } from "@/app/ui/portal-text";
import { providerOfKind } from "@/app/ui/provider-words";
import { SearchBox } from "@/app/ui/search-box";
import { TimeText } from "@/app/ui/time-text";
import { requireRole } from "@/lib/auth/session";
import { isOrderKindValue } from "@/lib/orders/vocabulary";
import { oneParam } from "@/lib/pagination/list-address";
import { readFindingResource } from "@/lib/services/drift-actions";
import { ADOPTION_MATCHES, adoptionCustomers, findingById } from "@/lib/services/drift-reads";
import { identitySeen } from "@/lib/services/drift-seen";
import { SupportNav } from "../../_components/support-nav";
import { AdoptForm } from "../_components/adopt-form";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  await requireRole("support", "admin");
  return { title: (await getTranslations("supportDrift"))("adoptMetaTitle") };
}

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const RESOLUTIONS = new Set(["adopted", "marked_gone", "dismissed", "cleared"]);

export default async function AdoptPage({ params, searchParams }: Props) {
  const viewer = await requireRole("support", "admin");
  const { id } = await params;
  const q = oneParam(await searchParams, "q")?.slice(0, 100) ?? "";
  const finding = await findingById(viewer, id);
  // Only an unowned resource is adopted; the list links nothing else here.
  if (finding?.type !== "unowned") notFound();
  const [t, kinds] = await Promise.all([getTranslations("supportDrift"), getTranslations("kinds")]);
  const back = (
    <Link href="/support/drift" className="text-sm text-blue-800 underline">
      {t("backToList")}
    </Link>
  );
  const resource = (
    <p className="mb-4 text-sm">
      <span className="font-mono">
        {isOrderKindValue(finding.kind) ? kinds(finding.kind) : finding.kind} {finding.upstreamRef}
      </span>
      {" · "}
      {t("since")} <TimeText at={finding.detectedAt} />
    </p>
  );

  if (finding.resolvedAt) {
    const resolution = finding.resolution ?? "";
    return (
      <main id="main">
        <SupportNav role={viewer.role} current="/support/drift" />
        <PageHeader title={t("adoptTitle", { name: finding.naturalKey })} />
        {resource}
        <p role="status" className="mb-4">
          {t("closed", {
            resolution: RESOLUTIONS.has(resolution)
              ? t(`resolutions.${resolution as "adopted" | "marked_gone" | "dismissed" | "cleared"}`)
              : resolution,
          })}{" "}
          {finding.serviceId ? (
            <Link href={`/support/services/${finding.serviceId}`} className="text-blue-800 underline">
              {t("openService")}
            </Link>
          ) : null}
        </p>
        {back}
      </main>
    );
  }

  const [{ rows, more }, reading] = await Promise.all([
    adoptionCustomers(viewer, q),
    readFindingResource(viewer, finding),
  ]);
  const owner = reading.state === "found" ? reading.owner : null;
  const customers = rows.map((c) => ({
    value: c.id,
    label: `${c.reseller.name} — ${c.name}${c.reference ? ` (${c.reference})` : ""}`,
    // Said before adopting: for whom, and a warning when the provider names another reseller
    // (by name: what the engineer reads in both places).
    consequence: [
      t("adoptConfirm", { name: finding.naturalKey, customer: c.name, reseller: c.reseller.name }),
      owner && owner.resellerId !== c.reseller.id
        ? t("adoptConfirmOther", { field: owner.field, value: owner.value, owner: owner.resellerName })
        : "",
    ]
      .filter(Boolean)
      .join(" "),
  }));
  const identity = (
    <section aria-labelledby="identity-title" className="mb-4 rounded-md border border-slate-200 bg-white p-3 text-sm">
      <h2 id="identity-title" className="mb-2 font-semibold">
        {t("identityTitle")}
      </h2>
      {reading.state === "found" ? (
        <>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1" data-testid="resource-identity">
            {reading.identity.map((i) => (
              <div key={i.field} className="contents">
                <dt className="font-mono text-slate-700">{i.field}</dt>
                <dd>{i.value}</dd>
              </div>
            ))}
          </dl>
          {finding.kind === "grommunio_server" ? null : (
            <p className="mt-2" data-testid="resource-owner">
              {reading.owner
                ? t("identityOwner", {
                    field: reading.owner.field,
                    value: reading.owner.value,
                    reseller: reading.owner.resellerName,
                  })
                : t("identityNoOwner")}
            </p>
          )}
        </>
      ) : (
        <p role="alert" className="font-medium text-red-700">
          {reading.state === "absent" ? (
            t("identityAbsent")
          ) : reading.state === "deleted" ? (
            t("identityDeleted")
          ) : (
            <>
              {t("identityUnreadableNow")} <PortalText provider={providerOfKind(finding.kind)} text={reading.message} />
            </>
          )}
        </p>
      )}
    </section>
  );
  return (
    <main id="main">
      <SupportNav role={viewer.role} current="/support/drift" />
      <PageHeader title={t("adoptTitle", { name: finding.naturalKey })} description={t("adoptDescription")} />
      {resource}
      {identity}
      <SearchBox
        action={`/support/drift/${finding.id}`}
        id="adopt-search"
        label={t("findCustomer")}
        value={q}
        submit={t("search")}
        className="mb-2"
      />
      <p className="mb-4 text-sm" data-testid="adopt-matches">
        {more ? t("moreMatches", { count: ADOPTION_MATCHES }) : t("matches", { count: rows.length })}
      </p>
      <AdoptForm
        findingId={finding.id}
        seen={reading.state === "found" ? identitySeen(reading.identity, reading.owner?.resellerId ?? null) : ""}
        customers={customers}
        labels={{
          form: t("adopt"),
          customer: t("customer"),
          choose: t("choose"),
          adopt: t("adopt"),
          reason: t("actionReason"),
          adoptYes: t("adoptYes"),
          keep: t("keep"),
        }}
      />
      <p className="mt-6">{back}</p>
    </main>
  );
}
