import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTimeZone, getTranslations } from "next-intl/server";
import { PickerMessages } from "@/app/components/picker-messages";
import { buttonClass } from "@/app/ui/button";
import { Field, Input } from "@/app/ui/field";
import { PageHeader } from "@/app/ui/page-header";
import { CursorPagination } from "@/app/ui/pagination";
import { ResellerPicker } from "@/app/ui/reseller-picker";
import { Select } from "@/app/ui/select";
import { requireRole } from "@/lib/auth/session";
import { DATE_TIME } from "@/lib/i18n/formats";
import { auditFiltersIn, lastAuditVerification, listAuditEvents, parseAuditFilters } from "@/lib/support/audit-query";
import { resellerChoices } from "@/lib/support/reseller-options";
import { HealthBanner } from "../_components/health-banner";
import { SupportNav } from "../_components/support-nav";
import { AuditTable } from "./_components/audit-table";
import { verifyChainAction } from "./actions";
import { VerifyChainForm } from "./verify-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("audit"))("title") };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const TEXT_FILTERS = [
  { name: "actor", hint: "actorHint" },
  { name: "orderId" },
  { name: "action", hint: "actionHint" },
  { name: "from", type: "datetime-local" },
  { name: "to", type: "datetime-local" },
] as const;

export default async function AuditPage({ searchParams }: Props) {
  const viewer = await requireRole("support", "admin");
  const [params, t, format, timeZone] = await Promise.all([
    searchParams,
    getTranslations("audit"),
    getFormatter(),
    getTimeZone(),
  ]);
  const filters = parseAuditFilters(params);
  const cursor = typeof params.cursor === "string" ? params.cursor : undefined;
  const [page, verification, resellers] = await Promise.all([
    listAuditEvents(viewer, auditFiltersIn(filters, timeZone), { cursor }),
    lastAuditVerification(viewer),
    resellerChoices(viewer, { include: filters.resellerId }),
  ]);
  const base = new URLSearchParams(Object.entries(filters).filter(([, v]) => v) as Array<[string, string]>);
  const withCursor = (c: string) => {
    const p = new URLSearchParams(base);
    p.set("cursor", c);
    return `/support/audit?${p}`;
  };
  return (
    <main id="main">
      <PageHeader title={t("title")} description={t("description")} />
      <SupportNav role={viewer.role} current="/support/audit" />
      <HealthBanner viewer={viewer} />
      <section
        aria-label={t("verificationLabel")}
        data-testid="audit-verification"
        className="mb-4 rounded-md border border-slate-200 bg-white p-3 text-sm"
      >
        {verification ? (
          <p className={verification.ok ? "text-green-800" : "font-medium text-red-800"}>
            {verification.ok
              ? t("lastOk", { at: format.dateTime(verification.at, DATE_TIME), rows: verification.checkedRows })
              : t("lastBroken", {
                  at: format.dateTime(verification.at, DATE_TIME),
                  rows: verification.checkedRows,
                  row: verification.firstBrokenId ?? "?",
                })}
          </p>
        ) : (
          <p className="text-slate-700">{t("never")}</p>
        )}
        <VerifyChainForm label={t("verifyNow")} pendingLabel={t("verifying")} action={verifyChainAction} />
      </section>
      <search aria-label={t("filterLabel")}>
        <form
          method="get"
          action="/support/audit"
          className="mb-4 grid gap-3 rounded-md border border-slate-200 bg-white p-4 sm:grid-cols-3"
        >
          {resellers.searchable ? (
            <PickerMessages>
              <ResellerPicker
                id="a-resellerId"
                name="resellerId"
                label={t("reseller")}
                emptyLabel={t("anyReseller")}
                current={resellers.options[0]}
              />
            </PickerMessages>
          ) : (
            <Field id="a-resellerId" label={t("reseller")}>
              <Select
                id="a-resellerId"
                name="resellerId"
                placeholder={t("anyReseller")}
                defaultValue={filters.resellerId ?? ""}
                options={resellers.options}
              />
            </Field>
          )}
          {TEXT_FILTERS.map((f) => {
            const hint = "hint" in f ? t(f.hint) : undefined;
            return (
              <Field key={f.name} id={`a-${f.name}`} label={t(f.name)} hint={hint}>
                <Input
                  id={`a-${f.name}`}
                  name={f.name}
                  type={"type" in f ? f.type : "text"}
                  defaultValue={filters[f.name] ?? ""}
                  hint={hint}
                />
              </Field>
            );
          })}
          <div className="flex items-end gap-2">
            <button type="submit" className={buttonClass("primary")}>
              {t("apply")}
            </button>
            <Link href="/support/audit" className={buttonClass("ghost")}>
              {t("clear")}
            </Link>
          </div>
        </form>
      </search>
      <AuditTable rows={page.rows} />
      <CursorPagination
        firstHref={cursor ? `/support/audit?${base}` : undefined}
        nextHref={page.nextCursor ? withCursor(page.nextCursor) : undefined}
      />
    </main>
  );
}
