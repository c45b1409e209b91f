import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/app/ui/page-header";
import { EmptyRow, Table, Td, Th } from "@/app/ui/table";
import { TimeText } from "@/app/ui/time-text";
import { requireRole } from "@/lib/auth/session";
import { isOrderKindValue } from "@/lib/orders/vocabulary";
import { readDifference } from "@/lib/services/drift";
import { adoptionCustomers, lastDriftRun, listOpenFindings } from "@/lib/services/drift-actions";
import { SupportNav } from "../_components/support-nav";
import { FindingForm } from "./finding-form";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  await requireRole("support", "admin");
  return { title: (await getTranslations("supportDrift"))("metaTitle") };
}

const TYPE_KEY = { missing: "typeMissing", changed: "typeChanged", unowned: "typeUnowned" } as const;
const isFindingType = (type: string): type is keyof typeof TYPE_KEY => type in TYPE_KEY;

export default async function DriftPage() {
  const viewer = await requireRole("support", "admin");
  const [findings, run, customers, t, kinds] = await Promise.all([
    listOpenFindings(viewer),
    lastDriftRun(viewer),
    adoptionCustomers(viewer),
    getTranslations("supportDrift"),
    getTranslations("kinds"),
  ]);
  // A stored difference is English; its facts (the upstream's field name and both values) are shown as they are.
  const differenceWords = (text: string) => {
    const d = readDifference(text);
    return d ? t("differenceLine", d) : text;
  };
  // The client form gets its words from here, so the console's texts never reach a reseller's browser.
  const labels = {
    customer: t("customer"),
    choose: t("choose"),
    adopt: t("adopt"),
    recreate: t("recreate"),
    recreateHint: t("recreateHint"),
    markGone: t("markGone"),
    reason: t("reason"),
    dismiss: t("dismiss"),
  };
  const options = customers.map((c) => ({ value: c.id, label: `${c.reseller.name} — ${c.name}` }));
  return (
    <main>
      <SupportNav role={viewer.role} current="/support/drift" />
      <PageHeader title={t("title")} description={t("description")} />
      <p className="mb-4 text-sm">
        {run ? (
          <>
            {t.rich(run.finishedAt ? "lastRunDone" : "lastRunRunning", {
              when: () => <TimeText at={run.startedAt} />,
              scanned: run.scanned,
              found: run.found,
            })}
            {run.message ? t("couldNotList", { message: run.message }) : ""}.
          </>
        ) : (
          t("noRun")
        )}
      </p>
      <Table caption={t("caption")} stacked>
        <thead>
          <tr>
            <Th>{t("resource")}</Th>
            <Th>{t("difference")}</Th>
            <Th>{t("since")}</Th>
            <Th>{t("act")}</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {findings.length === 0 ? <EmptyRow colSpan={4}>{t("none")}</EmptyRow> : null}
          {findings.map((f) => {
            const diff = (f.details as { differences?: string[] } | null)?.differences;
            return (
              <tr key={f.id}>
                <Td label={t("resource")}>
                  <span className="font-medium">{f.naturalKey}</span>
                  <span className="block font-mono text-xs">
                    {isOrderKindValue(f.kind) ? kinds(f.kind) : f.kind} {f.upstreamRef}
                  </span>
                  {f.serviceId ? (
                    <Link className="text-xs text-blue-800 underline" href={`/support/services/${f.serviceId}`}>
                      {t("service")}
                    </Link>
                  ) : null}
                </Td>
                <Td label={t("difference")}>
                  {isFindingType(f.type) ? t(TYPE_KEY[f.type]) : f.type}
                  {diff ? <span className="block text-xs">{diff.map(differenceWords).join("; ")}</span> : null}
                </Td>
                <Td label={t("since")} className="whitespace-nowrap">
                  <TimeText at={f.detectedAt} />
                </Td>
                <Td label={t("act")}>
                  <FindingForm findingId={f.id} type={f.type} customers={options} labels={labels} />
                </Td>
              </tr>
            );
          })}
        </tbody>
      </Table>
    </main>
  );
}
