import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/app/ui/page-header";
import { TimeText } from "@/app/ui/time-text";
import { requireRole } from "@/lib/auth/session";
import { lastDriftRun, listOpenFindings } from "@/lib/services/drift-reads";
import { SupportNav } from "../_components/support-nav";
import { FindingTable } from "./_components/finding-table";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  await requireRole("support", "admin");
  return { title: (await getTranslations("supportDrift"))("metaTitle") };
}

export default async function DriftPage() {
  const viewer = await requireRole("support", "admin");
  const [findings, run, t] = await Promise.all([
    listOpenFindings(viewer),
    lastDriftRun(viewer),
    getTranslations("supportDrift"),
  ]);
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
      <FindingTable findings={findings} />
    </main>
  );
}
